"""Install and uninstall helpers for the GenericSetup profiles."""

from Acquisition import aq_base
from plone import api
from plone.base.interfaces import INonInstallable
from plone.folder.default import DefaultOrdering
from ptsp_portal.accounts import nik_claims
from ptsp_portal.accounts.visibility import protect_portraits
from ptsp_portal.accounts.visibility import unprotect_portraits
from ptsp_portal.complaints import setup as complaints_setup
from ptsp_portal.constants import APPLICATIONS_FOLDER
from ptsp_portal.constants import COMPLAINT
from ptsp_portal.constants import OUR_TYPES
from ptsp_portal.counter import setup as counter_setup
from ptsp_portal.fees import setup as fees_setup
from ptsp_portal.security import loginlock
from ptsp_portal.security.twofactor import plugin as twofactor
from ptsp_portal.survey.storage import get_storage
from zope.annotation.interfaces import IAnnotations
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile from the add-ons control panel."""
        return ["ptsp_portal:uninstall"]

    def getNonInstallableProducts(self):
        return []


def make_unordered(folder):
    """Give ``folder`` plone.folder's "unordered" ordering.

    Applications have no manual order (every listing sorts them by the
    catalog), and the default ordering keeps every id in one list: each new
    application rewrites that list, and two submissions at the same moment
    conflict on it.  The old order annotations are dropped and the children
    reindexed for ``getObjPositionInParent`` (see indexers/application.py).
    """
    if getattr(aq_base(folder), "_ordering", "") == "unordered":
        return False
    folder.setOrdering("unordered")
    annotations = IAnnotations(folder)
    for key in (DefaultOrdering.ORDER_KEY, DefaultOrdering.POS_KEY):
        if key in annotations:
            del annotations[key]
    for obj in folder.objectValues():
        reindex = getattr(obj, "reindexObject", None)
        if reindex is not None:
            reindex(idxs=["getObjPositionInParent"])
    return True


def unordered_applications_folder(portal):
    """``/permohonan`` unordered, when the site has it."""

    folder = portal.get(APPLICATIONS_FOLDER) if APPLICATIONS_FOLDER in portal else None
    if folder is None or not hasattr(aq_base(folder), "setOrdering"):
        return False
    return make_unordered(folder)


def post_install(context):
    """Login throttling: our PAS plugin first in the site's ``acl_users``;
    uploaded portraits are not public; the plugin keeping second factors
    (two-factor login); the NIK index, with the NIKs members hold already (a
    reinstall)."""
    portal = api.portal.get()
    loginlock.install(portal)
    protect_portraits(portal)
    twofactor.install(portal)
    nik_claims.fill_from_members()
    get_storage(portal, create=True)  # the SKM survey's storage, made once
    # the private folder /pengaduan and the complaint handlers' group
    complaints_setup.ensure_office(portal)
    # the front office's group (Petugas Loket, the counter)
    counter_setup.ensure_group()
    # the cashiers' group (Kasir) and the bills' ledger
    fees_setup.ensure_cashiers(portal)


def uninstall(context):
    """Remove our content and types so the site keeps working without us."""
    portal = api.portal.get()
    loginlock.uninstall(portal)
    unprotect_portraits(portal)
    twofactor.uninstall(portal)
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type=(*OUR_TYPES, COMPLAINT)):
        obj = brain._unrestrictedGetObject()
        obj.aq_parent.manage_delObjects([obj.getId()])
    types_tool = api.portal.get_tool("portal_types")
    for name in (*OUR_TYPES, COMPLAINT):
        if name in types_tool:
            types_tool.manage_delObjects([name])
    for path in ("layanan", "regulasi"):
        if path in portal and portal[path].getLayout() in (
            "permit-catalogue",
            "regulation-listing",
        ):
            portal[path].setLayout("listing_view")
    if portal.getLayout() == "beranda":
        portal.setLayout("listing_view")
