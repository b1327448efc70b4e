"""One code path from answers to a PermitApplication.

The web form (the EasyForm action) and the REST ``@apply`` service both end
in ``submit()``: the permit type must be online, the applicant fields are
checked (NIK with python-stdnum, phone with phonenumbers), every document is
checked for what it is (``uploads.check_upload``), the other answers become
``form_data`` (JSON: dates as ISO strings) and ``intake.create_application``
creates the application.  Errors come back as ``IntakeError`` (field ->
message) and nothing is left behind: the work is done inside a savepoint that
is rolled back on failure.

``parse_json()`` turns an ``@apply`` JSON body into the same answers and
uploads, and ``describe()`` tells a mobile client how to render the form.
"""

from collective.easyform.api import get_expression
from collective.easyform.interfaces import IFieldExtender
from collective.easyform.interfaces import ILabel
from collective.easyform.validators import IFieldValidator
from plone import api
from plone.app.textfield.interfaces import IRichText
from plone.app.textfield.value import RichTextValue
from plone.namedfile.interfaces import INamed
from plone.namedfile.interfaces import INamedField
from ptsp_portal import _
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.forms.formsync import action_settings
from ptsp_portal.forms.formsync import APPLICANT_IDS
from ptsp_portal.forms.formsync import build_schema
from ptsp_portal.forms.formsync import form_of
from ptsp_portal.forms.formsync import PROFILE_PROPERTIES
from ptsp_portal.forms.formsync import requirement_rows
from ptsp_portal.forms.uploads import check_upload
from ptsp_portal.forms.uploads import mime_types
from ptsp_portal.forms.uploads import rules
from ptsp_portal.forms.uploads import size_limit_mb
from ptsp_portal.forms.uploads import UploadError
from ptsp_portal.applications.intake import create_application
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.accounts.identity import InvalidNIK
from ptsp_portal.accounts.identity import InvalidPhone
from zope.component import queryUtility
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import Invalid
from zope.schema import getFieldsInOrder
from zope.schema import interfaces as schema_ifaces

import base64
import binascii
import datetime
import decimal
import re
import transaction
import typing

FORM_ERROR = "form"  # key of errors that belong to no single field
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


class Upload(typing.NamedTuple):
    filename: str
    content_type: str
    data: bytes


# Field kinds, for describe() and parsing

def field_kind(field):
    if ILabel.providedBy(field):
        return "label"
    if INamedField.providedBy(field):
        return "file"
    if IRichText.providedBy(field):
        return "richtext"
    if schema_ifaces.IBool.providedBy(field):
        return "boolean"
    if schema_ifaces.IDatetime.providedBy(field):
        return "datetime"
    if schema_ifaces.IDate.providedBy(field):
        return "date"
    if schema_ifaces.IInt.providedBy(field):
        return "integer"
    if schema_ifaces.IFloat.providedBy(field) or schema_ifaces.IDecimal.providedBy(field):
        return "number"
    if schema_ifaces.IChoice.providedBy(field):
        return "choice"
    if schema_ifaces.ICollection.providedBy(field):
        if schema_ifaces.IChoice.providedBy(getattr(field, "value_type", None)):
            return "multiple_choice"
        return "list"
    if schema_ifaces.IText.providedBy(field) and not schema_ifaces.ITextLine.providedBy(field):
        return "text"
    if schema_ifaces.ITextLine.providedBy(field) or schema_ifaces.IASCIILine.providedBy(field):
        return "string"
    return "other"


def _vocabulary(field, context):
    choice = field if schema_ifaces.IChoice.providedBy(field) else getattr(field, "value_type", None)
    if choice is None:
        return None
    bound = choice.bind(context)
    vocabulary = bound.vocabulary  # bind() resolves a named vocabulary
    if vocabulary is not None and not schema_ifaces.IVocabularyTokenized.providedBy(vocabulary):
        return None
    return vocabulary


def _extender(field, name, default=None):
    try:
        return getattr(IFieldExtender(field), name, default)
    except TypeError:
        return default


def visible_fields(form, schema):
    """``[(name, field)]`` a citizen fills in: no server-side fields, no
    fields switched off by their ``TEnabled`` expression."""
    result = []
    for name, field in getFieldsInOrder(schema):
        if _extender(field, "serverSide"):
            continue
        enabled = _extender(field, "TEnabled")
        if enabled and form is not None and not get_expression(form, enabled):
            continue
        result.append((name, field))
    return result


def server_side_values(form, schema):
    values = {}
    for name, field in getFieldsInOrder(schema):
        if _extender(field, "serverSide"):
            expression = _extender(field, "TDefault")
            values[name] = get_expression(form, expression) if expression else field.default
    return values


# Checks

def _schema_error_message(exc):
    """A zope.schema error in words an applicant understands."""
    if isinstance(exc, (InvalidNIK, InvalidPhone)):
        return exc.doc()
    if isinstance(exc, schema_ifaces.RequiredMissing):
        return _("Wajib diisi.")
    if isinstance(exc, schema_ifaces.TooLong):
        return _("Isian terlalu panjang.")
    if isinstance(exc, schema_ifaces.TooShort):
        return _("Isian terlalu pendek.")
    if isinstance(exc, schema_ifaces.TooBig):
        return _("Nilai terlalu besar.")
    if isinstance(exc, schema_ifaces.TooSmall):
        return _("Nilai terlalu kecil.")
    if isinstance(exc, schema_ifaces.ConstraintNotSatisfied) and exc.args and isinstance(
        exc.args[0], Message
    ):
        return exc.args[0]
    doc = exc.doc() if hasattr(exc, "doc") else None
    if isinstance(doc, Message) and doc.domain == "ptsp_portal":
        return doc
    return _("Isian tidak valid.")


def clean_applicant_field(name, value):
    """``(value as stored, None)``, or ``(None, message)`` when it is wrong."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("Wajib diisi.")
    if not isinstance(value, str):
        return None, _("Isian tidak valid.")
    value = value.strip()
    if name == "applicant_email" and not _EMAIL.match(value):
        return None, _("Alamat email tidak valid.")
    if name == "applicant_nik":
        value = re.sub(r"[\s.\-]", "", value)
    try:
        IPermitApplication[name].validate(value)
    except (schema_ifaces.ValidationError, Invalid) as exc:
        return None, _schema_error_message(exc)
    return value, None


def check_applicant_field(name, value):
    """The message for one applicant field, or None when it is fine."""
    return clean_applicant_field(name, value)[1]


def check_applicant(answers):
    """``(clean values, errors)`` of the applicant fields."""
    clean, errors = {}, {}
    for name in APPLICANT_IDS:
        value, message = clean_applicant_field(name, answers.get(name))
        if message is not None:
            errors[name] = message
        else:
            clean[name] = value
    return clean, errors


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
                errors[row_id] = _(
                    "Dokumen ${title} wajib diunggah.", mapping={"title": title}
                )
            continue
        types, limit = rules(row)
        try:
            filename, content_type = check_upload(
                title, upload.data, upload.filename, types, limit, name=row_id
            )
        except UploadError as exc:
            errors[row_id] = exc.message
            continue
        documents[row_id] = (filename, content_type, upload.data)
    for field_id, title in (extra_titles or {}).items():
        upload = uploads.get(field_id)
        if upload is None or field_id in documents:
            continue
        try:
            filename, content_type = check_upload(
                title, upload.data, upload.filename, None, None, name=field_id
            )
        except UploadError as exc:
            errors[field_id] = exc.message
            continue
        documents[field_id] = (filename, content_type, upload.data)
    return documents, errors


def json_value(value):
    """An answer as JSON: dates as ISO strings, sets as lists."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, RichTextValue):
        return value.raw
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((json_value(v) for v in value), key=str)
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if INamed.providedBy(value):
        return value.filename
    return str(value)


def ensure_online(permit_type):
    if permit_type is None or getattr(permit_type, "portal_type", None) != "PermitType":
        raise IntakeError({FORM_ERROR: _("Jenis izin tidak dikenal.")})
    if not getattr(permit_type, "online", False):
        raise IntakeError(
            {
                FORM_ERROR: _(
                    "Jenis izin ini belum dapat diajukan secara daring; silakan "
                    "datang ke loket DPMPTSP."
                )
            }
        )


def validate(permit_type, answers, uploads, extra_titles=None):
    """Check a submission without storing anything.

    Returns ``(applicant values, documents, form_data)``; raises
    ``IntakeError`` with a message per field.
    """
    ensure_online(permit_type)
    applicant, errors = check_applicant(answers)
    settings = action_settings(form_of(permit_type))
    if settings is not None and not getattr(settings, "store_extra_uploads", True):
        extra_titles = {}
    documents, document_errors = check_documents(permit_type, uploads, extra_titles)
    errors.update(document_errors)
    if errors:
        raise IntakeError(errors)
    form_data = {
        name: json_value(value)
        for name, value in answers.items()
        if name not in APPLICANT_IDS
        and name not in uploads
        and name not in documents
        and not INamed.providedBy(value)
    }
    return applicant, documents, form_data


def submit(permit_type, applicant_id, answers, uploads, extra_titles=None):
    """Check everything, then create the application; raise ``IntakeError``.

    ``answers``: field id -> value (applicant fields and other answers, as
    Python values); ``uploads``: field id -> ``Upload``; ``extra_titles``:
    id -> title of upload questions that are not requirement rows.
    """
    applicant, documents, form_data = validate(permit_type, answers, uploads, extra_titles)
    try:
        savepoint = transaction.savepoint()
    except TypeError:  # a data manager without savepoints joined earlier
        savepoint = None
    try:
        return create_application(
            permit_type, applicant_id, {**applicant, "form_data": form_data}, documents
        )
    except IntakeError:
        if savepoint is not None:
            savepoint.rollback()
        else:
            transaction.doom()
        raise


# JSON (REST) submissions

def _decode_document(title, value, limit_mb):
    """``Upload`` from ``{"data", "encoding", "filename", "content-type"}``."""
    if not isinstance(value, dict) or not isinstance(value.get("data"), str):
        raise UploadError(
            _(
                "Dokumen ${title} harus dikirim sebagai objek dengan data base64.",
                mapping={"title": title},
            )
        )
    encoding = value.get("encoding", "base64")
    if encoding != "base64":
        raise UploadError(
            _("Dokumen ${title}: encoding harus base64.", mapping={"title": title})
        )
    payload = value["data"]
    # refuse what is surely too big before decoding it
    if len(payload) * 3 // 4 > (limit_mb * 1024 * 1024) + 3:
        raise UploadError(
            _(
                "Berkas ${title} terlalu besar; ukuran maksimum ${max} MB.",
                mapping={"title": title, "max": limit_mb},
            )
        )
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError(
            _("Berkas ${title} tidak dapat dibaca (base64 tidak sah).", mapping={"title": title})
        )
    return Upload(str(value.get("filename") or ""), str(value.get("content-type") or ""), data)


def _parse_value(field, value, context):
    """A JSON value as the Python value of ``field``; raises ValidationError."""
    kind = field_kind(field)
    if value is None or value == "" or value == []:
        value = field.missing_value
        if field.required:
            raise schema_ifaces.RequiredMissing(field.__name__)
        return value
    if kind in ("string", "text"):
        if not isinstance(value, str):
            raise schema_ifaces.WrongType(value, str, field.__name__)
        value = value.strip() if kind == "string" else value
    elif kind == "richtext":
        if not isinstance(value, str):
            raise schema_ifaces.WrongType(value, str, field.__name__)
        value = RichTextValue(value, "text/plain", "text/x-html-safe")
        return value
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise schema_ifaces.WrongType(value, bool, field.__name__)
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise schema_ifaces.WrongType(value, int, field.__name__)
        try:
            value = int(value)
        except ValueError:
            raise schema_ifaces.WrongType(value, int, field.__name__)
    elif kind == "number":
        try:
            value = (
                decimal.Decimal(str(value))
                if schema_ifaces.IDecimal.providedBy(field)
                else float(value)
            )
        except (ValueError, decimal.InvalidOperation, TypeError):
            raise schema_ifaces.WrongType(value, float, field.__name__)
    elif kind == "date":
        try:
            value = datetime.date.fromisoformat(str(value)[:10])
        except ValueError:
            raise schema_ifaces.WrongType(value, datetime.date, field.__name__)
    elif kind == "datetime":
        try:
            value = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise schema_ifaces.WrongType(value, datetime.datetime, field.__name__)
    elif kind in ("choice", "multiple_choice"):
        vocabulary = _vocabulary(field, context)
        values = value if kind == "multiple_choice" else [value]
        if kind == "multiple_choice" and not isinstance(value, list):
            raise schema_ifaces.WrongType(value, list, field.__name__)
        resolved = []
        for item in values:
            if vocabulary is not None:
                try:
                    item = vocabulary.getTermByToken(str(item)).value
                except LookupError:
                    raise schema_ifaces.ConstraintNotSatisfied(item, field.__name__)
            resolved.append(item)
        if kind == "choice":
            value = resolved[0]
        else:
            value = field._type(resolved) if isinstance(field._type, type) else resolved
    elif kind == "list":
        if not isinstance(value, list):
            raise schema_ifaces.WrongType(value, list, field.__name__)
        value = field._type(value) if isinstance(field._type, type) else value
    elif isinstance(value, str) and schema_ifaces.IFromUnicode.providedBy(field):
        return field.bind(context).fromUnicode(value)
    field.bind(context).validate(value)
    return value


def easyform_validators(form, field, value, request):
    """EasyForm's own validators of a field (``validators``, ``TValidator``),
    as the web form runs them: a message or None."""
    if value is None:
        return None
    for name in _extender(field, "validators") or []:
        method = queryUtility(IFieldValidator, name=name)
        if method is None:
            continue
        try:
            result = method(value, REQUEST=request)
        except Exception as exc:  # EasyForm's isValidEmail raises
            result = str(exc) or _("Isian tidak valid.")
        if result:
            return result
    expression = _extender(field, "TValidator")
    if expression and form is not None:
        try:
            result = get_expression(form, expression, value=value)
        except Exception as exc:
            return str(exc)
        if result:
            return result
    return None


def parse_json(permit_type, payload, request):
    """``(answers, uploads, extra_titles, errors)`` from an ``@apply`` body."""
    errors = {}
    if not isinstance(payload, dict):
        return {}, {}, {}, {FORM_ERROR: _("Isi permintaan harus berupa objek JSON.")}
    form = form_of(permit_type)
    schema = build_schema(permit_type, form)
    rows = requirement_rows(permit_type)
    answers, uploads, extra_titles = {}, {}, {}
    known = set()
    for name, field in visible_fields(form, schema):
        known.add(name)
        kind = field_kind(field)
        value = payload.get(name)
        title = field.title or name
        if kind == "label":
            continue
        if name in APPLICANT_IDS:
            answers[name] = value
            continue
        if kind == "file" or name in rows:
            limit = rules(rows[name])[1] if name in rows else size_limit_mb()
            if name not in rows:
                extra_titles[name] = title
            if value in (None, ""):
                if field.required and name not in rows:
                    errors[name] = _("Dokumen ${title} wajib diunggah.", mapping={"title": title})
                continue
            try:
                uploads[name] = _decode_document(title, value, limit)
            except UploadError as exc:
                errors[name] = exc.message
            continue
        try:
            answers[name] = _parse_value(field, value, form or permit_type)
        except (schema_ifaces.ValidationError, Invalid, ValueError) as exc:
            errors[name] = _schema_error_message(exc)
            continue
        message = easyform_validators(form, field, answers[name], request)
        if message:
            errors[name] = message
    # documents of rows the form does not show (not synced yet) still count
    for row_id, row in rows.items():
        if row_id not in known and payload.get(row_id) not in (None, ""):
            known.add(row_id)
            try:
                uploads[row_id] = _decode_document(
                    row.get("title") or row_id, payload[row_id], rules(row)[1]
                )
            except UploadError as exc:
                errors[row_id] = exc.message
    if form is not None:
        answers.update(server_side_values(form, schema))
    for name in payload:
        if name not in known and not name.startswith("@"):
            errors[name] = _("Kolom tidak dikenal pada formulir ini.")
    return answers, uploads, extra_titles, errors


def describe(permit_type, request):
    """The form's fields for a client that renders it itself."""
    form = form_of(permit_type)
    schema = build_schema(permit_type, form)
    rows = requirement_rows(permit_type)
    member = None if api.user.is_anonymous() else api.user.get_current()
    fields = []
    for name, field in visible_fields(form, schema):
        kind = field_kind(field)
        item = {
            "id": name,
            "title": translate(field.title or name, context=request),
            "description": translate(field.description or "", context=request),
            "type": kind,
            "required": bool(field.required) and kind != "label",
            "choices": None,
        }
        if kind in ("choice", "multiple_choice"):
            vocabulary = _vocabulary(field, form or permit_type)
            if vocabulary is not None:
                item["choices"] = [
                    {"token": term.token, "title": translate(term.title or str(term.value), context=request)}
                    for term in vocabulary
                ]
        if kind == "file" or name in rows:
            types, limit = rules(rows.get(name))
            item["type"] = "file"
            item["file_types"] = types
            item["accept"] = mime_types(types)
            item["max_size_mb"] = limit
            item["requirement"] = name in rows
        if name in APPLICANT_IDS and member is not None:
            item["default"] = member.getProperty(PROFILE_PROPERTIES[name], "") or ""
        fields.append(item)
    return {
        "@id": f"{permit_type.absolute_url()}/@apply",
        "permit_type": {
            "@id": permit_type.absolute_url(),
            "title": permit_type.Title(),
            "code": getattr(permit_type, "code", None),
            "service_days": getattr(permit_type, "service_days", None),
        },
        "online": bool(getattr(permit_type, "online", False)),
        "form": form.absolute_url() if form is not None else None,
        "fields": fields,
    }


def translate_errors(errors, request):
    """``[{"field", "message"}]`` with messages in the request's language."""
    return [
        {"field": field, "message": translate(message, context=request)}
        for field, message in errors.items()
    ]
