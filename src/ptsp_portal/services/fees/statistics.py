"""``GET /ptsp/++api++/@fee-statistics?year=2026``: billed, paid and
waived amounts per month and permit type (``fees.figures``), for officers
(``ptsp_portal: View fee statistics`` on ``/permohonan``); 403 for anyone
else, 400 for a bad year.  Amounts only, nothing personal."""

from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.fees import desk
from ptsp_portal.fees import figures
from zope.i18n import translate


class FeeStatisticsGet(Service):
    def reply(self):
        request = self.request
        if not desk.may_read_figures():
            request.response.setStatus(403)
            return {
                "error": {
                    "type": "Forbidden",
                    "message": translate(_("Rekap retribusi hanya untuk petugas."), context=request),
                }
            }
        try:
            year = figures.parse_year(request.form.get("year"))
        except ValueError:
            request.response.setStatus(400)
            message = translate(_("Tahun harus berupa angka empat digit, misalnya 2026."), context=request)
            return {"error": {"type": "BadRequest", "message": message, "errors": {"year": message}}}
        return {
            "@id": f"{self.context.absolute_url()}/@fee-statistics?year={year}",
            "page": f"{self.context.absolute_url()}/@@statistik-retribusi?year={year}",
            "years": figures.years(),
            **figures.figures(year),
        }
