"""Through a real Varnish with the cluster's VCL (scripts/cluster): public
pages are stored and served again, a second user never gets the first
user's page, nor a JSON client the HTML, nor one language the other."""

from plone import api
from plone.cachepurging.purger import DEFAULT_PURGER
from scripts.cluster.render import vcl
from tests.base import DemoSiteHttpTestCase
from tests.base import PASSWORD
from tests.postgresql import free_port

import os
import requests
import shutil
import subprocess
import tempfile
import time
import transaction

VARNISHD = "/usr/sbin/varnishd"


class Varnish:
    def __init__(self, backend_host, backend_port):
        if not os.access(VARNISHD, os.X_OK):
            # never a skip: `make test-deps` installs Debian's varnish
            raise RuntimeError("varnishd not found: run `make test-deps` (apt-get install varnish)")
        self.directory = tempfile.mkdtemp(prefix="ptsp-varnish-")
        self.port = free_port()
        path = os.path.join(self.directory, "test.vcl")
        with open(path, "w") as stream:
            stream.write(vcl(backend_host, backend_port))
        command = [
            VARNISHD, "-F", "-j", "none", "-n", os.path.join(self.directory, "work"),
            "-a", f"127.0.0.1:{self.port}", "-f", path, "-s", "malloc,32M", "-T", "127.0.0.1:0",
            "-p", "vsl_space=1M",
        ]  # fmt: skip
        self.log = open(os.path.join(self.directory, "varnishd.log"), "wb")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        for _attempt in range(300):
            if self.process.poll() is not None:
                raise RuntimeError(open(self.log.name).read())
            try:
                # connected quickly once it listens; the site behind may
                # answer its first request slowly on a busy machine
                requests.get(self.url, timeout=(1, 60))
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("varnishd did not answer")

    def stop(self):
        self.process.terminate()
        self.process.wait(30)
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


class TestVarnishPrivacy(DemoSiteHttpTestCase):
    USERS = {"warga-satu": (), "warga-dua": ()}

    def setUp(self):
        super().setUp()
        self.varnish = Varnish(self.layer["host"], self.layer["port"])
        self.addCleanup(self.varnish.stop)
        self.front = f"{self.varnish.url}/{self.site_url.rsplit('/', 1)[1]}"

    def get(self, path, user_id=None, **kwargs):
        auth = (user_id, PASSWORD) if user_id else None
        return requests.get(f"{self.front}/{path}", auth=auth, allow_redirects=False, **kwargs)

    def test_public_page_is_stored_and_shows_hits(self):
        first = self.get("layanan")
        second = self.get("layanan")
        self.assertEqual(second.status_code, 200)
        self.assertEqual((first.headers["X-Cache"], second.headers["X-Cache"]), ("MISS", "HIT"))
        self.assertIn("X-Varnish", second.headers)
        self.assertIn("Age", second.headers)

    def test_a_second_user_never_gets_the_first_users_page(self):
        mine = self.get("layanan", user_id="warga-satu")
        self.assertEqual(mine.status_code, 200)
        self.assertIn("Pengguna warga-satu", mine.text)
        self.assertEqual(mine.headers["Cache-Control"], "private, no-store")
        for user_id in (None, "warga-dua"):
            other = self.get("layanan", user_id=user_id)
            self.assertEqual(other.status_code, 200)
            self.assertNotIn("Pengguna warga-satu", other.text, f"{user_id} got warga-satu's page")
        self.assertIn("Pengguna warga-dua", self.get("layanan", user_id="warga-dua").text)
        # a forged login cookie passes the cache too: never a stored page
        self.assertEqual(self.get("layanan", cookies={"__ac": "x"}).headers["X-Cache"], "MISS")

    def test_json_and_html_are_kept_apart(self):
        html = self.get("layanan")
        self.assertEqual(self.get("layanan").headers["X-Cache"], "HIT")
        json = self.get("layanan", headers={"Accept": "application/json"})
        self.assertEqual(json.headers["Content-Type"].split(";")[0], "application/json")
        self.assertEqual(json.json()["@id"].rsplit("/", 1)[1], "layanan")
        again = self.get("layanan", headers={"Accept": "text/html"})
        self.assertEqual(again.headers["Content-Type"].split(";")[0], "text/html")
        self.assertEqual(html.headers["Content-Type"].split(";")[0], "text/html")

    def test_languages_are_kept_apart(self):
        indonesian = self.get("layanan")
        self.assertEqual(self.get("layanan").headers["X-Cache"], "HIT")
        english = self.get("layanan", cookies={"I18N_LANGUAGE": "en"})
        self.assertEqual(english.headers["X-Cache"], "MISS")
        self.assertIn('lang="en"', english.text)
        self.assertIn('lang="id"', indonesian.text)

    def test_personal_answers_are_never_stored(self):
        for path in ("@@lacak?nomor=PTSP-1999-000001", "@@permohonan-saya", "@@verifikasi"):
            with self.subTest(path=path):
                self.get(path)
                again = self.get(path)
                self.assertEqual(again.headers["X-Cache"], "MISS")
                self.assertEqual(again.headers["Cache-Control"], "private, no-store")


class TestPurgeOnEdit(DemoSiteHttpTestCase):
    """An editor's change of a permit type reaches the cache at once:
    plone.cachepurging sends PURGE after the commit (security/purging.py adds
    the catalogue and the home page) and the next read is a MISS with the new
    title."""

    USERS = {"editor-purge": ("ptsp-editors",)}
    PURGING = "plone.cachepurging.interfaces.ICachePurgingSettings."

    def setUp(self):
        super().setUp()
        self.varnish = Varnish(self.layer["host"], self.layer["port"])
        self.addCleanup(self.varnish.stop)
        self.addCleanup(DEFAULT_PURGER.stopThreads, True)  # its worker thread for this Varnish
        self.front = f"{self.varnish.url}/{self.site_url.rsplit('/', 1)[1]}"
        brains = api.content.find(portal_type="PermitType", sort_on="getObjPositionInParent")
        self.permit = brains[0].getObject()
        self.path = "/".join(self.permit.getPhysicalPath()[len(self.portal.getPhysicalPath()) :])
        self.title = self.permit.title

    def proxies(self, *urls):
        api.portal.set_registry_record(self.PURGING + "enabled", True)
        api.portal.set_registry_record(self.PURGING + "cachingProxies", urls)
        transaction.commit()

    def get(self, path):
        return requests.get(f"{self.front}/{path}", allow_redirects=False, timeout=30)

    def cached(self, path):
        """Read ``path`` until the cache serves it (a HIT)."""
        self.get(path)
        answer = self.get(path)
        self.assertEqual((answer.status_code, answer.headers["X-Cache"]), (200, "HIT"), path)
        self.assertIn(self.title, answer.text)
        return answer

    def edit(self, title):
        session = self.session("editor-purge")
        answer = session.patch(self.path, json={"title": title})
        self.assertEqual(answer.status_code, 204, answer.text)

    def wait_for(self, path, title):
        """The answer once the cache has forgotten the old page (the PURGE
        comes from plone.cachepurging's worker thread after the commit)."""
        for _attempt in range(300):
            answer = self.get(path)
            if answer.headers["X-Cache"] == "MISS" and title in answer.text:
                return answer
            time.sleep(0.1)
        self.fail(f"{path}: still {answer.headers['X-Cache']} with the old page, no purge arrived")

    def test_edit_purges_the_page_the_catalogue_and_the_home_page(self):
        self.proxies(self.varnish.url)
        pages = (self.path, "layanan", "")
        for path in pages:
            self.cached(path)
        new_title = f"{self.title} (diubah)"
        self.edit(new_title)
        for path in pages:
            with self.subTest(path=path):
                answer = self.wait_for(path, new_title)
                self.assertEqual(answer.status_code, 200)
                # and the new page is kept again
                again = self.get(path)
                self.assertEqual(again.headers["X-Cache"], "HIT")
                self.assertIn(new_title, again.text)

    def test_without_a_proxy_the_cache_keeps_the_old_page(self):
        # what the purge saves us from: the stored page outlives the edit
        self.proxies()
        self.cached(self.path)
        self.edit(f"{self.title} (tanpa purge)")
        stale = self.get(self.path)
        self.assertEqual(stale.headers["X-Cache"], "HIT")
        self.assertIn(self.title, stale.text)
        self.assertNotIn("(tanpa purge)", stale.text)
