"""The published figures: one function for the page ``@@skm``, the REST
service ``GET @skm`` and the CSV download.

Below the minimum number of respondents of a period (registry record
``ptsp_portal.skm_minimum_respondents``) no index, grade or NRR is
published, only the count: the sample is too small to grade the service,
and small groups of answers (one permit type, one quarter) must not be
readable one by one.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.survey import periods
from ptsp_portal.survey.elements import ELEMENT_KEYS
from ptsp_portal.survey.elements import PROFILE
from ptsp_portal.survey.elements import SCALE
from ptsp_portal.survey.ikm import compute
from ptsp_portal.survey.storage import first_year
from ptsp_portal.survey.storage import get_storage
from ptsp_portal.survey.storage import RESPONDENTS
from ptsp_portal.survey.storage import sum_tallies
from ptsp_portal.workflow.sla import today

MINIMUM_RECORD = "ptsp_portal.skm_minimum_respondents"
DEFAULT_MINIMUM = 30
UNKNOWN_PERMIT_TYPE = _("Jenis izin tidak dikenal.")


class PermitTypeError(ValueError):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


def minimum_respondents():
    value = api.portal.get_registry_record(MINIMUM_RECORD, default=None)
    return DEFAULT_MINIMUM if value is None else value


def permit_types():
    """``[{uid, id, title}]`` of the permit types the visitor may see, by title."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.searchResults(portal_type=PERMIT_TYPE, sort_on="sortable_title")
    return [{"uid": b.UID, "id": b.getId, "title": b.Title} for b in brains]


def _titles(uids):
    catalog = api.portal.get_tool("portal_catalog")
    found = {}
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE, UID=list(uids)):
        found[brain.UID] = {"uid": brain.UID, "id": brain.getId, "title": brain.Title}
    return found


def resolve_permit_type(value):
    """A permit type by its id (``izin-reklame``) or UID -> ``{uid, id,
    title}``; ``None`` when ``value`` is empty; raises ``PermitTypeError``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise PermitTypeError(UNKNOWN_PERMIT_TYPE)
    value = value.strip()
    for item in permit_types():
        if value in (item["uid"], item["id"]):
            return item
    raise PermitTypeError(UNKNOWN_PERMIT_TYPE)


def _merge(counts_by_type):
    total = {}
    for counts in counts_by_type.values():
        for name, count in counts.items():
            total[name] = total.get(name, 0) + count
    return total


def _element_counts(counts):
    return {key: {value: counts.get(f"{key}:{value}", 0) for value in SCALE} for key in ELEMENT_KEYS}


def _profile(counts):
    return {
        field: {value: counts.get(f"profile:{field}:{value}", 0) for value, _label in options}
        for field, (_title, options) in PROFILE.items()
    }


def summary(counts, minimum):
    respondents = counts.get(RESPONDENTS, 0)
    sufficient = respondents > 0 and respondents >= minimum
    return {
        "respondents": respondents,
        "sufficient": sufficient,
        "index": compute(_element_counts(counts), respondents) if sufficient else None,
        "profile": _profile(counts) if sufficient else None,
    }


def results(period=None, permit_type=None):
    """The figures of ``period`` (text as in the API; default the current
    year) for ``permit_type`` (id or UID; default all).  Raises
    ``periods.PeriodError`` or ``PermitTypeError``."""
    day = today()
    period = periods.parse(period, day)
    selected = resolve_permit_type(permit_type)
    storage = get_storage(api.portal.get())
    by_type = sum_tallies(storage, period.month_keys)
    minimum = minimum_respondents()
    if selected is not None:
        counts = by_type.get(selected["uid"], {})
    else:
        counts = _merge(by_type)
    figures = summary(counts, minimum)
    rows = []
    if selected is None:
        titles = _titles(by_type)
        for uid, type_counts in by_type.items():
            item = titles.get(uid, {"uid": uid, "id": "", "title": ""})
            rows.append({**item, **summary(type_counts, minimum)})
        rows.sort(key=lambda row: row["title"])
    return {
        "period": period,
        "permit_type": selected,
        "minimum": minimum,
        "permit_types": rows,
        "periods": periods.choices(first_year(storage) or day.year, day),
        **figures,
    }
