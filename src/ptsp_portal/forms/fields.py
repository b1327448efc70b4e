"""What a form field is, as the web form, ``@apply`` and ``@revision`` see it.

``field_kind`` names the kind of answer a field takes (``describe()``'s
``type`` and how ``codec.parse_value`` reads a JSON value);
``easyform_setting`` reads what EasyForm's field extender stores on a field
(server-side, enabled, default and validator expressions); the visible
fields are those a citizen fills in.
"""

from collective.easyform.api import get_expression
from collective.easyform.interfaces import IFieldExtender
from collective.easyform.interfaces import ILabel
from plone.app.textfield.interfaces import IRichText
from plone.namedfile.interfaces import INamedField
from zope.schema import getFieldsInOrder
from zope.schema import interfaces as schema_ifaces


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


def vocabulary_of(field, context):
    """The tokenized vocabulary of a choice (or of the choices of a
    collection) bound to ``context``, or None."""
    choice = field if schema_ifaces.IChoice.providedBy(field) else getattr(field, "value_type", None)
    if choice is None:
        return None
    bound = choice.bind(context)
    vocabulary = bound.vocabulary  # bind() resolves a named vocabulary
    if vocabulary is not None and not schema_ifaces.IVocabularyTokenized.providedBy(vocabulary):
        return None
    return vocabulary


def easyform_setting(field, name, default=None):
    """An attribute of EasyForm's ``IFieldExtender`` of ``field``
    (``serverSide``, ``TEnabled``, ``TDefault``, ``validators``, ...)."""
    try:
        return getattr(IFieldExtender(field), name, default)
    except TypeError:
        return default


def visible_fields(form, schema):
    """``[(name, field)]`` a citizen fills in: no server-side fields, no
    fields switched off by their ``TEnabled`` expression."""
    result = []
    for name, field in getFieldsInOrder(schema):
        if easyform_setting(field, "serverSide"):
            continue
        enabled = easyform_setting(field, "TEnabled")
        if enabled and form is not None and not get_expression(form, enabled):
            continue
        result.append((name, field))
    return result


def server_side_values(form, schema):
    values = {}
    for name, field in getFieldsInOrder(schema):
        if easyform_setting(field, "serverSide"):
            expression = easyform_setting(field, "TDefault")
            values[name] = get_expression(form, expression) if expression else field.default
    return values
