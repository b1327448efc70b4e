"""``PATCH <application-url>/@document-checks``

The officer of the step waiting now (verify, technical review, approval)
saves verdicts of the current submission round (``applications.checks``)::

    {"checks": [{"id": "<requirement id>", "verdict": "sesuai" | "tidak sesuai" | null,
                 "note": "foto buram"}]}

Only the rows given change (``verdict: null`` clears one); a note is
required with ``tidak sesuai``.  Answers 200 with ``GET``'s body; 400
``{"error": {"type": "ValidationError", "message", "errors": [{"field",
"message"}]}}`` with nothing saved; 401 anonymous; 403 for anyone who may not
check now (the applicant, an officer of another step, a decided
application), and for a cookie-authenticated request not sent as
``application/json`` or sent from another site.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from ptsp_portal import _
from ptsp_portal.applications import checks
from ptsp_portal.applications.writing import write_alone
from ptsp_portal.forms.checks import translate_errors
from ptsp_portal.services.base import JSONPostService
from ptsp_portal.services.document_checks.get import refuse
from ptsp_portal.services.document_checks.get import serialize
from zope.interface import alsoProvides

BODY_LIMIT = 256 * 1024
NOT_NOW = _("Anda tidak dapat memeriksa dokumen permohonan ini sekarang.")


class DocumentChecksPatch(JSONPostService):
    def body_limit(self):
        return BODY_LIMIT

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Cache-Control", "no-store")
        refused = refuse(self)
        if refused is not None:
            return refused
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        if not checks.can_write(self.context):
            return self.error(403, "Forbidden", NOT_NOW)
        try:
            payload = self.read_body()
        except ValueError as exc:
            return self.error(400, "BadRequest", exc.args[0])
        try:
            checks.parse(self.context, payload)
        except checks.CheckError as exc:
            return self.error(
                400,
                "ValidationError",
                _("Hasil pemeriksaan belum disimpan: periksa isian berikut."),
                translate_errors(exc.errors, self.request),
            )
        write_alone()  # checked: write alone (applications.writing)
        checks.save(self.context, payload)
        return serialize(self.context, self.request)
