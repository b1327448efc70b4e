"""Correcting an application in ``revision``: answers, documents, resubmit.

One code path for the web page (``@@perbaiki``) and the REST service
(``POST <application>/@revision``).  Only a user with "ptsp_portal: Edit
application answers" on the application may revise it, which the workflow
grants to the applicant (Owner) in ``revision`` only.  The applicant holds no
"Modify portal content" (a plain edit or PATCH is refused): this code writes
the checked values itself.  Every value is checked
with the same rules as the application form (applicant fields, EasyForm
fields and their validators, each document with ``uploads.check_upload`` and
its requirement row); any error leaves everything as it was.

What changed is remembered until the applicant resubmits; the resubmit step
of the workflow history then lists it, so officers (and the applicant) see
in the timeline what was corrected.
"""

from AccessControl import Unauthorized
from persistent.list import PersistentList
from plone import api
from ptsp_portal import _
from ptsp_portal import permissions
from ptsp_portal.accounts.identity import normalize_phone
from ptsp_portal.applications.applicant import account_values
from ptsp_portal.applications.applicant import clean_applicant_field
from ptsp_portal.applications.applicant import schema_error_message
from ptsp_portal.applications.intake import add_document
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.intake import set_owner
from ptsp_portal.applications.timeline import timeline
from ptsp_portal.applications.writing import write_alone
from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.constants import REVISION_STATE
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.forms.checks import easyform_validators
from ptsp_portal.forms.codec import json_value
from ptsp_portal.forms.codec import parse_value
from ptsp_portal.forms.fields import field_kind
from ptsp_portal.forms.fields import visible_fields
from ptsp_portal.forms.fields import vocabulary_of
from ptsp_portal.forms.model import form_of
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.forms.schema import build_schema
from ptsp_portal.forms.uploads import check_upload
from ptsp_portal.forms.uploads import mime_types
from ptsp_portal.forms.uploads import rules
from ptsp_portal.forms.uploads import UploadError
from ptsp_portal.i18n.language import in_site_language
from zope.annotation.interfaces import IAnnotations
from zope.interface import Invalid
from zope.lifecycleevent import modified
from zope.schema import interfaces as schema_ifaces

PENDING_KEY = "ptsp_portal.revision.pending"  # stored on applications: never rename
DOCUMENT_REPLACED = _("${title} (dokumen diganti)")
NOT_WAITING = _("Permohonan ini tidak sedang menunggu perbaikan dari Anda.")


def can_revise(application):
    return api.content.get_state(application, default=None) == REVISION_STATE and bool(
        api.user.has_permission(permissions.EditApplicationAnswers, obj=application)
    )


def revision_request(application):
    """The step that asked for the revision (its ``comment`` says why and
    ``role_title`` who), or None."""
    for step in reversed(timeline(application, show_names=False)):
        if step["action"] == "request_revision":
            return step
    return None


def _schema(application):
    permit_type = application.permit_type_object()
    form = form_of(permit_type) if permit_type is not None else None
    schema = build_schema(permit_type, form) if permit_type is not None else None
    return permit_type, form, schema


def _current(application, name):
    if name in APPLICANT_FIELDS:
        return getattr(application, name, None)
    return (application.form_data or {}).get(name)


def fields(application):
    """What the applicant may correct, in the form's order.

    ``{"answers": [...], "documents": [...]}``: each answer has ``id``,
    ``title``, ``description``, ``type`` (a ``fields.field_kind``),
    ``required``, ``value`` (the stored JSON value) and ``choices``
    (``[{"token", "title"}]`` or None); each document has ``id``, ``title``,
    ``required``, ``file_types``, ``accept``, ``max_size_mb`` and
    ``filename`` (the current file, or None when missing).
    """
    permit_type, form, schema = _schema(application)
    rows = requirement_rows(permit_type) if permit_type is not None else {}
    answers, documents = [], []
    named = visible_fields(form, schema) if schema is not None else []
    if not any(name in APPLICANT_FIELDS for name, _field in named):
        named = [(name, IPermitApplication[name]) for name in APPLICANT_FIELDS] + named
    for name, field in named:
        kind = field_kind(field)
        if kind == "label":
            continue
        if kind == "file" or name in rows:
            row = rows.get(name) or {}
            title = row.get("title") or field.title or name
            required = row.get("required", field.required)
            documents.append(_document(application, name, rows.get(name), title, required))
            continue
        choices = None
        if kind in ("choice", "multiple_choice"):
            vocabulary = vocabulary_of(field, form or permit_type)
            if vocabulary is not None:
                choices = [
                    {
                        "token": term.token,
                        "title": term.title or str(term.value),
                        "value": json_value(term.value),
                    }
                    for term in vocabulary
                ]
        answers.append(
            {
                "id": name,
                "title": field.title or name,
                "description": field.description or "",
                "type": kind,
                "required": bool(field.required) or name in APPLICANT_FIELDS,
                "value": _current(application, name),
                "choices": choices,
            }
        )
    known = {d["id"] for d in documents}
    # documents of rows the form does not show (yet) can be replaced too
    for row_id, row in rows.items():
        if row_id not in known:
            title = row.get("title") or row_id
            documents.append(_document(application, row_id, row, title, row.get("required")))
    return {"answers": answers, "documents": documents}


def _document(application, doc_id, row, title, required):
    types, limit = rules(row)
    return {
        "id": doc_id,
        "title": title,
        "required": bool(required),
        "file_types": types,
        "accept": mime_types(types),
        "max_size_mb": limit,
        "filename": _filename(application, doc_id),
    }


def _filename(application, doc_id):
    document = application.get(doc_id)
    if document is None or getattr(document, "portal_type", None) != "File":
        return None
    blob = getattr(document, "file", None)
    return getattr(blob, "filename", None) or doc_id


def _check_answers(application, values, form, schema, permit_type, request):
    """``(changes, errors)``: changes maps field id -> new stored value."""
    by_name = dict(visible_fields(form, schema)) if schema is not None else {}
    changes, errors = {}, {}
    # the account's name, NIK and email stay the application's
    from_account = account_values(application.Creator())
    for name, value in values.items():
        if name in from_account:
            continue
        if name in APPLICANT_FIELDS:
            value, message = clean_applicant_field(name, value)
            if message is not None:
                errors[name] = message
                continue
            if name == "applicant_phone":
                value = normalize_phone(value)
        else:
            field = by_name.get(name)
            if field is None or field_kind(field) in ("label", "file"):
                errors[name] = _("Kolom tidak dikenal pada formulir ini.")
                continue
            try:
                parsed = parse_value(field, value, form or permit_type, request)
            except (schema_ifaces.ValidationError, Invalid, ValueError) as exc:
                errors[name] = schema_error_message(exc)
                continue
            message = easyform_validators(form, field, parsed, request)
            if message:
                errors[name] = message
                continue
            value = json_value(parsed)
        if value != _current(application, name):
            changes[name] = value
    return changes, errors


def _check_documents(uploads, documents):
    """``(checked, errors)``: checked maps id -> (filename, type, bytes)."""
    checked, errors = {}, {}
    by_id = {d["id"]: d for d in documents}
    for doc_id, upload in uploads.items():
        document = by_id.get(doc_id)
        if document is None:
            errors[doc_id] = _("Kolom tidak dikenal pada formulir ini.")
            continue
        try:
            filename, content_type = check_upload(
                document["title"],
                upload.data,
                upload.filename,
                document["file_types"],
                document["max_size_mb"],
                name=doc_id,
            )
        except UploadError as exc:
            errors[doc_id] = exc.message
            continue
        checked[doc_id] = (filename, content_type, upload.data)
    return checked, errors


def _missing_documents(documents, replaced):
    return {
        d["id"]: _("Dokumen ${title} wajib diunggah.", mapping={"title": d["title"]})
        for d in documents
        if d["required"] and not d["filename"] and d["id"] not in replaced
    }


def revise(application, values, uploads, request, resubmit=False, comment=""):
    """Correct ``application``; return the labels of what changed.

    ``values``: field id -> value as JSON would carry it (only the fields to
    change need be given); ``uploads``: document id ->
    ``forms.model.Upload``.  With ``resubmit`` the application then goes
    back to the officers (``comment`` in its history).  Raises
    ``Unauthorized`` when the user may not revise it now and
    ``IntakeError`` (field -> message) on bad input; then nothing changed.
    """
    if not can_revise(application):
        raise Unauthorized(permissions.EditApplicationAnswers)
    permit_type, form, schema = _schema(application)
    described = fields(application)
    changes, errors = _check_answers(application, values, form, schema, permit_type, request)
    documents, document_errors = _check_documents(uploads, described["documents"])
    errors.update(document_errors)
    if resubmit:
        for doc_id, message in _missing_documents(described["documents"], documents).items():
            errors.setdefault(doc_id, message)
    if errors:
        raise IntakeError(errors)

    write_alone()  # checked: write alone (applications.writing)
    titles = {a["id"]: a["title"] for a in described["answers"]}
    titles.update({name: IPermitApplication[name].title for name in APPLICANT_FIELDS})
    labels = []
    form_data = dict(application.form_data or {})
    for name, value in changes.items():
        if name in APPLICANT_FIELDS:
            setattr(application, name, value)
        else:
            form_data[name] = value
        labels.append(in_site_language(titles.get(name, name)))
    if form_data != (application.form_data or {}):
        application.form_data = form_data
    doc_titles = {d["id"]: d["title"] for d in described["documents"]}
    if documents:
        with api.env.adopt_roles(["Manager"]):
            for doc_id, (filename, content_type, payload) in documents.items():
                add_document(application, doc_id, filename, content_type, payload)
        owner = application.getOwner()
        set_owner(application, owner.getId())
        for doc_id in documents:
            labels.append(in_site_language(_(DOCUMENT_REPLACED, mapping={"title": doc_titles[doc_id]})))
    if labels:
        _remember(application, labels)
        modified(application)
    if resubmit:
        workflow = api.portal.get_tool("portal_workflow")
        workflow.doActionFor(application, "resubmit", comment=(comment or "").strip())
    return labels


def _remember(application, labels):
    annotations = IAnnotations(application)
    pending = annotations.get(PENDING_KEY)
    if pending is None:
        pending = annotations[PENDING_KEY] = PersistentList()
    for label in labels:
        if label not in pending:
            pending.append(label)


def pending_changes(application):
    return list(IAnnotations(application).get(PENDING_KEY) or ())


def record_on_resubmit(application, event):
    """After ``resubmit`` the history step lists what was corrected."""
    transition = getattr(event, "transition", None)
    if transition is None or transition.id != "resubmit":
        return
    annotations = IAnnotations(application)
    pending = annotations.pop(PENDING_KEY, None)
    history = application.workflow_history.get(APPLICATION_WORKFLOW)
    if not pending or not history:
        return
    last = dict(history[-1], changes=tuple(pending))
    application.workflow_history[APPLICATION_WORKFLOW] = (*history[:-1], last)
