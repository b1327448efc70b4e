"""Whether a citizen can register online now, and whom to ask otherwise.

Plone's self-registration (``@@register``) mails a link to set the password
(``enable_user_pwd_choice`` is off: that link confirms the address).  Without
a mail server and a sender address (Site Setup > Mail) Plone refuses to
register, in English.  The portal asks the same question as Plone
(``mail_configured``: the test of Plone's ``mailhost_warning``) and, when
registration cannot work, says so in the site's language with the office's
contact, on the permit page's apply box and on ``@@register`` itself.
"""

from plone import api

import re


def _record(name, default=None):
    return api.portal.get_registry_record(name, default=default)


def mail_configured():
    """A mail server and a sender address are set (Plone's own test)."""
    host = (_record("plone.smtp_host") or "").strip()
    return bool(host and (_record("plone.email_from_address") or "").strip())


def self_registration_enabled():
    return bool(_record("plone.enable_self_reg", False))


def registration_unavailable():
    """Self-registration is on, but needs a mail the site cannot send."""
    if not self_registration_enabled() or _record("plone.enable_user_pwd_choice", False):
        return False
    return not mail_configured()


def _lines(text):
    return [line.strip() for line in re.split(r"[\r\n]+", text or "") if line.strip()]


def office_contact():
    """The office as the letterhead names it (Pengaturan PTSP): ``{"name":
    [lines], "address": [lines]}``; the site title when no name is set."""
    name = _lines(_record("ptsp_portal.office_name")) or [api.portal.get().Title()]
    return {"name": name, "address": _lines(_record("ptsp_portal.office_address"))}
