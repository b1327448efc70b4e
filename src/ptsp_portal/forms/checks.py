"""Checks of a submission's documents and other answers, and its errors
as JSON.

The applicant fields are checked by ``ptsp_portal.applications.applicant``
(shared with ``create_application``); here are the documents (each upload
checked for what it is by ``uploads.check_upload``, against its
requirement row or the site defaults), EasyForm's own validators of a
field, and the ``[{"field", "message"}]`` list of an error answer.
"""

from collective.easyform.api import get_expression
from collective.easyform.validators import IFieldValidator
from ptsp_portal import _
from ptsp_portal.forms.fields import easyform_setting
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.forms.uploads import check_upload
from ptsp_portal.forms.uploads import rules
from ptsp_portal.forms.uploads import UploadError
from zope.component import queryUtility
from zope.i18n import translate


def check_documents(permit_type, uploads, extra_titles=None):
    """``(documents, errors)``: ``documents`` maps requirement ids (and ids of
    extra upload questions in ``extra_titles``) to ``(filename,
    content_type, bytes)``."""
    documents, errors = {}, {}
    for row_id, row in requirement_rows(permit_type).items():
        upload = uploads.get(row_id)
        title = row.get("title") or row_id
        if upload is None:
            if row.get("required"):
                errors[row_id] = _("Dokumen ${title} wajib diunggah.", mapping={"title": title})
            continue
        _check_one(documents, errors, row_id, title, upload, *rules(row))
    for field_id, title in (extra_titles or {}).items():
        upload = uploads.get(field_id)
        if upload is None or field_id in documents:
            continue
        _check_one(documents, errors, field_id, title, upload, None, None)
    return documents, errors


def _check_one(documents, errors, field_id, title, upload, types, limit):
    """One upload checked: into ``documents``, or its message into ``errors``."""
    try:
        filename, content_type = check_upload(
            title, upload.data, upload.filename, types, limit, name=field_id
        )
    except UploadError as exc:
        errors[field_id] = exc.message
        return
    documents[field_id] = (filename, content_type, upload.data)


def easyform_validators(form, field, value, request):
    """EasyForm's own validators of a field (``validators``, ``TValidator``),
    as the web form runs them: a message or None."""
    if value is None:
        return None
    for name in easyform_setting(field, "validators") or []:
        method = queryUtility(IFieldValidator, name=name)
        if method is None:
            continue
        try:
            result = method(value, REQUEST=request)
        except Exception as exc:  # EasyForm's isValidEmail raises
            result = str(exc) or _("Isian tidak valid.")
        if result:
            return result
    expression = easyform_setting(field, "TValidator")
    if expression and form is not None:
        try:
            result = get_expression(form, expression, value=value)
        except Exception as exc:
            return str(exc)
        if result:
            return result
    return None


def translate_errors(errors, request):
    """``[{"field", "message"}]`` with messages in the request's language."""
    return [
        {"field": field, "message": translate(message, context=request)} for field, message in errors.items()
    ]
