"""``POST <application-url>/@revision``

The applicant corrects an application in ``revision`` (the same code path
as the ``@@perbaiki`` page, ``ptsp_portal.applications.revision.revise``).  JSON body::

    {"answers": {"applicant_phone": "0812...", "<field id>": value},
     "documents": {"<requirement id>": {"data": base64, "encoding": "base64",
                                         "filename", "content-type"}},
     "resubmit": true, "comment": "KTP sudah dipindai ulang."}

Every part is optional: only what is given changes.  Answers:

- ``200`` ``{"@id", "tracking_number", "review_state", "due_date", "changes"}``;
- ``400`` ``{"error": {"type": "ValidationError", "message", "errors":
  [{"field", "message"}]}}`` — nothing was changed;
- ``401`` anonymous, ``403`` when the user may not revise it (not the
  applicant, or the application is not in ``revision``), and for a request
  authenticated by the login cookie that is not sent as ``application/json``
  or comes from another site (``Origin``, ``Sec-Fetch-Site``).
"""

from AccessControl import Unauthorized
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.serializer.converters import json_compatible
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal import _
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.revision import can_revise
from ptsp_portal.applications.revision import fields
from ptsp_portal.applications.revision import NOT_WAITING
from ptsp_portal.applications.revision import revise
from ptsp_portal.forms.checks import translate_errors
from ptsp_portal.forms.codec import decode_document
from ptsp_portal.forms.model import FORM_ERROR
from ptsp_portal.forms.uploads import size_limit_mb
from ptsp_portal.forms.uploads import UploadError
from ptsp_portal.services.base import JSONPostService
from zope.interface import alsoProvides

BODY_MARGIN = 1024 * 1024


class RevisionPost(JSONPostService):
    documents = ()  # what may be replaced, from ptsp_portal.applications.revision.fields

    def body_limit(self):
        return max(len(self.documents), 1) * size_limit_mb() * 1024 * 1024 * 4 // 3 + BODY_MARGIN

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        request = self.request
        request.response.setHeader("Cache-Control", "no-store")
        if api.user.is_anonymous():
            return self.error(401, "Unauthorized", _("Silakan masuk (login) terlebih dahulu."))
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        if not can_revise(self.context):
            return self.error(403, "Forbidden", NOT_WAITING)
        self.documents = fields(self.context)["documents"]
        try:
            payload = self.read_body()
        except ValueError as exc:
            return self.error(400, "BadRequest", exc.args[0])
        message = _("Perbaikan belum disimpan: periksa isian berikut.")
        try:
            values, uploads, resubmit, comment = self._parse(payload)
            changes = revise(self.context, values, uploads, request, resubmit=resubmit, comment=comment)
        except IntakeError as exc:
            if set(exc.errors) == {FORM_ERROR}:
                message = exc.errors[FORM_ERROR]
            return self.error(400, "ValidationError", message, translate_errors(exc.errors, request))
        except WorkflowException as exc:
            return self.error(400, "WorkflowError", str(exc))
        except Unauthorized:
            return self.error(403, "Forbidden", NOT_WAITING)
        return {
            "@id": self.context.absolute_url(),
            "tracking_number": self.context.tracking_number,
            "review_state": api.content.get_state(self.context, default=None),
            "due_date": json_compatible(self.context.due_date),
            "changes": changes,
        }

    def _parse(self, payload):
        errors = {}
        if not isinstance(payload, dict):
            raise IntakeError({FORM_ERROR: _("Isi permintaan harus berupa objek JSON.")})
        for key in payload:
            if key not in ("answers", "documents", "resubmit", "comment"):
                errors[key] = _("Kolom tidak dikenal pada formulir ini.")
        values = payload.get("answers") or {}
        documents = payload.get("documents") or {}
        resubmit = payload.get("resubmit", False)
        comment = payload.get("comment") or ""
        if not isinstance(values, dict):
            errors["answers"] = _("Harus berupa objek JSON.")
            values = {}
        if not isinstance(documents, dict):
            errors["documents"] = _("Harus berupa objek JSON.")
            documents = {}
        if not isinstance(resubmit, bool):
            errors["resubmit"] = _("Isian tidak valid.")
        if not isinstance(comment, str):
            errors["comment"] = _("Isian tidak valid.")
            comment = ""
        limits = {d["id"]: (d["title"], d["max_size_mb"]) for d in self.documents}
        uploads = {}
        for doc_id, value in documents.items():
            if doc_id not in limits:
                errors[doc_id] = _("Kolom tidak dikenal pada formulir ini.")
                continue
            title, limit = limits[doc_id]
            try:
                uploads[doc_id] = decode_document(title, value, limit)
            except UploadError as exc:
                errors[doc_id] = exc.message
        if errors:
            raise IntakeError(errors)
        return values, uploads, resubmit is True, comment
