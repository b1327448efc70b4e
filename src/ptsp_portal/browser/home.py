"""Front page (``beranda``): featured services, latest news, search; on a
demo site, the way to the guided first visit (``@@coba-portal``)."""

from plone import api
from Products.Five.browser import BrowserView
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.demo.accounts import is_demo
from ptsp_portal.i18n.formatting import format_rupiah
from ptsp_portal.i18n.formatting import format_service_days
from ptsp_portal.service_standard import overview

FEATURED = 6
NEWS = 3


class HomeView(BrowserView):
    def _search(self, **query):
        return api.portal.get_tool("portal_catalog").searchResults(**query)

    def featured_services(self):
        """The first permit types in the order editors gave them in ``layanan``."""
        return self._search(
            portal_type=PERMIT_TYPE,
            sort_on="getObjPositionInParent",
            sort_limit=FEATURED,
        )[:FEATURED]

    def latest_news(self):
        return self._search(
            portal_type="News Item",
            sort_on="effective",
            sort_order="descending",
            sort_limit=NEWS,
        )[:NEWS]

    def section_url(self, name):
        portal = api.portal.get()
        return f"{portal.absolute_url()}/{name}"

    def fee(self, brain):
        return format_rupiah(brain.fee_amount)

    def service_days(self, days):
        return format_service_days(days)

    def guide_url(self):
        """``@@coba-portal`` on a demo site, else ``None``."""
        if not is_demo():
            return None
        return f"{api.portal.get().absolute_url()}/@@coba-portal"

    def accountability(self):
        """The service pledge (when the office has one) and the Standar
        Pelayanan overview, with the other accountability pages."""
        return overview.channels(api.portal.get())
