"""The permit catalogue (``layanan``): permit types from catalog brains."""

from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.i18n.formatting import format_rupiah
from ptsp_portal.i18n.formatting import format_service_days
from ptsp_portal.vocabularies import SECTORS


class PermitCatalogueView(BrowserView):
    b_size = 30

    def sectors(self):
        return [{"token": t.token, "title": t.title} for t in SECTORS]

    def selected_sector(self):
        sector = self.request.form.get("sektor", "")
        return sector if sector in SECTORS else ""

    def query_text(self):
        return (self.request.form.get("q") or "").strip()

    def batch(self):
        query = {
            "portal_type": PERMIT_TYPE,
            "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            "sort_on": "getObjPositionInParent",
        }
        if self.selected_sector():
            query["sector"] = self.selected_sector()
        if self.query_text():
            query["SearchableText"] = self.query_text()
        brains = api.portal.get_tool("portal_catalog").searchResults(query)
        return Batch(brains, self.b_size, start=int(self.request.form.get("b_start", 0)))

    def sector_title(self, token):
        return SECTORS.getTerm(token).title if token in SECTORS else token

    def fee(self, brain):
        return format_rupiah(brain.fee_amount)

    def service_days(self, days):
        return format_service_days(days)
