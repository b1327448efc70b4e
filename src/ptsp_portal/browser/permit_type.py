"""Public page of a permit type: its standar pelayanan, phone first."""

from plone import api
from Products.Five.browser import BrowserView
from ptsp_portal.formatting import format_rupiah
from ptsp_portal.formatting import format_service_days
from ptsp_portal.vocabularies import FILE_TYPES
from ptsp_portal.vocabularies import SECTORS


class PermitTypeView(BrowserView):
    def sector_title(self):
        sector = self.context.sector
        return SECTORS.getTerm(sector).title if sector in SECTORS else sector

    def fee(self):
        return format_rupiah(self.context.fee_amount)

    def requirements(self):
        rows = []
        for row in self.context.requirements or []:
            types = [
                FILE_TYPES.getTerm(t).title for t in row.get("file_types") or [] if t in FILE_TYPES
            ]
            rows.append({**row, "file_type_titles": types})
        return rows

    def legal_basis(self):
        """Regulations the permit rests on, readable by the current user."""
        items = []
        for relation in self.context.legal_basis or []:
            if relation.isBroken():
                continue
            regulation = relation.to_object
            if regulation is None or not api.user.has_permission(
                "View", obj=regulation
            ):
                continue
            items.append(
                {
                    "title": regulation.Title(),
                    "url": regulation.absolute_url(),
                    "status": regulation.status,
                }
            )
        return items

    def service_days(self, days):
        return format_service_days(days)
