"""Saving, resuming and submitting a draft: one code path for the web form
and ``@apply``.

- ``save``: create or update the account's draft of a permit type.  Any
  answer is kept as sent, checked or not (a draft may be incomplete or
  wrong); every document passes the checks of a submission
  (``forms.checks.check_documents``), or nothing is stored.  A new draft
  counts toward the per-account limits (``applications.limits``).
- ``rest_draft``: an ``@apply`` body as the answers and documents of a draft.
- ``rest_submission``: an ``@apply`` body that names a draft, merged with
  the draft (the body's answers and documents win), for the full checks.
- ``draft_uploads``: a draft's documents as ``Upload``s, for a submission.
- ``finish``: the draft is gone once its application exists (same
  transaction: a submission that fails keeps the draft).
"""

from plone import api
from plone.namedfile.file import NamedBlobFile
from ptsp_portal import _
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.limits import check_limits
from ptsp_portal.constants import ON_BEHALF_OF
from ptsp_portal.constants import POWER_OF_ATTORNEY
from ptsp_portal.drafts import store
from ptsp_portal.drafts.events import DraftSubmittedEvent
from ptsp_portal.forms.checks import check_documents
from ptsp_portal.forms.codec import parse_json
from ptsp_portal.forms.fields import field_kind
from ptsp_portal.forms.fields import visible_fields
from ptsp_portal.forms.model import form_of
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.forms.model import Upload
from ptsp_portal.forms.schema import build_schema
from ptsp_portal.forms.submission import check_power_of_attorney
from ptsp_portal.forms.submission import ensure_online
from ptsp_portal.forms.submission import submit
from zope.event import notify

DRAFT_ID = "draft_id"
FORM_PARAM = "draf"  # the web form's ?draf=<draft_id>
NOT_FOUND = _("Draf tidak ditemukan.")


class FormParts:
    """What a permit form asks: ``fields`` (id -> field, the questions a
    citizen answers), ``files`` (ids of the document questions) and
    ``titles`` (id -> title of every document question)."""

    def __init__(self, permit_type):
        self.form = form_of(permit_type)
        self.schema = build_schema(permit_type, self.form)
        rows = requirement_rows(permit_type)
        self.fields, self.files, self.titles = {}, set(), {}
        for name, field in visible_fields(self.form, self.schema):
            kind = field_kind(field)
            if kind == "label":
                continue
            if kind == "file" or name in rows:
                self.files.add(name)
                self.titles[name] = (rows.get(name) or {}).get("title") or field.title or name
            else:
                self.fields[name] = field
        for row_id, row in rows.items():
            if row_id not in self.files:
                self.files.add(row_id)
                self.titles[row_id] = row.get("title") or row_id
        self.extra_titles = {n: t for n, t in self.titles.items() if n not in rows}


def find(user_id, draft_id, permit_type=None):
    """``user_id``'s draft ``draft_id`` (of ``permit_type``), else
    ``IntakeError`` on ``draft_id``: anyone else's draft is not found."""
    draft = store.get_draft(user_id, draft_id)
    if draft is None or (permit_type is not None and draft.permit_type != permit_type.UID()):
        raise IntakeError({DRAFT_ID: NOT_FOUND})
    return draft


def save(permit_type, user_id, answers, uploads, contract=None, draft_id=None):
    """Create (``draft_id`` None) or update the draft; return it.

    ``answers``: field id -> JSON value (kept as is, merged over the
    draft's); ``uploads``: field id -> ``Upload`` (checked, replacing the
    draft's); ``contract``: ``on_behalf_of`` and ``power_of_attorney``
    (an ``Upload``).  Raises ``IntakeError`` (a message per refused
    document) or ``LimitExceeded``; nothing is stored then.
    """
    ensure_online(permit_type)
    contract = contract or {}
    parts = FormParts(permit_type)
    documents, errors = check_documents(permit_type, uploads, parts.extra_titles)
    errors = {name: message for name, message in errors.items() if name in uploads}
    attorney, attorney_errors = check_power_of_attorney(contract.get(POWER_OF_ATTORNEY))
    errors.update(attorney_errors)
    if errors:
        raise IntakeError(errors)
    if draft_id:
        draft = find(user_id, draft_id, permit_type)
    else:
        check_limits(user_id)
        draft = store.new_draft(user_id, permit_type.UID())
    draft.answers = {
        **draft.answers,
        **{name: value for name, value in answers.items() if name in parts.fields},
    }
    stored = dict(draft.documents)
    titles = dict(draft.titles)
    if attorney is not None:
        documents[POWER_OF_ATTORNEY] = attorney
    for name, (filename, content_type, data) in documents.items():
        stored[name] = NamedBlobFile(data=data, contentType=content_type, filename=filename)
        titles[name] = parts.titles.get(name, name)
    draft.documents = stored
    draft.titles = titles
    if contract.get(ON_BEHALF_OF) is not None:
        draft.contract = {**draft.contract, ON_BEHALF_OF: contract[ON_BEHALF_OF]}
    draft.modified = store.utcnow()
    return draft


def rest_draft(permit_type, payload, request):
    """``(answers, uploads, errors)`` of an ``@apply`` body saved as a
    draft: the answers as sent, the documents decoded; errors only for what
    is not an answer of this form or a document that cannot be read."""
    parts = FormParts(permit_type)
    _answers, uploads, _extra, errors = parse_json(permit_type, dict(payload), request)
    refused = {}
    for name, message in errors.items():
        if name in parts.fields:
            continue  # a wrong answer may wait in a draft
        if name in parts.files and payload.get(name) in (None, ""):
            continue  # a missing document too
        refused[name] = message
    answers = {name: payload[name] for name in parts.fields if name in payload}
    return answers, uploads, refused


def draft_uploads(draft, names=None):
    """The draft's documents as ``Upload``s (only ``names`` when given)."""
    return {
        name: Upload(blob.filename or "", blob.contentType or "", blob.data)
        for name, blob in draft.documents.items()
        if names is None or name in names
    }


def rest_submission(permit_type, draft, payload, contract, request):
    """``(answers, uploads, extra_titles, errors)`` of a draft submitted
    through ``@apply``: the body's answers and documents over the draft's,
    read exactly like a direct submission (``codec.parse_json``).  Fills
    ``contract`` with the draft's representation when the body has none."""
    parts = FormParts(permit_type)
    merged = {name: value for name, value in draft.answers.items() if name in parts.fields}
    merged.update(payload)
    answers, uploads, extra_titles, errors = parse_json(permit_type, merged, request)
    for name, upload in draft_uploads(draft, parts.files).items():
        if name not in uploads and merged.get(name) in (None, ""):
            uploads[name] = upload
            errors.pop(name, None)  # "wajib diunggah": it is in the draft
    if contract.get(ON_BEHALF_OF) is None and draft.contract.get(ON_BEHALF_OF) is not None:
        contract[ON_BEHALF_OF] = draft.contract[ON_BEHALF_OF]
    if contract.get(POWER_OF_ATTORNEY) is None and POWER_OF_ATTORNEY in draft.documents:
        contract[POWER_OF_ATTORNEY] = draft_uploads(draft, (POWER_OF_ATTORNEY,))[POWER_OF_ATTORNEY]
    return answers, uploads, extra_titles, errors


def draft_contract(draft):
    """The ``@apply`` keys a draft holds (representation), for a submission."""
    contract = {}
    if draft.contract.get(ON_BEHALF_OF) is not None:
        contract[ON_BEHALF_OF] = draft.contract[ON_BEHALF_OF]
    if POWER_OF_ATTORNEY in draft.documents:
        contract[POWER_OF_ATTORNEY] = draft_uploads(draft, (POWER_OF_ATTORNEY,))[POWER_OF_ATTORNEY]
    return contract


def submit_maybe_draft(permit_type, user_id, answers, uploads, extra_titles, contract, draft=None):
    """``submission.submit``, of ``draft`` when there is one (it does not
    count toward the account's limits and goes once the application is
    made); the web form and ``@apply`` both submit through here."""
    application = submit(
        permit_type,
        user_id,
        answers,
        uploads,
        extra_titles,
        contract,
        exclude_draft=draft.draft_id if draft is not None else None,
    )
    if draft is not None:
        notify(DraftSubmittedEvent(draft, application))
        finish(user_id, draft)
    return application


def finish(user_id, draft):
    """The draft became an application: remove it (in the submission's
    transaction)."""
    store.remove_draft(user_id, draft.draft_id)


def current_user_id():
    return None if api.user.is_anonymous() else api.user.get_current().getId()
