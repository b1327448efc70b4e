"""``POST <permit-type-url>/@apply``

JSON body: the applicant fields (``applicant_name``, ``applicant_nik``,
``applicant_email``, ``applicant_phone``, ``applicant_address``), the other
answers by EasyForm field id, and each document under its requirement id as
``{"data": base64, "encoding": "base64", "filename", "content-type"}``.

The contract's own keys (no form question may take them):

- the account's name, NIK and email replace the body's (an account without
  a NIK files with the body's, recorded as unverified); mail goes to the
  account's address only;
- ``on_behalf_of``: ``{nik, name, phone, address}`` of the person filed for,
  with ``power_of_attorney`` (surat kuasa, a document object): both or none;
- ``channel``: ``online`` (the default; ``counter`` later); ``filed_by`` is
  the account, never taken from the body;
- ``draft``: ``true`` saves the body as the account's draft of this permit
  type (``ptsp_portal.drafts``): any answer is kept, checked or not, and
  every document passes the checks of a submission; ``200`` ``{"draft_id",
  "expires", "modified"}``.  With ``draft_id`` too, that draft is updated
  (the body's answers and documents over the draft's);
- ``draft_id`` alone submits that draft with the body's further answers:
  the full checks of a direct submission; on success the draft becomes the
  application (``201``) and is removed, on failure (``400``) it stays.  A
  draft id that is not the account's own: ``400`` on ``draft_id``.

The same checks and the same code path as the web form
(``ptsp_portal.forms.submission.submit``).  Answers:

- ``201`` ``{"@id", "tracking_number", "review_state", "due_date"}``;
- ``400`` ``{"error": {"type": "ValidationError", "message", "errors":
  [{"field", "message"}]}}`` (also for a permit type that is not online);
- ``401`` for anonymous requests;
- ``429`` with ``Retry-After`` when the account has reached
  ``max_pending_per_account`` or ``max_submissions_per_day``;
- ``403`` for a request authenticated by the login cookie that is not sent
  as ``application/json`` or comes from another site (``Origin``,
  ``Sec-Fetch-Site``): a form on another site cannot submit in the
  citizen's name.

Nothing is stored when the answer is not 201 (or 200 for a draft).

At the counter (issue 18 §1): a front-office officer ("ptsp_portal: File
at counter") sending ``on_behalf_of`` files for the walk-in citizen it
names (``counter.filing``): those are the applicant fields (an
``applicant_email`` may be added), no surat kuasa, channel ``counter``,
``filed_by`` the officer; the ``201`` answer adds ``channel``,
``claim_code`` (shown once: stored hashed) and ``receipt_url`` (A4; with
``?ukuran=80mm`` the thermal receipt).  Anyone else sending
``on_behalf_of`` files as a representative, as above.
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.serializer.converters import json_compatible
from ptsp_portal import _
from ptsp_portal.applications.applicant import check_on_behalf_of
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.limits import check_limits
from ptsp_portal.applications.limits import LIMIT_ERROR
from ptsp_portal.applications.limits import LimitExceeded
from ptsp_portal.constants import CHANNEL_COUNTER
from ptsp_portal.constants import ON_BEHALF_OF
from ptsp_portal.constants import ON_BEHALF_OF_FIELDS
from ptsp_portal.constants import POWER_OF_ATTORNEY
from ptsp_portal.counter import filing as counter_filing
from ptsp_portal.drafts import saving as drafts
from ptsp_portal.forms.checks import translate_errors
from ptsp_portal.forms.codec import parse_contract
from ptsp_portal.forms.codec import parse_json
from ptsp_portal.forms.model import FORM_ERROR
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.forms.submission import ensure_online
from ptsp_portal.forms.submission import validate
from ptsp_portal.forms.uploads import size_limit_mb
from ptsp_portal.services.base import JSONPostService
from zope.interface import alsoProvides

# room for the answers next to the base64 documents
BODY_MARGIN = 1024 * 1024


def _body_limit(permit_type):
    """Largest body we read: every document at its limit, base64-encoded."""
    documents = max(len(requirement_rows(permit_type)), 1) + 2
    return documents * size_limit_mb() * 1024 * 1024 * 4 // 3 + BODY_MARGIN


class ApplyPost(JSONPostService):
    def body_limit(self):
        return _body_limit(self.context)

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        request = self.request
        request.response.setHeader("Cache-Control", "no-store")
        if api.user.is_anonymous():
            request.response.setHeader("WWW-Authenticate", 'Bearer realm="ptsp"')
            return self.error(
                401,
                "Unauthorized",
                _("Silakan masuk (login) terlebih dahulu untuk mengajukan permohonan."),
            )
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        user_id = api.user.get_current().getId()
        message = _("Permohonan belum dapat diterima: periksa isian berikut.")
        try:
            # before reading a large body (which may submit a draft)
            check_limits(user_id, with_drafts=False)
            payload = self.read_body()
        except LimitExceeded as exc:
            return self.too_many(exc)
        except ValueError as exc:
            return self.error(400, "BadRequest", exc.args[0])
        if (
            isinstance(payload, dict)
            and payload.get(ON_BEHALF_OF) is not None
            and counter_filing.is_front_office()
        ):
            return self.counter_reply(user_id, payload)
        try:
            ensure_online(self.context)
            contract, contract_errors = parse_contract(payload)
            if contract.get("draft"):
                message = _("Draf belum dapat disimpan: periksa isian berikut.")
                return self.save_draft(user_id, payload, contract, contract_errors)
            draft = None
            if contract.get("draft_id"):
                draft = drafts.find(user_id, contract["draft_id"], self.context)
                answers, uploads, extra_titles, errors = drafts.rest_submission(
                    self.context, draft, payload, contract, request
                )
            else:
                answers, uploads, extra_titles, errors = parse_json(self.context, payload, request)
            errors.update(contract_errors)
            if errors:
                # one answer with every problem: add what the checks find
                try:
                    validate(self.context, answers, uploads, extra_titles, user_id, contract)
                except IntakeError as exc:
                    errors = {**exc.errors, **errors}
                raise IntakeError(errors)
            application = drafts.submit_maybe_draft(
                self.context, user_id, answers, uploads, extra_titles, contract, draft
            )
        except LimitExceeded as exc:
            return self.too_many(exc)
        except IntakeError as exc:
            if set(exc.errors) == {FORM_ERROR}:
                message = exc.errors[FORM_ERROR]
            return self.error(400, "ValidationError", message, translate_errors(exc.errors, request))
        return self.created(application)

    def created(self, application, **more):
        """The 201 of a filed application (``Location``, its id, number,
        state and due date, and ``more``)."""
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", application.absolute_url())
        return {
            "@id": application.absolute_url(),
            "tracking_number": application.tracking_number,
            "review_state": api.content.get_state(obj=application, default=None),
            "due_date": json_compatible(application.due_date),
            **more,
        }

    def counter_reply(self, officer_id, payload):
        """``on_behalf_of`` from the front office: filed at the counter."""
        request = self.request
        payload = dict(payload)
        citizen = payload.pop(ON_BEHALF_OF)
        errors = {}
        channel = payload.pop("channel", CHANNEL_COUNTER)
        if channel != CHANNEL_COUNTER:
            errors["channel"] = _("Permohonan petugas loket selalu melalui saluran loket (counter).")
        for key in (POWER_OF_ATTORNEY, "draft", "draft_id"):
            if key in payload:
                payload.pop(key)
                errors[key] = _("Tidak dipakai pada permohonan di loket.")
        represented, citizen_errors = check_on_behalf_of(citizen)
        errors.update(citizen_errors)
        if not isinstance(citizen, dict):
            citizen = {}
        payload.update(
            counter_filing.applicant_from_on_behalf_of(
                represented or citizen, payload.pop("applicant_email", None)
            )
        )
        try:
            answers, uploads, extra_titles, parse_errors = parse_json(self.context, payload, request)
            for name, message in parse_errors.items():
                # the applicant fields come from on_behalf_of: say so there
                if name in (f"applicant_{key}" for key in ON_BEHALF_OF_FIELDS):
                    continue
                errors[name] = message
            if errors:
                try:
                    counter_filing.validate(self.context, answers, uploads, extra_titles)
                except IntakeError as exc:
                    errors = {**exc.errors, **errors}
                for key in ON_BEHALF_OF_FIELDS:
                    errors.pop(f"applicant_{key}", None)
                raise IntakeError(errors)
            application, code = counter_filing.submit(
                self.context, officer_id, answers, uploads, extra_titles
            )
        except IntakeError as exc:
            message = _("Permohonan belum dapat diterima: periksa isian berikut.")
            if set(exc.errors) == {FORM_ERROR}:
                message = exc.errors[FORM_ERROR]
            return self.error(400, "ValidationError", message, translate_errors(exc.errors, request))
        return self.created(
            application,
            channel=CHANNEL_COUNTER,
            claim_code=code,
            receipt_url=counter_filing.receipt_url(application),
        )

    def save_draft(self, user_id, payload, contract, contract_errors):
        """``"draft": true``: store what the body holds as a draft."""
        answers, uploads, errors = drafts.rest_draft(self.context, payload, self.request)
        errors.update(contract_errors)
        if errors:
            raise IntakeError(errors)
        draft = drafts.save(
            self.context, user_id, answers, uploads, contract, draft_id=contract.get("draft_id")
        )
        self.request.response.setStatus(200)
        return {
            "draft_id": draft.draft_id,
            "review_state": "draft",
            "modified": json_compatible(draft.modified),
            "expires": json_compatible(draft.expires()),
        }

    def too_many(self, exc):
        self.request.response.setHeader("Retry-After", str(exc.retry_after))
        return self.error(429, "TooManyRequests", exc.errors[LIMIT_ERROR])
