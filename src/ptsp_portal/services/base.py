"""What our POST services share: a JSON body read up to a limit, errors
that abort the transaction, and the refusal of cross-site requests."""

from plone.restapi.services import Service
from ptsp_portal import _
from urllib.parse import urlsplit
from zope.i18n import translate

import json
import transaction

CROSS_SITE = _(
    "Permintaan ditolak: kirim sebagai JSON (Content-Type: application/json) dari situs ini sendiri."
)


def _hostname(value):
    try:
        return (urlsplit(value if "//" in value else f"//{value}").hostname or "").lower()
    except ValueError:
        return ""


def is_cross_site(request):
    """A request a browser may have sent on behalf of another site.

    Only requests authenticated by a cookie matter (no ``Authorization``
    header: plone.session's ``__ac`` or plone.restapi's ``auth_token``); a
    client sending Basic or Bearer credentials chose to.  Such a request is
    refused unless its body is declared ``application/json`` (which another
    site cannot send without a CORS preflight) and neither ``Origin`` nor
    ``Sec-Fetch-Site`` names another site.  These services switch
    plone.protect off (a JSON client has no form token), so this is their
    CSRF protection.
    """
    if getattr(request, "_auth", None):
        return False
    content_type = (request.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return True
    if (request.get_header("Sec-Fetch-Site") or "").strip().lower() == "cross-site":
        return True
    origin = (request.get_header("Origin") or "").strip()
    if origin:
        own = {_hostname(request.get_header("Host") or ""), _hostname(request.get("SERVER_URL", ""))}
        own.discard("")
        if _hostname(origin) not in own:
            return True
    return False


class JSONPostService(Service):
    def body_limit(self):
        raise NotImplementedError

    def error(self, status, type_, message, errors=None):
        transaction.doom()
        self.request.response.setStatus(status)
        error = {"type": type_, "message": translate(message, context=self.request)}
        if errors is not None:
            error["errors"] = errors
        return {"error": error}

    def refuse_cross_site(self):
        """The 403 answer for a cross-site request, or None (see ``is_cross_site``)."""
        if is_cross_site(self.request):
            return self.error(403, "Forbidden", CROSS_SITE)
        return None

    def read_body(self):
        """The JSON body, read from the request's body file (not through
        Zope's form memory limit) up to ``body_limit()``; raises
        ``ValueError`` with the message for the client."""
        limit = self.body_limit()
        try:
            length = int(self.request.get_header("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > limit:
            raise ValueError(_("Permintaan terlalu besar."))
        body = self.request.get("BODYFILE")
        if body is not None:
            body.seek(0)
            raw = body.read(limit + 1)
            body.seek(0)
        else:
            raw = self.request.get("BODY") or b""
        if len(raw) > limit:
            raise ValueError(_("Permintaan terlalu besar."))
        try:
            return json.loads(raw or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValueError(_("Isi permintaan bukan JSON yang sah.")) from None
