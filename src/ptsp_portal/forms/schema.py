"""The fields model of a permit form.

The applicant fields come first (ids of ``PermitApplication``'s fields,
prefilled from the member profile by EasyForm default expressions, checked
by our EasyForm validators), then one file field per requirement row (id =
row id, required as the row, the accepted types and size limit in the
description).  Editors' own questions are kept as they are.
"""

from Acquisition import aq_base
from plone.namedfile.field import NamedBlobFile
from plone.schemaeditor.utils import EditableSchema
from plone.supermodel import loadString
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.forms.model import APPLICANT_FORM_FIELDS
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.forms.uploads import describe_rules
from ptsp_portal.i18n.language import in_site_language
from xml.sax.saxutils import escape
from xml.sax.saxutils import quoteattr
from zope.schema import getFieldNamesInOrder

import logging

logger = logging.getLogger("ptsp_portal.forms")

# ids of the requirement fields this module manages, stored on the form
MANAGED_ATTR = "ptsp_requirement_fields"
EASYFORM_NS = "http://namespaces.plone.org/supermodel/easyform"


def applicant_fields_xml():
    """The fields model of a new form: the applicant fields."""
    parts = []
    for name, (type_, prop, validator) in APPLICANT_FORM_FIELDS.items():
        field = IPermitApplication[name]
        default = f"python:member and member.getProperty('{prop}', '') or ''"
        attrs = f" easyform:TDefault={quoteattr(default)}"
        if validator:
            attrs += f" easyform:validators={quoteattr(validator)}"
        description = in_site_language(field.description) if field.description else ""
        parts.append(
            f'    <field name="{name}" type="{type_}"{attrs}>\n'
            f"      <title>{escape(in_site_language(field.title))}</title>\n"
            f"      <description>{escape(description)}</description>\n"
            f"      <required>True</required>\n"
            f"    </field>\n"
        )
    return (
        '<model xmlns="http://namespaces.plone.org/supermodel/schema"'
        f' xmlns:easyform="{EASYFORM_NS}">\n  <schema>\n' + "".join(parts) + "  </schema>\n</model>\n"
    )


def _file_description(row):
    text = (row.get("description") or "").strip()
    rules = in_site_language(describe_rules(row))
    return f"{text} {rules}".strip() if text else rules


def sync_schema(schema, permit_type, managed=()):
    """Make the requirement file fields of ``schema`` follow the rows.

    ``managed`` are the ids this module created before; fields with other
    ids are the editors' and stay as they are, unless a row now claims
    their id.  Returns the new tuple of managed ids.
    """
    rows = requirement_rows(permit_type)
    editable = EditableSchema(schema)
    before = getFieldNamesInOrder(schema)
    # the block of requirement fields stays where its first field was
    anchor = next((n for n in before if n in managed and n in rows), None)
    for name in before:
        if name in managed and name not in rows:
            editable.removeField(name)
    for row_id, row in rows.items():
        field = schema.get(row_id)
        if field is not None and not isinstance(field, NamedBlobFile):
            if row_id not in managed:
                logger.warning(
                    "%s: the question %r is replaced by the upload of the requirement",
                    "/".join(permit_type.getPhysicalPath()),
                    row_id,
                )
            editable.removeField(row_id)
            field = None
        if field is None:
            field = NamedBlobFile(__name__=row_id)
            editable.addField(field, row_id)
        field.title = row.get("title") or row_id
        field.description = _file_description(row)
        field.required = bool(row.get("required"))
    others = [n for n in getFieldNamesInOrder(schema) if n not in rows]
    if anchor is not None:
        position = len([n for n in before[: before.index(anchor)] if n in others])
    else:
        # a new block goes after the applicant fields
        applicant = [i for i, n in enumerate(others) if n in APPLICANT_FORM_FIELDS]
        position = (max(applicant) + 1) if applicant else len(others)
    final = others[:position] + list(rows) + others[position:]
    for index, name in enumerate(final):
        schema[name].order = index
    return tuple(rows)


def build_schema(permit_type, form=None):
    """The form's schema in sync with the rows (not stored)."""
    source = getattr(aq_base(form), "fields_model", None) if form is not None else None
    schema = loadString(source or applicant_fields_xml()).schema
    managed = getattr(aq_base(form), MANAGED_ATTR, ()) if form is not None else ()
    sync_schema(schema, permit_type, managed)
    return schema
