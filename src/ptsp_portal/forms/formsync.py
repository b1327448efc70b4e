"""One permit type drives its form.

Every ``PermitType`` with ``online`` true holds an EasyForm ``formulir``
(created with the permit type, or when it is set online) with

- the applicant fields, with the ids of ``PermitApplication``'s fields and
  prefilled from the member profile by EasyForm default expressions;
- one file field per requirement row (id = row id, required as the row, the
  accepted types and size limit in the description; checked on the server
  by ``ptsp_portal.forms.validators``), kept in sync when the rows change;
- the action "Create permit application" (``ptsp_portal.forms.action``).

Editors' own questions, added with EasyForm's editor, are never touched;
any other action is removed.  The form belongs to the office
(``ptsp_portal.forms.security``): it is created as the site's owner, has its
own one-state workflow (its View follows the permit type) and no Owner role
for whoever triggered its creation.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from collective.easyform.api import get_actions
from collective.easyform.api import set_actions
from collective.easyform.api import set_fields
from plone import api
from plone.dexterity.utils import addContentToContainer
from plone.dexterity.utils import createContent
from plone.namedfile.field import NamedBlobFile
from plone.schemaeditor.utils import EditableSchema
from plone.supermodel import loadString
from plone.supermodel import serializeSchema
from ptsp_portal import _
from ptsp_portal.i18n.language import in_site_language
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.forms.interfaces import IPermitForm
from ptsp_portal.forms.security import as_site_owner
from ptsp_portal.forms.security import remove_foreign_actions
from ptsp_portal.forms.security import secure_form
from ptsp_portal.forms.uploads import describe_rules
from xml.sax.saxutils import escape
from xml.sax.saxutils import quoteattr
from zope.container.interfaces import IContainerModifiedEvent
from zope.globalrequest import getRequest
from zope.interface import alsoProvides
from zope.schema import getFieldNamesInOrder

import logging

logger = logging.getLogger("ptsp_portal.forms")

FORM_ID = "formulir"
ACTION_ID = "create_application"
ACTION_TYPE = "ptsp_portal.forms.action.CreatePermitApplication"
# ids of the requirement fields this module manages, stored on the form
MANAGED_ATTR = "ptsp_requirement_fields"
AUTO_TITLE_ATTR = "ptsp_auto_title"

# (id, zope.schema type, profile property for the default, EasyForm validator)
APPLICANT_FIELDS = (
    ("applicant_name", "zope.schema.TextLine", "fullname", None),
    ("applicant_nik", "zope.schema.TextLine", "nik", "ptsp_portal.nik"),
    ("applicant_email", "zope.schema.TextLine", "email", "ptsp_portal.email"),
    ("applicant_phone", "zope.schema.TextLine", "phone", "ptsp_portal.phone"),
    ("applicant_address", "zope.schema.Text", "address", None),
)
APPLICANT_IDS = tuple(f[0] for f in APPLICANT_FIELDS)
PROFILE_PROPERTIES = {f[0]: f[2] for f in APPLICANT_FIELDS}

EASYFORM_NS = "http://namespaces.plone.org/supermodel/easyform"


def permit_type_of(form):
    """The PermitType a form belongs to, or None."""
    if form is None or not IPermitForm.providedBy(form):
        return None
    parent = aq_parent(aq_inner(form))
    if getattr(aq_base(parent), "portal_type", None) != "PermitType":
        return None
    return parent


def form_of(permit_type):
    """The ``formulir`` of a permit type, or None."""
    form = permit_type.get(FORM_ID) if permit_type is not None else None
    if form is not None and IPermitForm.providedBy(form):
        return form
    return None


def requirement_rows(permit_type):
    """``{row id: row}`` in row order (rows without an id are skipped)."""
    rows = {}
    for row in getattr(permit_type, "requirements", None) or []:
        if row and row.get("id"):
            rows[row["id"]] = row
    return rows


def _applicant_fields_xml():
    parts = []
    for name, type_, prop, validator in APPLICANT_FIELDS:
        field = IPermitApplication[name]
        default = f"python:member and member.getProperty('{prop}', '') or ''"
        attrs = f' easyform:TDefault={quoteattr(default)}'
        if validator:
            attrs += f' easyform:validators={quoteattr(validator)}'
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
        f' xmlns:easyform="{EASYFORM_NS}">\n  <schema>\n'
        + "".join(parts)
        + "  </schema>\n</model>\n"
    )


def _actions_xml():
    return (
        '<model xmlns="http://namespaces.plone.org/supermodel/schema">\n'
        "  <schema>\n"
        f'    <field name="{ACTION_ID}" type="{ACTION_TYPE}">\n'
        f"      <title>{escape(in_site_language(_('Buat permohonan izin')))}</title>\n"
        "    </field>\n"
        "  </schema>\n"
        "</model>\n"
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
        applicant = [i for i, n in enumerate(others) if n in APPLICANT_IDS]
        position = (max(applicant) + 1) if applicant else len(others)
    final = others[:position] + list(rows) + others[position:]
    for index, name in enumerate(final):
        schema[name].order = index
    return tuple(rows)


def build_schema(permit_type, form=None):
    """The form's schema in sync with the rows (not stored)."""
    source = getattr(aq_base(form), "fields_model", None) if form is not None else None
    schema = loadString(source or _applicant_fields_xml()).schema
    managed = getattr(aq_base(form), MANAGED_ATTR, ()) if form is not None else ()
    sync_schema(schema, permit_type, managed)
    return schema


def _auto_title(permit_type):
    return in_site_language(
        _("Formulir permohonan ${title}", mapping={"title": permit_type.Title() or ""})
    ).strip()


def sync_form(form, permit_type):
    """Bring ``form`` in line with the permit type; store only on change."""
    schema = loadString(form.fields_model).schema
    managed = sync_schema(schema, permit_type, getattr(aq_base(form), MANAGED_ATTR, ()))
    source = serializeSchema(schema)
    if source != form.fields_model:
        set_fields(form, schema)
    if tuple(getattr(aq_base(form), MANAGED_ATTR, ())) != managed:
        setattr(form, MANAGED_ATTR, managed)
    remove_foreign_actions(form)
    ensure_action(form)
    auto = _auto_title(permit_type)
    if form.title == getattr(aq_base(form), AUTO_TITLE_ATTR, None) and form.title != auto:
        form.title = auto
        setattr(form, AUTO_TITLE_ATTR, auto)
        form.reindexObject(idxs=["Title", "sortable_title", "SearchableText"])
    return form


def action_settings(form):
    """Our action on ``form`` (None when there is no form or no action)."""
    from ptsp_portal.forms.action import CreatePermitApplication

    if form is None:
        return None
    actions = get_actions(form)
    for name in actions.names():
        if isinstance(actions[name], CreatePermitApplication):
            return actions[name]
    return None


def ensure_action(form):
    """Our action is there."""
    from ptsp_portal.forms.action import CreatePermitApplication

    if action_settings(form) is not None:
        return False
    actions = get_actions(form)
    name = ACTION_ID
    while name in actions.names():
        name += "_"
    action = CreatePermitApplication(__name__=name, title=in_site_language(_("Buat permohonan izin")))
    EditableSchema(actions).addField(action, name)
    for index, other in enumerate([name] + [n for n in getFieldNamesInOrder(actions) if n != name]):
        actions[other].order = index
    set_actions(form, actions)
    return True


def create_form(permit_type):
    """Create the ``formulir`` of an online permit type."""
    title = _auto_title(permit_type)
    form = createContent(
        "EasyForm",
        id=FORM_ID,
        title=title,
        description=in_site_language(
            _("Isi data pemohon dan unggah dokumen persyaratan, lalu ajukan permohonan.")
        ),
        fields_model=_applicant_fields_xml(),
        actions_model=_actions_xml(),
        submitLabel=in_site_language(_("Ajukan permohonan")),
        thankstitle=in_site_language(_("Permohonan terkirim")),
        thanksdescription="",
        exclude_from_nav=True,
        unload_protection=True,
        CSRFProtection=True,
    )
    # marked before it is added, so it gets the permit form workflow
    alsoProvides(form, IPermitForm)
    setattr(form, AUTO_TITLE_ATTR, title)
    # created by the site's owner, never by the editor whose edit triggered
    # it (their Owner role would offer mailers and saved data)
    with as_site_owner():
        form = addContentToContainer(permit_type, form, checkConstraints=False)
        secure_form(form)
        return sync_form(form, permit_type)


def ensure_form(permit_type):
    """Create or sync the form of an online permit type; return it or None."""
    form = form_of(permit_type)
    if form is not None:
        return sync_form(form, permit_type)
    if not getattr(permit_type, "online", False):
        return None
    if FORM_ID in permit_type.objectIds():
        logger.warning(
            "%s: %r exists but is not a permit form; no form created",
            "/".join(permit_type.getPhysicalPath()), FORM_ID,
        )
        return None
    return create_form(permit_type)


def ensure_forms(site):
    """Forms for every online permit type of ``site`` (site creation, upgrades)."""
    catalog = api.portal.get_tool("portal_catalog")
    forms = []
    for brain in catalog.unrestrictedSearchResults(portal_type="PermitType"):
        permit_type = brain._unrestrictedGetObject()
        form = ensure_form(permit_type)
        if form is not None:
            forms.append(form)
    return forms


# Subscribers (IPermitType)


def _importing():
    """plone.exportimport adds an item first and sets its fields after
    (firing IObjectModifiedEvent): the form is made then."""
    try:
        from plone.exportimport.interfaces import IExportImportRequestMarker
    except ImportError:  # pragma: no cover
        return False
    return IExportImportRequestMarker.providedBy(getRequest())


def on_added(permit_type, event):
    if getattr(permit_type, "online", False) and not _importing():
        ensure_form(permit_type)


def on_modified(permit_type, event):
    if IContainerModifiedEvent.providedBy(event):
        # a child was added or removed (our own form among them)
        return
    ensure_form(permit_type)
