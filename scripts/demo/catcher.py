"""The demo mail catcher: an SMTP server and a web inbox, on 127.0.0.1 only.

``python -m scripts.demo.catcher --maildir DIR --smtp-port 8025 --http-port 8026``

Every message the demo site sends (registration links, password resets,
notifications) is accepted, whoever it is addressed to, and kept in the
Maildir ``DIR`` (``instance/var/demo-mail`` under ``make start``); nothing
is relayed anywhere.  The web inbox (``inbox.py``) lists and shows them.
Both listen on 127.0.0.1 only: the inbox holds links that set passwords.
With ``--parent-pid`` the catcher ends when that process does (``make
start`` hands over to the Zope server, and the catcher follows it).
"""

from aiosmtpd.controller import Controller
from pathlib import Path
from scripts.demo.inbox import ENVELOPE_HEADER
from scripts.demo.inbox import make_server
from scripts.demo.inbox import open_maildir

import argparse
import os
import sys
import threading
import time

HOST = "127.0.0.1"  # never another interface: the mails hold password links


class MaildirHandler:
    """aiosmtpd handler: every message into the Maildir, with the envelope
    recipients in a header (a Bcc leaves no other trace)."""

    def __init__(self, maildir):
        self.maildir = str(maildir)
        open_maildir(self.maildir)

    async def handle_DATA(self, server, session, envelope):
        recipients = ", ".join(envelope.rcpt_tos).replace("\r", "").replace("\n", "")
        content = envelope.original_content or envelope.content
        raw = f"{ENVELOPE_HEADER}: {recipients}\r\n".encode() + content
        open_maildir(self.maildir).add(raw)  # tmp/ then new/: atomic
        return "250 Message accepted for delivery"


class Catcher:
    """The SMTP server (a thread of aiosmtpd's) and the web inbox."""

    def __init__(self, maildir, smtp_port, http_port):
        self.maildir = Path(maildir)
        # server_hostname: no getfqdn(), which waits for DNS on some machines
        self.smtp = Controller(
            MaildirHandler(self.maildir), hostname=HOST, port=smtp_port, server_hostname="localhost"
        )
        self.http = make_server(self.maildir, HOST, http_port)
        self._http_thread = None

    @property
    def smtp_port(self):
        return self.smtp.port

    @property
    def http_port(self):
        return self.http.server_address[1]

    @property
    def inbox_url(self):
        return f"http://{HOST}:{self.http_port}/"

    def start(self):
        self.smtp.start()
        self._http_thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self._http_thread.start()
        return self

    def stop(self):
        self.http.shutdown()
        self.http.server_close()
        self.smtp.stop()


def _parent_gone(parent_pid):
    return os.getppid() != parent_pid


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--smtp-port", type=int, default=8025)
    parser.add_argument("--http-port", type=int, default=8026)
    parser.add_argument("--parent-pid", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        catcher = Catcher(args.maildir, args.smtp_port, args.http_port)
    except OSError as exc:  # the inbox port
        print(f"demo mail: cannot listen on {HOST}:{args.http_port}: {exc.strerror}", file=sys.stderr)
        return 3
    try:
        catcher.start()
    except Exception as exc:  # aiosmtpd wraps the bind error of the SMTP port
        catcher.http.server_close()
        print(f"demo mail: cannot listen on {HOST}:{args.smtp_port}: {exc}", file=sys.stderr)
        return 3
    try:
        while args.parent_pid is None or not _parent_gone(args.parent_pid):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        catcher.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
