"""The demo mail catcher and its web inbox (scripts/demo), the files make
site leaves for make start, and what make start prints."""

from email.message import EmailMessage
from pathlib import Path
from scripts.cluster import __main__ as cluster_main
from scripts.cluster import processes as cluster_processes
from scripts.cluster.config import Cluster
from scripts.demo import state
from scripts.demo.catcher import Catcher
from scripts.demo.start import banner
from scripts.demo.start import site_base_url
from tests.notifications.test_smtp import free_port
from unittest import mock

import http.client
import os
import re
import smtplib
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

ROOT = Path(__file__).resolve().parents[2]
RESET = "http://localhost:8080/ptsp/passwordreset/4f1c2e?userid=dewi%40example.org&x=1"


class CatcherCase(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.maildir = Path(tmp.name) / "demo-mail"
        self.catcher = Catcher(self.maildir, free_port(), free_port()).start()
        self.addCleanup(self.catcher.stop)

    def send(self, message, to_addrs=None):
        with smtplib.SMTP("127.0.0.1", self.catcher.smtp_port, local_hostname="localhost") as smtp:
            smtp.send_message(message, to_addrs=to_addrs)

    def get(self, path, host=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.catcher.http_port, timeout=10)
        self.addCleanup(connection.close)
        headers = {"Host": host} if host else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")

    def message(self, subject, body, to="Dewi Lestari <dewi@example.org>", html=None):
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = "DPMPTSP Kabupaten Contoh <noreply@ptsp.example.org>"
        message["To"] = to
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
        return message

    def keys(self, html):
        return re.findall(r'href="/surat/([^"/]+)"', html)


class TestCatcher(CatcherCase):
    def test_loopback_only(self):
        self.assertEqual(self.catcher.http.server_address[0], "127.0.0.1")
        self.assertEqual(self.catcher.smtp.hostname, "127.0.0.1")
        self.assertTrue(self.catcher.inbox_url.startswith("http://127.0.0.1:"))

    def test_empty_inbox(self):
        status, headers, html = self.get("/")
        self.assertEqual(status, 200)
        self.assertIn("Belum ada email.", html)
        self.assertIn("default-src 'none'", headers["Content-Security-Policy"])
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(headers["Referrer-Policy"], "no-referrer")

    def test_mail_listed_and_shown_with_clickable_links(self):
        self.send(self.message("Akun Anda di DPMPTSP", f"Buat kata sandi Anda:\n{RESET}.\n\nHormat kami"))
        self.send(self.message("[PTSP-2026-000009] Permohonan diterima", "Yth. Dewi"))
        status, _headers, html = self.get("/")
        self.assertEqual(status, 200)
        subjects = re.findall(r'class="subject"[^>]*>([^<]+)<', html)
        self.assertEqual(subjects, ["[PTSP-2026-000009] Permohonan diterima", "Akun Anda di DPMPTSP"])
        self.assertIn("dewi@example.org", html)
        key = self.keys(html)[1]
        status, _headers, page = self.get(f"/surat/{key}")
        self.assertEqual(status, 200)
        self.assertIn("<h1>Akun Anda di DPMPTSP</h1>", page)
        self.assertIn("noreply@ptsp.example.org", page)
        # the link without the sentence's full stop, & escaped in the attribute
        href = RESET.replace("&", "&amp;")
        self.assertIn(f'<a href="{href}">{href}</a>.', page)
        status, headers, raw = self.get(f"/surat/{key}/mentah")
        self.assertEqual(headers["Content-Type"], "text/plain; charset=utf-8")
        self.assertIn("Subject: Akun Anda di DPMPTSP", raw)

    def test_everything_from_a_mail_is_escaped(self):
        evil = '<script>alert("x")</script>'
        self.send(
            self.message(
                f"Subjek {evil}",
                f'Teks {evil} dan http://contoh.test/"onmouseover=alert(1)',
                to=f'"{evil}" <dewi@example.org>',
            )
        )
        _status, _headers, html = self.get("/")
        self.assertNotIn("<script>", html)
        self.assertIn("Subjek &lt;script&gt;", html)
        _status, _headers, page = self.get(f"/surat/{self.keys(html)[0]}")
        self.assertNotIn("<script>", page)
        self.assertIn("Teks &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", page)
        self.assertIn('<a href="http://contoh.test/">', page)
        self.assertNotIn('onmouseover=alert(1)"', page)

    def test_html_only_mail_is_shown_as_text(self):
        message = EmailMessage()
        message["Subject"] = "HTML"
        message["To"] = "dewi@example.org"
        message.set_content(
            '<p>Halo <b>Dewi</b></p><p><a href="https://ptsp.test/lacak">lacak</a></p><script>x()</script>',
            subtype="html",
        )
        self.send(message)
        _status, _headers, html = self.get("/")
        _status, _headers, page = self.get(f"/surat/{self.keys(html)[0]}")
        body = re.search(r'<pre class="body">(.*?)</pre>', page, re.S).group(1)
        self.assertIn("Halo Dewi", body)
        self.assertIn('<a href="https://ptsp.test/lacak">', body)
        self.assertNotIn("<b>", body)
        self.assertNotIn("<script", body)

    def test_filter_by_recipient_including_bcc(self):
        self.send(self.message("Untuk Dewi", "a"))
        self.send(self.message("Tugas baru", "b", to="vera@example.org"), to_addrs=["vera@example.org"])
        self.send(self.message("Tembusan", "c"), to_addrs=["dewi@example.org", "arsip@example.org"])
        _status, _headers, html = self.get("/?kepada=arsip%40example.org")
        self.assertEqual(re.findall(r'class="subject"[^>]*>([^<]+)<', html), ["Tembusan"])
        _status, _headers, html = self.get("/?kepada=dewi@example.org")
        self.assertEqual(len(self.keys(html)), 2)

    def test_refused_requests(self):
        # DNS rebinding: a page of another site reaching 127.0.0.1 by name
        status, _headers, _html = self.get("/", host=f"evil.example:{self.catcher.http_port}")
        self.assertEqual(status, 400)
        status, _headers, _html = self.get("/", host="localhost")
        self.assertEqual(status, 400)
        self.assertEqual(self.get("/", host=f"localhost:{self.catcher.http_port}")[0], 200)
        for path in ("/surat/tidak-ada", "/surat/..%2F..%2Fetc%2Fpasswd", "/surat/a/b", "/lain"):
            self.assertEqual(self.get(path)[0], 404, path)

    def test_messages_kept_in_a_maildir(self):
        self.send(self.message("Satu", "a"))
        self.assertEqual(len(os.listdir(self.maildir / "new")), 1)


class TestCatcherProcess(unittest.TestCase):
    def test_ends_with_its_parent(self):
        """make start becomes the Zope server; the catcher follows it."""
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        smtp_port, http_port = free_port(), free_port()
        script = (
            "import subprocess, sys, os, time\n"
            "child = subprocess.Popen([sys.executable, '-m', 'scripts.demo.catcher',"
            " '--maildir', sys.argv[1], '--smtp-port', sys.argv[2], '--http-port', sys.argv[3],"
            " '--parent-pid', str(os.getpid())])\n"
            "print(child.pid, flush=True)\n"
            "import urllib.request\n"
            "for _ in range(100):\n"
            "    try:\n"
            "        urllib.request.urlopen(f'http://127.0.0.1:{sys.argv[3]}/', timeout=1); break\n"
            "    except OSError: time.sleep(0.1)\n"
        )
        parent = subprocess.run(
            [sys.executable, "-c", script, tmp.name, str(smtp_port), str(http_port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(parent.returncode, 0, parent.stderr)
        self.assertNotIn("Traceback", parent.stderr)
        pid = int(parent.stdout.split()[0])
        # the inbox stops answering: the catcher ended (a zombie left to
        # init would still answer kill(pid, 0), so its ports are asked)
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", http_port, timeout=1).request("GET", "/")
            except ConnectionRefusedError:
                break
            time.sleep(0.1)
        else:
            os.kill(pid, 15)
            self.fail("the catcher outlived its parent")


class TestState(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = Path(tmp.name)

    def test_accounts_file(self):
        rows = [
            ("Warga (pemohon)", "warga-contoh", "Ab-_12cd34EF56gh"),
            ("Verifikator", "verifikator-contoh", "x" * 16),
        ]
        path = state.write_accounts(self.dir, rows)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(
            path.read_text(encoding="utf-8"),
            "Warga (pemohon) — login: warga-contoh — sandi: Ab-_12cd34EF56gh\n"
            "Verifikator — login: verifikator-contoh — sandi: xxxxxxxxxxxxxxxx\n",
        )
        self.assertEqual(state.read_accounts(self.dir), rows)
        state.write_accounts(self.dir, [])
        self.assertFalse(path.exists())
        self.assertEqual(state.read_accounts(self.dir), [])


DEMO_STATUS = {
    "site_id": "ptsp",
    "demo_accounts": [
        {"login": "warga-contoh", "role": "Warga (pemohon)"},
        {"login": "verifikator-contoh", "role": "Verifikator"},
    ],
    "mail_catcher_port": 8025,
}


class TestBanner(unittest.TestCase):
    def test_demo(self):
        rows = [
            ("Warga (pemohon)", "warga-contoh", "sandi-warga-123456"),
            ("Verifikator", "verifikator-contoh", "s2"),
        ]
        text = banner(DEMO_STATUS, rows, "http://localhost:8080/ptsp", "admin", "http://127.0.0.1:8026/")
        lines = text.splitlines()
        self.assertIn("  Warga (pemohon) — login: warga-contoh — sandi: sandi-warga-123456", lines)
        self.assertIn("  Verifikator — login: verifikator-contoh — sandi: s2", lines)
        self.assertIn("http://127.0.0.1:8026/", text)
        self.assertIn("http://localhost:8080/ptsp/@@coba-portal", text)
        self.assertIn("http://localhost:8080/ptsp/@@lacak", text)
        self.assertIn("must never exist on a production site", text)
        # the accounts, then the URLs, then the warning
        self.assertLess(text.index("sandi: s2"), text.index("@@coba-portal"))
        self.assertLess(text.index("@@coba-portal"), text.index("WARNING"))

    def test_account_whose_password_is_unknown(self):
        text = banner(DEMO_STATUS, [], "http://localhost:8080/ptsp", "admin", None)
        self.assertIn("Verifikator — login: verifikator-contoh — sandi: (unknown", text)

    def test_production(self):
        status = {"site_id": "ptsp", "demo_accounts": [], "mail_catcher_port": None}
        text = banner(status, [], "http://localhost:8080/ptsp", "admin", None)
        self.assertNotIn("WARNING", text)
        self.assertNotIn("sandi", text)
        self.assertNotIn("Inbox", text)
        self.assertIn("http://localhost:8080/ptsp/login", text)
        self.assertNotIn("WARNING", banner(None, [], "http://localhost:8080/ptsp", "admin", None))

    def test_site_url(self):
        self.assertEqual(site_base_url("localhost:8080", "ptsp"), "http://localhost:8080/ptsp")
        self.assertEqual(site_base_url("0.0.0.0:8081", "ptsp"), "http://localhost:8081/ptsp")
        self.assertEqual(site_base_url("127.0.0.1:8081 [::1]:8082", "x"), "http://127.0.0.1:8081/x")


class TestClusterDemoMail(unittest.TestCase):
    """``make cluster`` runs the demo mail catcher as one of its pieces when
    the site's mail goes to it, and prints the demo accounts as ``make
    start`` does; ``make cluster-stop`` stops the catcher too."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        root = Path(tmp.name)
        (root / "instance.yaml").write_text(
            "default_context:\n  initial_user_password: rahasia-123\n"
            f"  wsgi_listen: localhost:{free_port()}\n"
        )
        (root / "cluster.yaml").write_text(
            f"directory: {root / 'cluster'}\ninstance_base_port: {free_port()}\n"
            f"balancer_listen: 127.0.0.1:{free_port()}\npostgresql_port: {free_port()}\n"
        )
        self.cluster = Cluster(root / "instance.yaml", root / "cluster.yaml")
        self.clienthome = cluster_main.demo_clienthome(self.cluster)
        self.smtp_port, self.http_port = free_port(), free_port()
        self.addCleanup(cluster_main.down, self.cluster)

    def test_catcher_started_with_the_cluster_and_stopped_with_it(self):
        state.write_status(
            self.clienthome,
            {
                "site_id": "ptsp",
                "demo_accounts": [{"role": "Warga", "login": "warga-contoh"}],
                "mail_catcher_port": self.smtp_port,
            },
        )
        with mock.patch.dict(os.environ, {"DEMO_INBOX_PORT": str(self.http_port)}):
            inbox_url = cluster_main.start_demo_mail(self.cluster)
        self.assertEqual(inbox_url, f"http://127.0.0.1:{self.http_port}/")
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "ptsp@example.org",
            "warga@example.org",
            "Uji klaster",
        )
        message.set_content("Isi")
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as smtp:
            smtp.send_message(message)
        with urllib.request.urlopen(inbox_url, timeout=10) as response:
            self.assertIn("Uji klaster", response.read().decode())
        cluster_main.down(self.cluster)
        with self.assertRaises(OSError):
            urllib.request.urlopen(inbox_url, timeout=2)

    def test_no_catcher_for_a_real_mail_server(self):
        state.write_status(
            self.clienthome, {"site_id": "ptsp", "demo_accounts": [], "mail_catcher_port": None}
        )
        self.assertIsNone(cluster_main.start_demo_mail(self.cluster))
        self.assertIsNone(cluster_processes.pid(self.cluster.var, "mail"))
