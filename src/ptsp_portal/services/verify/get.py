"""``GET <site>/++api++/@verify?code=<verification code>``

The REST twin of ``@@verifikasi``: the same ``verify(code)``, the same small
answer (``status`` valid/expired/revoked with ``status_title``, permit
number, permit type, masked holder name, ISO dates, revocation date and
reason).  400 for a missing or malformed code, 404 for an unknown one, 429
(with ``Retry-After``) when one address looks up too often.
"""

from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.documents.verification import FIELDS
from ptsp_portal.documents.verification import MalformedCode
from ptsp_portal.documents.verification import STATUS_TITLES
from ptsp_portal.documents.verification import too_many_message
from ptsp_portal.documents.verification import verify
from ptsp_portal.security import ratelimit
from zope.i18n import translate


class VerifyGet(Service):
    def error(self, status, kind, message):
        self.request.response.setStatus(status)
        return {"error": {"type": kind, "message": translate(message, context=self.request)}}

    def reply(self):
        self.request.response.setHeader("Cache-Control", "no-store")
        try:
            ratelimit.check(self.request, "verify")
        except ratelimit.RateLimited as exc:
            self.request.response.setHeader("Retry-After", str(exc.retry_after))
            return self.error(429, "TooManyRequests", too_many_message(exc.retry_after))
        code = self.request.form.get("code")
        if not isinstance(code, str) or not code.strip():
            return self.error(400, "BadRequest", _('Parameter "code" wajib diisi.'))
        try:
            result = verify(code.strip())
        except MalformedCode:
            return self.error(400, "BadRequest", _("Kode verifikasi tidak valid."))
        if result is None:
            return self.error(404, "NotFound", _("Kode verifikasi tidak dikenal."))
        answer = {name: result[name] for name in FIELDS}
        answer["status_title"] = translate(STATUS_TITLES[result["status"]], context=self.request)
        return answer
