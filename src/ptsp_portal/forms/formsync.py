"""One permit type drives its form.

Every ``PermitType`` with ``online`` true holds an EasyForm ``formulir``
(created with the permit type, or when it is set online) with

- the applicant fields and one file field per requirement row
  (``ptsp_portal.forms.schema``; uploads checked on the server by
  ``ptsp_portal.forms.validators``), kept in sync when the rows change;
- the action "Create permit application" (``ptsp_portal.forms.action``).

Editors' own questions, added with EasyForm's editor, are never touched;
any other action is removed.  The form belongs to the office
(``ptsp_portal.forms.security``): it is created as the site's owner, has its
own one-state workflow (its View follows the permit type) and no Owner role
for whoever triggered its creation.
"""

from Acquisition import aq_base
from collective.easyform.api import get_actions
from collective.easyform.api import set_actions
from collective.easyform.api import set_fields
from plone import api
from plone.dexterity.utils import addContentToContainer
from plone.dexterity.utils import createContent
from plone.schemaeditor.utils import EditableSchema
from plone.supermodel import loadString
from plone.supermodel import serializeSchema
from ptsp_portal import _
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.forms.action import CreatePermitApplication
from ptsp_portal.forms.interfaces import IPermitForm
from ptsp_portal.forms.model import ACTION_ID
from ptsp_portal.forms.model import action_settings
from ptsp_portal.forms.model import ACTION_TYPE
from ptsp_portal.forms.model import FORM_ID
from ptsp_portal.forms.model import form_of
from ptsp_portal.forms.schema import applicant_fields_xml
from ptsp_portal.forms.schema import MANAGED_ATTR
from ptsp_portal.forms.schema import sync_schema
from ptsp_portal.forms.security import as_site_owner
from ptsp_portal.forms.security import remove_foreign_actions
from ptsp_portal.forms.security import secure_form
from ptsp_portal.i18n.language import in_site_language
from xml.sax.saxutils import escape
from zope.container.interfaces import IContainerModifiedEvent
from zope.globalrequest import getRequest
from zope.interface import alsoProvides
from zope.schema import getFieldNamesInOrder

import logging

logger = logging.getLogger("ptsp_portal.forms")

AUTO_TITLE_ATTR = "ptsp_auto_title"


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


def ensure_action(form):
    """Our action is there."""
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
        fields_model=applicant_fields_xml(),
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
            "/".join(permit_type.getPhysicalPath()),
            FORM_ID,
        )
        return None
    return create_form(permit_type)


def ensure_forms(site):
    """Forms for every online permit type of ``site`` (site creation, upgrades)."""
    catalog = api.portal.get_tool("portal_catalog")
    forms = []
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE):
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
