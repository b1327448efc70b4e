"""An ``@apply`` or ``@revision`` body in, answers out, and the form
described for a client that renders it itself.

- ``json_value``: an answer as JSON (how ``form_data`` stores it);
- ``decode_document``: a base64 document object as an ``Upload``;
- ``parse_value``: a JSON value as the Python value of a form field;
- ``parse_json``: an ``@apply`` body as answers, uploads and errors;
- ``parse_contract``: the ``@apply`` contract's own keys of a body;
- ``describe``: the form for ``GET @apply``.

plone.restapi's ``IFieldDeserializer`` adapters and
``get_jsonschema_properties`` are not used for the typed fields and the
description: they read other values (tokens or values for choices, a single
value for a list, any ``dateutil`` date, UTC datetimes, bools as integers)
and describe fields as JSON schema, and the answers of ``@apply`` and
``@revision`` are pinned.  Its generic ``DefaultFieldDeserializer`` reads
the fields of no known kind.
"""

from plone import api
from plone.app.textfield.value import RichTextValue
from plone.namedfile.interfaces import INamed
from plone.restapi.deserializer.dxfields import DefaultFieldDeserializer
from ptsp_portal import _
from ptsp_portal.applications.applicant import schema_error_message
from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.constants import CHANNEL_ONLINE
from ptsp_portal.constants import CHANNELS
from ptsp_portal.constants import ON_BEHALF_OF
from ptsp_portal.constants import POWER_OF_ATTORNEY
from ptsp_portal.forms.checks import easyform_validators
from ptsp_portal.forms.fields import field_kind
from ptsp_portal.forms.fields import server_side_values
from ptsp_portal.forms.fields import visible_fields
from ptsp_portal.forms.fields import vocabulary_of
from ptsp_portal.forms.model import APPLICANT_FORM_FIELDS
from ptsp_portal.forms.model import FORM_ERROR
from ptsp_portal.forms.model import form_of
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.forms.model import Upload
from ptsp_portal.forms.schema import build_schema
from ptsp_portal.forms.uploads import mime_types
from ptsp_portal.forms.uploads import rules
from ptsp_portal.forms.uploads import size_limit_mb
from ptsp_portal.forms.uploads import UploadError
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema import interfaces as schema_ifaces

import base64
import binascii
import datetime
import decimal


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


def decode_document(title, value, limit_mb):
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
        raise UploadError(_("Dokumen ${title}: encoding harus base64.", mapping={"title": title}))
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
        ) from None
    return Upload(str(value.get("filename") or ""), str(value.get("content-type") or ""), data)


def parse_value(field, value, context, request=None):
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
            raise schema_ifaces.WrongType(value, int, field.__name__) from None
    elif kind == "number":
        try:
            value = decimal.Decimal(str(value)) if schema_ifaces.IDecimal.providedBy(field) else float(value)
        except (ValueError, decimal.InvalidOperation, TypeError):
            raise schema_ifaces.WrongType(value, float, field.__name__) from None
    elif kind == "date":
        try:
            value = datetime.date.fromisoformat(str(value)[:10])
        except ValueError:
            raise schema_ifaces.WrongType(value, datetime.date, field.__name__) from None
    elif kind == "datetime":
        try:
            value = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise schema_ifaces.WrongType(value, datetime.datetime, field.__name__) from None
    elif kind in ("choice", "multiple_choice"):
        vocabulary = vocabulary_of(field, context)
        values = value if kind == "multiple_choice" else [value]
        if kind == "multiple_choice" and not isinstance(value, list):
            raise schema_ifaces.WrongType(value, list, field.__name__)
        resolved = []
        for item in values:
            if vocabulary is not None:
                try:
                    item = vocabulary.getTermByToken(str(item)).value
                except LookupError:
                    raise schema_ifaces.ConstraintNotSatisfied(item, field.__name__) from None
            resolved.append(item)
        if kind == "choice":
            value = resolved[0]
        else:
            value = field._type(resolved) if isinstance(field._type, type) else resolved
    elif kind == "list":
        if not isinstance(value, list):
            raise schema_ifaces.WrongType(value, list, field.__name__)
        value = field._type(value) if isinstance(field._type, type) else value
    elif not isinstance(value, str) or schema_ifaces.IFromUnicode.providedBy(field):
        # any other field: plone.restapi's generic deserializer (validate, or
        # fromUnicode for text); a text for a field that cannot read text is
        # refused by validate() below, where restapi would fail to adapt
        return DefaultFieldDeserializer(field, context, request)(value)
    field.bind(context).validate(value)
    return value


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
        if name in APPLICANT_FIELDS:
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
                uploads[name] = decode_document(title, value, limit)
            except UploadError as exc:
                errors[name] = exc.message
            continue
        try:
            answers[name] = parse_value(field, value, form or permit_type, request)
        except (schema_ifaces.ValidationError, Invalid, ValueError) as exc:
            errors[name] = schema_error_message(exc)
            continue
        message = easyform_validators(form, field, answers[name], request)
        if message:
            errors[name] = message
    # documents of rows the form does not show (not synced yet) still count
    for row_id, row in rows.items():
        if row_id not in known and payload.get(row_id) not in (None, ""):
            known.add(row_id)
            try:
                uploads[row_id] = decode_document(row.get("title") or row_id, payload[row_id], rules(row)[1])
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
            vocabulary = vocabulary_of(field, form or permit_type)
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
        if name in APPLICANT_FIELDS and member is not None:
            item["default"] = member.getProperty(APPLICANT_FORM_FIELDS[name].profile_property, "") or ""
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


def parse_contract(payload):
    """``(contract, errors)``: the ``@apply`` keys of the contract taken out
    of ``payload`` (a dict, changed in place), so that the rest are answers.

    ``on_behalf_of`` is kept as sent (``submission.validate`` checks it),
    ``power_of_attorney`` becomes an ``Upload``; ``channel`` may be
    ``online`` only (``counter`` comes later), ``filed_by`` is always the
    account; ``draft`` (true: save as a draft) and ``draft_id`` (the
    saved draft to update or submit) are kept for ``ptsp_portal.drafts``.
    """
    contract, errors = {}, {}
    if not isinstance(payload, dict):
        return contract, errors
    if "draft" in payload:
        draft = payload.pop("draft")
        if not isinstance(draft, bool):
            errors["draft"] = _('"draft" harus true atau false.')
        elif draft:
            contract["draft"] = True
    if "draft_id" in payload:
        draft_id = payload.pop("draft_id")
        if not isinstance(draft_id, str) or not draft_id.strip():
            errors["draft_id"] = _("Draf tidak ditemukan.")
        else:
            contract["draft_id"] = draft_id.strip()
    if "filed_by" in payload:
        payload.pop("filed_by")
        errors["filed_by"] = _("Diisi oleh sistem: permohonan selalu diajukan oleh akun yang masuk.")
    if "channel" in payload:
        channel = payload.pop("channel")
        if channel not in CHANNELS:
            errors["channel"] = _(
                'Saluran pengajuan tidak dikenal; gunakan "${online}".', mapping={"online": CHANNEL_ONLINE}
            )
        else:
            contract["channel"] = channel
    if payload.get(ON_BEHALF_OF) is not None:
        contract[ON_BEHALF_OF] = payload.pop(ON_BEHALF_OF)
    else:
        payload.pop(ON_BEHALF_OF, None)
    value = payload.pop(POWER_OF_ATTORNEY, None)
    if value not in (None, ""):
        try:
            contract[POWER_OF_ATTORNEY] = decode_document(_("Surat kuasa"), value, size_limit_mb())
        except UploadError as exc:
            errors[POWER_OF_ATTORNEY] = exc.message
    return contract, errors
