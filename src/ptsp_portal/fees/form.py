"""The numeric answers of a permit type's form: what a fee may be computed
from, and the definition checked against them."""

from ptsp_portal.fees import definition
from ptsp_portal.forms.fields import field_kind
from ptsp_portal.forms.fields import visible_fields
from ptsp_portal.forms.model import form_of
from ptsp_portal.forms.schema import build_schema

NUMERIC_KINDS = ("integer", "number")


def numeric_answers(permit_type):
    """``{field id: title}`` of the numeric fields a citizen fills in."""
    form = form_of(permit_type)
    if form is None:
        return {}
    schema = build_schema(permit_type, form)
    return {
        name: field.title or name
        for name, field in visible_fields(form, schema)
        if field_kind(field) in NUMERIC_KINDS
    }


def checked_definition(permit_type):
    """The permit type's fee definition, its answer checked against the
    form (``definition.FeeDefinitionError`` names the field)."""
    found = definition.from_permit_type(permit_type)
    if found.kind in (definition.RATE, definition.TIERED):
        return definition.check(
            {
                "kind": found.kind,
                "answer": found.answer,
                "rate": found.rate,
                "index": str(found.index),
                "tiers": [{"up_to": u, "amount": a} for u, a in found.tiers],
            },
            numeric_answers=set(numeric_answers(permit_type)),
        )
    return found
