"""``POST /ptsp/++api++/@complaints``: file a complaint, logged in or not.

JSON body: ``kind`` (``complaint``, ``suggestion``, ``question``,
``appreciation``; default ``complaint``), ``subject``, ``description``,
optional ``name``, ``email``, ``phone`` (anonymous only: a logged-in
complainant files under the account), ``tracking_number`` (kept only when
the account filed that application) and ``attachment`` (``{"data",
"encoding": "base64", "filename", "content-type"}``, checked like an
application's documents).  The same path as the page ``@@pengaduan``
(``complaints.filing``).  Answers:

- ``201`` ``{"number", "access_code", "review_state", "due_date"}``;
- ``400`` ``{"error": {"type": "ValidationError", "message", "errors":
  [{"field", "message"}]}}``;
- ``429`` with ``Retry-After``: too many filings from the address
  (``complaints_per_hour``);
- ``403`` for a cookie-authenticated request not sent as JSON from this site.

Nothing is stored unless the answer is 201.
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.serializer.converters import json_compatible
from ptsp_portal import _
from ptsp_portal.complaints import filing
from ptsp_portal.forms.checks import translate_errors
from ptsp_portal.forms.codec import decode_document
from ptsp_portal.forms.uploads import size_limit_mb
from ptsp_portal.forms.uploads import UploadError
from ptsp_portal.services.base import JSONPostService
from zope.interface import alsoProvides

BODY_MARGIN = 256 * 1024


class ComplaintsPost(JSONPostService):
    def body_limit(self):
        return size_limit_mb() * 1024 * 1024 * 4 // 3 + BODY_MARGIN

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        request = self.request
        request.response.setHeader("Cache-Control", "no-store")
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        message = _("Pengaduan belum dapat diterima: periksa isian berikut.")
        try:
            filing.check_rate(request)  # before reading the body
            payload = self.read_body()
        except filing.TooManyComplaints as exc:
            return self.too_many(exc)
        except ValueError as exc:
            return self.error(400, "BadRequest", exc.args[0])
        if not isinstance(payload, dict):
            return self.error(400, "BadRequest", _("Isi permintaan harus objek JSON."))
        errors, upload = {}, None
        raw = payload.get(filing.ATTACHMENT)
        if raw is not None:
            try:
                upload = decode_document(_("Lampiran"), raw, size_limit_mb())
            except UploadError as exc:
                errors[filing.ATTACHMENT] = exc.message
        unknown = sorted(set(payload) - set(filing.KEYS))
        for key in unknown[:10]:
            errors[key] = _("Kunci tidak dikenal.")
        user_id = None if api.user.is_anonymous() else api.user.get_current().getId()
        text = {
            key: value for key, value in payload.items() if key in filing.KEYS and key != filing.ATTACHMENT
        }
        try:
            if errors:
                _clean, more = filing.validate(text, upload, user_id)
                raise filing.ComplaintError({**more, **errors})
            complaint, code = filing.file_complaint(None, text, upload, user_id)
        except filing.ComplaintError as exc:
            return self.error(400, "ValidationError", message, translate_errors(exc.errors, request))
        request.response.setStatus(201)
        return {
            "number": complaint.complaint_number,
            "access_code": code,
            "review_state": api.content.get_state(obj=complaint),
            "due_date": json_compatible(complaint.complaint_due),
        }

    def too_many(self, exc):
        self.request.response.setHeader("Retry-After", str(exc.retry_after))
        return self.error(429, "TooManyRequests", exc.errors["limit"])
