"""Public page of a permit type: its standar pelayanan, phone first."""

from plone import api
from Products.Five.browser import BrowserView
from ptsp_portal import permissions
from ptsp_portal.accounts import registration
from ptsp_portal.i18n.formatting import format_rupiah
from ptsp_portal.i18n.formatting import format_service_days
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
            types = [FILE_TYPES.getTerm(t).title for t in row.get("file_types") or [] if t in FILE_TYPES]
            rows.append({**row, "file_type_titles": types})
        return rows

    def legal_basis(self):
        """Regulations the permit rests on, readable by the current user."""
        items = []
        for relation in self.context.legal_basis or []:
            if relation.isBroken():
                continue
            regulation = relation.to_object
            if regulation is None or not api.user.has_permission(permissions.View, obj=regulation):
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

    def apply_box(self):
        """Links of the "Ajukan permohonan" box: the form ``formulir`` for a
        logged-in user (when this permit type is applied for online and has
        one), login and registration that lead anonymous visitors back to
        that form, "Permohonan Saya" and public tracking.  When registering
        cannot work (no mail), no registration link but the office's contact."""
        from urllib.parse import urlencode

        portal_url = api.portal.get().absolute_url()
        here = self.context.absolute_url()
        anonymous = api.user.is_anonymous()
        has_form = bool(self.context.online) and self.context.get("formulir") is not None
        unavailable = anonymous and registration.registration_unavailable()
        # after logging in or registering, straight to the form
        came_from = urlencode({"came_from": f"{here}/formulir" if has_form else here})
        return {
            "anonymous": anonymous,
            "online": bool(self.context.online),
            "form_url": f"{here}/formulir" if has_form and not anonymous else None,
            "login_url": f"{portal_url}/login?{came_from}",
            "register_url": (
                f"{portal_url}/@@register?{came_from}"
                if registration.self_registration_enabled() and not unavailable
                else None
            ),
            "registration_unavailable": unavailable,
            "office": registration.office_contact() if unavailable else None,
            "my_applications_url": f"{portal_url}/@@permohonan-saya",
            "tracking_url": f"{portal_url}/@@lacak",
        }
