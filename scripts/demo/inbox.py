"""The web inbox of the demo mail catcher (standard library only).

``/``: every mail, newest first (``?kepada=<address>``: only those to one
address); ``/surat/<key>``: one mail, decoded (sender, recipients, subject,
date, the text with its links clickable); ``/surat/<key>/mentah``: the
message as received.  Everything taken from a mail is HTML-escaped; a mail
that has only HTML is shown as its text, never rendered.  The server
answers only requests addressed to it by its loopback name (``Host``), so
a web page cannot read it through DNS rebinding.
"""

from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses
from email.utils import parsedate_to_datetime
from html import escape
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs
from urllib.parse import quote
from urllib.parse import unquote
from urllib.parse import urlsplit

import mailbox
import os
import re

ENVELOPE_HEADER = "X-Demo-Rcpt-To"
# a Maildir key: <seconds>.M<microseconds>P<pid>Q<counter>.<host> (the host
# with "/" and ":" written as \057 and \072)
KEY_RE = re.compile(r"^[A-Za-z0-9._,=\\-]+$")
KEY_TIME_RE = re.compile(r"^(\d+)\.M(\d+)P\d+Q(\d+)")
URL_RE = re.compile(r"https?://[^\s<>\"']+")
TRAILING = ".,;:!?)]}'\""
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem;
       overflow-wrap: anywhere; }
ul.mails { list-style: none; padding: 0; }
ul.mails li { padding: .6rem 0; border-bottom: 1px solid #ddd; }
a.subject { display: block; font-weight: bold; }
.meta { color: #555; font-size: .9rem; }
dt { font-weight: bold; } dd { margin: 0 0 .5rem 0; }
pre { white-space: pre-wrap; word-wrap: break-word; background: #f6f6f6; padding: 1rem; }
.empty { color: #666; }
"""


def parse(raw):
    return BytesParser(policy=policy.default).parsebytes(raw)


class _Text(HTMLParser):
    """An HTML part as text: its words, and each link's address after it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "div", "tr", "li"):
            self.parts.append("\n")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://")):
                self.parts.append(f" {href} ")

    def handle_data(self, data):
        self.parts.append(data)


def body_text(message):
    """The text a reader sees: the text/plain parts, else the HTML as text."""
    plain, html = [], []
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html"):
            continue
        try:
            content = part.get_content()
        except (LookupError, ValueError):  # an unknown charset
            content = part.get_payload(decode=True).decode("utf-8", "replace")
        (plain if kind == "text/plain" else html).append(content)
    if plain:
        return "\n".join(plain).replace("\r\n", "\n")
    text = _Text()
    for content in html:
        text.feed(content)
    return re.sub(r"\n\s*\n+", "\n\n", "".join(text.parts)).strip()


def linkify(text):
    """``text`` escaped, its http(s) addresses as links (escaped too)."""
    out, position = [], 0
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        end = match.start() + len(url)
        out.append(escape(text[position : match.start()]))
        out.append(f'<a href="{escape(url, quote=True)}">{escape(url)}</a>')
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def recipients(message):
    """The envelope recipients (every address the mail went to)."""
    envelope = message.get(ENVELOPE_HEADER)
    if envelope:
        return [address.strip() for address in str(envelope).split(",") if address.strip()]
    fields = [str(value) for name in ("To", "Cc") for value in message.get_all(name, [])]
    return [address for _name, address in getaddresses(fields) if address]


def _date(message, key):
    """The ``Date`` header, else when the catcher received the mail."""
    try:
        return parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError):
        seconds = _delivered(key)[0]
        return datetime.fromtimestamp(seconds).astimezone() if seconds else None


def _delivered(key):
    match = KEY_TIME_RE.match(key)
    return tuple(int(n) for n in match.groups()) if match else (0, 0, 0)


def open_maildir(path):
    """The Maildir at ``path``, its ``tmp``, ``new`` and ``cur`` made if
    missing (``mailbox`` makes them only when the directory is new)."""
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(path, sub), mode=0o700, exist_ok=True)
    return mailbox.Maildir(path, create=False)


class Inbox:
    """The Maildir, read afresh for every request."""

    def __init__(self, maildir):
        self.maildir = str(maildir)

    def _box(self):
        return open_maildir(self.maildir)

    def entries(self):
        """``[(key, message)]``, newest first (by delivery: the key's time)."""
        box = self._box()
        entries = []
        for key in box.keys():
            try:
                raw = box.get_bytes(key)
            except KeyError:  # removed meanwhile
                continue
            entries.append((_delivered(key), key, parse(raw)))
        entries.sort(key=lambda entry: entry[:2], reverse=True)
        return [(key, message) for _when, key, message in entries]

    def raw(self, key):
        if not KEY_RE.match(key):
            return None
        try:
            return self._box().get_bytes(key)
        except KeyError:
            return None


def page(title, body):
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def list_page(entries, to=None):
    if to:
        entries = [(k, m) for k, m in entries if to.lower() in (a.lower() for a in recipients(m))]
    items = []
    for key, message in entries:
        date = _date(message, key)
        subject = escape(str(message["Subject"] or "(tanpa subjek)"))
        to_links = ", ".join(
            f'<a href="/?kepada={quote(address)}">{escape(address)}</a>' for address in recipients(message)
        )
        when = escape(date.strftime("%d-%m-%Y %H:%M") if date else "")
        items.append(
            f'<li><a class="subject" href="/surat/{quote(key)}">{subject}</a>'
            f'<div class="meta">{when} · kepada {to_links}</div></li>'
        )
    heading = "Kotak masuk demo" + (f": {to}" if to else "")
    body = [f"<h1>{escape(heading)}</h1>"]
    body.append(
        "<p>Semua email yang dikirim situs demo ada di sini; tidak satu pun dikirim ke luar. "
        '<a href="/">Muat ulang</a>' + (' · <a href="/">Semua email</a>' if to else "") + "</p>"
    )
    if items:
        body.append(f'<ul class="mails">{"".join(items)}</ul>')
    else:
        body.append('<p class="empty">Belum ada email.</p>')
    return page(heading, "".join(body))


def message_page(key, message):
    subject = str(message["Subject"] or "(tanpa subjek)")
    date = _date(message, key)
    fields = [
        ("Dari", str(message["From"] or "")),
        ("Kepada", ", ".join(recipients(message))),
        ("Subjek", subject),
        ("Tanggal", date.strftime("%d-%m-%Y %H:%M:%S %z") if date else ""),
    ]
    details = "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in fields)
    body = (
        '<p><a href="/">&larr; Kotak masuk demo</a></p>'
        f"<h1>{escape(subject)}</h1><dl>{details}</dl>"
        f'<pre class="body">{linkify(body_text(message))}</pre>'
        f'<p><a href="/surat/{quote(key)}/mentah">Lihat pesan mentah</a></p>'
    )
    return page(subject, body)


class Handler(BaseHTTPRequestHandler):
    server_version = "DemoInbox"
    sys_version = ""

    def log_message(self, format, *args):  # quiet: the portal's log is enough
        pass

    def _send(self, status, text, content_type="text/html; charset=utf-8"):
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _host_allowed(self):
        port = self.server.server_address[1]
        host = (self.headers.get("Host") or "").strip().lower()
        return host in {f"127.0.0.1:{port}", f"localhost:{port}"}

    def do_GET(self):
        if not self._host_allowed():
            return self._send(400, page("400", "<p>Alamat tidak dikenal.</p>"))
        url = urlsplit(self.path)
        inbox = self.server.inbox
        if url.path == "/":
            to = (parse_qs(url.query).get("kepada") or [""])[0].strip()
            return self._send(200, list_page(inbox.entries(), to or None))
        match = re.match(r"^/surat/([^/]+)(/mentah)?$", url.path)
        key = unquote(match.group(1)) if match else None
        raw = inbox.raw(key) if key else None
        if raw is None:
            return self._send(404, page("404", '<p>Email tidak ditemukan. <a href="/">Kotak masuk</a></p>'))
        if match.group(2):
            return self._send(200, raw.decode("utf-8", "replace"), "text/plain; charset=utf-8")
        return self._send(200, message_page(key, parse(raw)))

    do_HEAD = do_GET


class InboxServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, maildir, host, port):
        self.inbox = Inbox(maildir)
        super().__init__((host, port), Handler)


def make_server(maildir, host, port):
    return InboxServer(maildir, host, port)
