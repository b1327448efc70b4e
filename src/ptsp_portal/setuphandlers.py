"""Install and uninstall helpers for the GenericSetup profiles."""

from plone import api
from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile from the add-ons control panel."""
        return ["ptsp_portal:uninstall"]

    def getNonInstallableProducts(self):
        return []


OUR_TYPES = ("PermitApplication", "PermitType", "Regulation")


def uninstall(context):
    """Remove our content and types so the site keeps working without us."""
    portal = api.portal.get()
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type=OUR_TYPES):
        obj = brain._unrestrictedGetObject()
        obj.aq_parent.manage_delObjects([obj.getId()])
    types_tool = api.portal.get_tool("portal_types")
    for name in OUR_TYPES:
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
