""" "Perpanjang": a saved draft of the same permit type, prefilled from the
old application, which the holder reviews and submits
(``ptsp_portal.drafts``: the web form ``?draf=<id>`` or ``@apply`` with
``draft_id``).

Copied: the answers the permit form still asks (its current questions; a
choice as its token, as ``@apply`` takes it), the applicant's phone,
address and NIK as filed, the person represented (``on_behalf_of``), and
the still-valid documents: each stored document whose question the form
still asks and that passes today's checks of that question (file types,
size, content); anything else the holder uploads again.  The issued
permit's PDF is never copied.  The draft remembers the old permit
(``draft.renewal_of``); its application then carries it (``marking``).
A second "Perpanjang" while the draft exists continues the same draft.
"""

from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.constants import ON_BEHALF_OF
from ptsp_portal.constants import POWER_OF_ATTORNEY
from ptsp_portal.content.application import IApplicationDocument
from ptsp_portal.drafts import store
from ptsp_portal.drafts.answers import to_json
from ptsp_portal.drafts.saving import FormParts
from ptsp_portal.drafts.saving import save
from ptsp_portal.forms.checks import check_documents
from ptsp_portal.forms.model import Upload
from ptsp_portal.forms.submission import check_power_of_attorney
from ptsp_portal.forms.submission import ensure_online
from ptsp_portal.renewal.policy import check


def renewal_info(application):
    """What a renewal remembers of the old permit."""
    valid_until = getattr(application, "valid_until", None)
    return {
        "uid": application.UID(),
        "permit_number": application.permit_number or "",
        "tracking_number": application.tracking_number or "",
        "valid_until": valid_until.isoformat() if valid_until else None,
    }


def existing_draft(user_id, uid):
    """``user_id``'s renewal draft of the application ``uid``, or None."""
    for draft in store.list_drafts(user_id):
        if (getattr(draft, "renewal_of", None) or {}).get("uid") == uid:
            return draft
    return None


def old_answers(application, parts):
    """The old answers the form still asks, as a draft keeps them (JSON)."""
    answers = {}
    stored = dict(application.form_data or {})
    for name in APPLICANT_FIELDS:
        stored[name] = getattr(application, name, None)
    for name, field in parts.fields.items():
        value = stored.get(name)
        if value is None or value == "":
            continue
        try:
            answers[name] = to_json(field, value, parts.form)
        except Exception:  # an answer the changed form cannot read: asked again
            continue
    return answers


def _upload(document):
    blob = document.file
    return Upload(blob.filename or document.getId(), blob.contentType or "", bytes(blob.data))


def old_documents(application, permit_type, parts):
    """``(uploads, power of attorney)``: the stored documents that are still
    valid for today's form, as ``Upload``s."""
    uploads = {}
    for document in application.objectValues():
        name = document.getId()
        if not IApplicationDocument.providedBy(document) or name not in parts.files:
            continue
        if getattr(document, "file", None) is None:
            continue
        uploads[name] = _upload(document)
    _documents, errors = check_documents(permit_type, uploads, parts.extra_titles)
    uploads = {name: upload for name, upload in uploads.items() if name not in errors}
    attorney = application.get(POWER_OF_ATTORNEY) if hasattr(application, "get") else None
    attorney = _upload(attorney) if attorney is not None and getattr(attorney, "file", None) else None
    if attorney is not None and check_power_of_attorney(attorney)[1]:
        attorney = None
    return uploads, attorney


def start(application, user_id):
    """``(draft, created)``: the holder's renewal draft of ``application``.

    Raises ``policy.RenewalRefused`` (not the holder, not issued, no
    validity, renewed already), ``IntakeError`` (the permit type is not
    online) or ``LimitExceeded`` (the account's limits)."""
    check(application, user_id)
    uid = application.UID()
    draft = existing_draft(user_id, uid)
    if draft is not None:
        return draft, False
    permit_type = application.permit_type_object()
    ensure_online(permit_type)
    parts = FormParts(permit_type)
    uploads, attorney = old_documents(application, permit_type, parts)
    contract = {}
    if getattr(application, ON_BEHALF_OF, None):
        contract[ON_BEHALF_OF] = dict(application.on_behalf_of)
        if attorney is not None:
            contract[POWER_OF_ATTORNEY] = attorney
    draft = save(permit_type, user_id, old_answers(application, parts), uploads, contract=contract)
    draft.renewal_of = renewal_info(application)
    return draft, True
