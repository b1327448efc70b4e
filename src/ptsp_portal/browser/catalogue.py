"""The permit catalogue (``layanan``): permit types from catalog brains."""

from plone import api
from plone.base.utils import munge_search_term
from plone.batching import Batch
from Products.Five.browser import BrowserView
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.ParseTree import QueryError
from ptsp_portal.browser.batching import batch_start
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.i18n.formatting import format_rupiah
from ptsp_portal.i18n.formatting import format_service_days
from ptsp_portal.vocabularies import SECTORS


class PermitCatalogueView(BrowserView):
    b_size = 30
    # the search term could not be used (a bare "and", only operators…)
    query_error = False

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
        catalog = api.portal.get_tool("portal_catalog")
        brains = None
        if self.query_text():
            # prepared as Plone's own search does: words, not query syntax
            term = munge_search_term(self.query_text())
            if term:
                try:
                    brains = catalog.searchResults(query, SearchableText=term)
                except (ParseError, QueryError):
                    pass
            self.query_error = brains is None
        if brains is None:
            brains = catalog.searchResults(query)
        return Batch(brains, self.b_size, start=batch_start(self.request))

    def sector_title(self, token):
        return SECTORS.getTerm(token).title if token in SECTORS else token

    def fee(self, brain):
        return format_rupiah(brain.fee_amount)

    def service_days(self, days):
        return format_service_days(days)
