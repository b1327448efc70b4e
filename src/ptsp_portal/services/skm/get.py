"""``GET /@skm?period=2026-S1&permit_type=izin-reklame``

The public Indeks Kepuasan Masyarakat (``ptsp_portal.survey.results``):
``period`` is ``YYYY``, ``YYYY-S1``/``S2`` or ``YYYY-Q1``…``Q4`` (default
the current year), ``permit_type`` a permit type's id or UID (default all,
with a row per permit type).  ``400`` for a malformed period or an unknown
permit type.  Below the minimum number of respondents, ``ikm``, ``grade``
and the elements' values are ``null`` and ``sufficient`` is false.
"""

from plone.restapi.services import Service
from ptsp_portal.survey import periods
from ptsp_portal.survey.elements import ELEMENT_NAMES
from ptsp_portal.survey.elements import PROFILE
from ptsp_portal.survey.ikm import round_half_up
from ptsp_portal.survey.results import PermitTypeError
from ptsp_portal.survey.results import results
from urllib.parse import urlencode
from zope.i18n import translate


def number(value, places):
    return None if value is None else float(round_half_up(value, places))


def index_json(index, request):
    """The index part of a summary as JSON (``None`` values when hidden)."""
    if index is None:
        return {"ikm": None, "interval": None, "grade": None, "performance": None}
    return {
        "ikm": float(index["ikm"]),
        "interval": number(index["interval"], 4),
        "grade": index["grade"],
        "performance": translate(index["performance"], context=request),
    }


def elements_json(index, request):
    rows = []
    by_key = {e["key"]: e for e in index["elements"]} if index else {}
    for key, name in ELEMENT_NAMES.items():
        element = by_key.get(key)
        rows.append(
            {
                "id": key,
                "title": translate(name, context=request),
                "nrr": number(element["nrr"], 3) if element else None,
                "weighted_nrr": number(element["weighted"], 4) if element else None,
                "counts": {str(v): c for v, c in element["counts"].items()} if element else None,
            }
        )
    return rows


def figures_json(figures, request):
    period = figures["period"]
    selected = figures["permit_type"]
    return {
        "period": {
            "id": period.id,
            "title": translate(period.title, context=request),
            "months": list(period.month_keys),
        },
        "permit_type": selected,
        "respondents": figures["respondents"],
        "minimum_respondents": figures["minimum"],
        "sufficient": figures["sufficient"],
        **index_json(figures["index"], request),
        "elements": elements_json(figures["index"], request),
        "profile": figures["profile"]
        if figures["profile"] is None
        else {field: values for field, values in figures["profile"].items() if field in PROFILE},
        "permit_types": [
            {
                "uid": row["uid"],
                "id": row["id"],
                "title": row["title"],
                "respondents": row["respondents"],
                "sufficient": row["sufficient"],
                **index_json(row["index"], request),
            }
            for row in figures["permit_types"]
        ],
    }


class SkmGet(Service):
    def reply(self):
        request = self.request
        form = request.form
        try:
            figures = results(form.get("period"), form.get("permit_type"))
        except periods.PeriodError as exc:
            return self.refuse("period", exc.message)
        except PermitTypeError as exc:
            return self.refuse("permit_type", exc.message)
        data = figures_json(figures, request)
        query = {"period": figures["period"].id}
        if figures["permit_type"]:
            query["permit_type"] = figures["permit_type"]["id"]
        return {"@id": f"{self.context.absolute_url()}/@skm?{urlencode(query)}", **data}

    def refuse(self, field, message):
        self.request.response.setStatus(400)
        text = translate(message, context=self.request)
        return {
            "error": {"type": "BadRequest", "message": text, "errors": [{"field": field, "message": text}]}
        }
