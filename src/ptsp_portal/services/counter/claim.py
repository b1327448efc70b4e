"""``POST /ptsp/++api++/@claim``: ``{"tracking_number", "claim_code"}``.

A logged-in citizen claims a counter application with the receipt's code
(``counter.claims``): ``200`` ``{"@id", "tracking_number"}``; ``400`` with
a message per field (wrong number or code, an account without the
application's NIK); ``401`` anonymous; ``403`` the code is locked after too
many wrong tries; ``429`` with ``Retry-After`` when this address tried too
often.  A wrong code is counted (the answer is not a doomed transaction).
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from ptsp_portal import _
from ptsp_portal.counter import claims
from ptsp_portal.forms.checks import translate_errors
from ptsp_portal.services.base import JSONPostService
from zope.i18n import translate
from zope.interface import alsoProvides


class ClaimPost(JSONPostService):
    def body_limit(self):
        return 4096

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Cache-Control", "no-store")
        if api.user.is_anonymous():
            self.request.response.setHeader("WWW-Authenticate", 'Bearer realm="ptsp"')
            return self.error(401, "Unauthorized", _("Silakan masuk (login) terlebih dahulu."))
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        try:
            payload = self.read_body()
        except ValueError as exc:
            return self.error(400, "BadRequest", exc.args[0])
        if not isinstance(payload, dict):
            return self.error(400, "BadRequest", _("Isi permintaan harus berupa objek JSON."))
        user_id = api.user.get_current().getId()
        try:
            application = claims.claim(
                self.request, user_id, payload.get("tracking_number"), payload.get("claim_code")
            )
        except claims.ClaimError as exc:
            # not self.error(): a wrong code must stay counted (committed)
            self.request.response.setStatus(exc.status)
            if exc.retry_after:
                self.request.response.setHeader("Retry-After", str(exc.retry_after))
            message = _("Permohonan belum dapat ditautkan: periksa isian berikut.")
            return {
                "error": {
                    "type": "ValidationError",
                    "message": translate(message, context=self.request),
                    "errors": translate_errors(exc.errors, self.request),
                }
            }
        return {"@id": application.absolute_url(), "tracking_number": application.tracking_number}
