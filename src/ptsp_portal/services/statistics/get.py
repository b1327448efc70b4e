"""``GET /@statistics?year=2026&permit_type=<id or UID>``

The public service statistics as JSON, the same figures as ``@@statistik``
(``statistics.figures``): per permit type and month, all permit types, and
the complaints.  Both parameters are optional (default: the current year,
every permit type); a bad one answers ``400`` with a message per field.
Nothing personal: counts and working days only.
"""

from plone.restapi.services import Service
from ptsp_portal.statistics import figures
from ptsp_portal.statistics.export import ALL_ID
from urllib.parse import urlencode
from zope.i18n import translate


class StatisticsGet(Service):
    def reply(self):
        request = self.request
        try:
            year, permit_type = figures.parameters(request.form)
        except figures.BadParameters as exc:
            request.response.setStatus(400)
            errors = [
                {"field": error.field, "message": translate(error.message, context=request)}
                for error in exc.errors
            ]
            return {
                "error": {
                    "type": "BadRequest",
                    "message": " ".join(error["message"] for error in errors),
                    "errors": errors,
                }
            }
        result = figures.figures(year, permit_type["uid"] if permit_type else None)
        query = urlencode({"year": year, **({"permit_type": permit_type["id"]} if permit_type else {})})
        base = self.context.absolute_url()
        return {
            "@id": f"{base}/@statistics?{query}",
            "csv": f"{base}/@@statistik-csv?{query}",
            "page": f"{base}/@@statistik?{query}",
            "year": year,
            "years": result["years"],
            "permit_type": permit_type["id"] if permit_type else None,
            "months": result["months"],
            "method": translate(figures.METHOD, context=request),
            "permit_types": [
                {key: value for key, value in row.items() if key != "uid"} for row in result["permit_types"]
            ],
            "all": {"id": ALL_ID, "title": translate(figures.ALL_TITLE, context=request), **result["all"]},
            "complaints": result["complaints"],
        }
