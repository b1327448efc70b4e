"""The demo site's mail: Plone's MailHost pointed at the demo mail catcher
(``scripts/demo/catcher.py``, run by ``make start``) on this machine, with a
sender address, so that registration, password resets and notifications
work on a demo without an external server.  Only a demo site gets it; a site
for a real office sets its SMTP server in Site Setup > Mail."""

from plone import api
from ptsp_portal.demo.accounts import is_demo

import os

HOST = "127.0.0.1"
DEFAULT_PORT = 8025
PORT_VARIABLE = "DEMO_MAIL_PORT"
SENDER = "noreply@ptsp.example.org"
# the web inbox of the catcher, when make start runs it (for @@coba-portal)
INBOX_URL_VARIABLE = "PTSP_DEMO_INBOX_URL"


def demo_mail_port():
    """The catcher's SMTP port: ``DEMO_MAIL_PORT`` (make start's), else 8025."""
    value = os.environ.get(PORT_VARIABLE, "").strip()
    return int(value) if value else DEFAULT_PORT


def use_demo_mail(site, port=None):
    """The MailHost sends to the catcher on ``HOST``; the site has a sender."""
    port = port or demo_mail_port()
    api.portal.set_registry_record("plone.smtp_host", HOST)
    api.portal.set_registry_record("plone.smtp_port", port)
    api.portal.set_registry_record("plone.email_from_address", SENDER)
    api.portal.set_registry_record("plone.email_from_name", site.Title())
    # Plone reads the server from the registry (its SMTPMailer patch); the
    # MailHost object says the same for anyone who looks at it
    mailhost = api.portal.get_tool("MailHost")
    mailhost.smtp_host = HOST
    mailhost.smtp_port = port


def demo_catcher_port():
    """The port of the demo catcher, on a demo site whose MailHost sends to
    this machine (the demo's setting); else ``None``.  A site for a real
    office never gets the catcher, even with Plone's default server
    (localhost:25)."""
    host = (api.portal.get_registry_record("plone.smtp_host", default="") or "").strip()
    if host not in (HOST, "localhost") or not is_demo():
        return None
    return api.portal.get_registry_record("plone.smtp_port", default=None) or None


def inbox_url():
    """The catcher's web inbox, when make start told the server (else ``None``)."""
    return os.environ.get(INBOX_URL_VARIABLE, "").strip() or None
