"""A draft's answers between the web form and JSON.

A draft keeps every answer as ``@apply`` takes it (JSON: choices by token,
dates as ISO text).  ``from_form``: the web form's answers (Python values,
or the text typed into a field that did not validate) as such JSON;
``request_values``: a draft's answers as the request values that fill the
web form's widgets again (EasyForm prefills from the request).
"""

from ptsp_portal.forms.codec import json_value
from ptsp_portal.forms.fields import field_kind
from ptsp_portal.forms.fields import vocabulary_of

PREFIX = "form.widgets."


def _token(vocabulary, value):
    if vocabulary is None:
        return json_value(value)
    try:
        return vocabulary.getTerm(value).token
    except LookupError:
        return json_value(value)


def to_json(field, value, context):
    """A Python answer of ``field`` as the JSON ``@apply`` reads back."""
    kind = field_kind(field)
    if value is None:
        return None
    if kind == "choice":
        return _token(vocabulary_of(field, context), value)
    if kind == "multiple_choice":
        vocabulary = vocabulary_of(field, context)
        return [_token(vocabulary, item) for item in value]
    return json_value(value)


def from_form(fields, data, raw, context):
    """JSON answers of the web form: ``data`` (valid answers, Python
    values) over ``raw`` (field id -> what was typed, for fields whose
    answer did not validate; kept as typed)."""
    answers = {}
    for name, field in fields.items():
        if name in data:
            answers[name] = to_json(field, data[name], context)
        elif isinstance(raw.get(name), str):
            answers[name] = raw[name]
    return answers


def _widget_value(field, value):
    kind = field_kind(field)
    if kind == "boolean":
        return ["selected"] if value is True else []
    if kind == "choice":
        return [str(value)]
    if kind == "multiple_choice":
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if kind == "list":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if kind == "datetime" and isinstance(value, str):
        return value[:16]
    return str(value)


def request_values(fields, answers):
    """``{"form.widgets.<id>": value}`` filling the widgets with ``answers``."""
    values = {}
    for name, field in fields.items():
        value = answers.get(name)
        if value is None or value == "" or value == []:
            continue
        values[PREFIX + name] = _widget_value(field, value)
        if field_kind(field) in ("boolean", "choice", "multiple_choice"):
            values[PREFIX + name + "-empty-marker"] = "1"
    return values
