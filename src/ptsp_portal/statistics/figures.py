"""The figures of the public statistics, read from the catalog.

Applications: the keys of ``keys.INDEX`` (a cell's count is the length of
its key's set: no application is woken, no brain loaded).  Complaints
(the ``Complaint`` type, built apart): catalog counts by ``created`` (filed)
and, when the catalog has them, ``answered_date`` and ``answered_on_time``.

Per permit type and month: ``received``, ``issued``, ``rejected``,
``withdrawn`` (by the month of the event), ``in_progress`` (open at the end
of the month: received up to then and not yet issued, rejected or
withdrawn; for the current month, now), ``decided`` (issued + rejected),
the median and 90th percentile of working days to decision (nearest rank:
the smallest value at or above 90 % of the decisions; the median of an
even count is the mean of the middle two) and the share of decisions within
the permit type's service days.

``figures(year, permit_type_uid)`` is cached in RAM for as long as the
catalog does not change (its counter is in the key) and the office's date
stays the same.
"""

from collections import defaultdict
from DateTime import DateTime
from plone import api
from plone.memoize import ram
from plone.memoize.interfaces import ICacheChooser
from ptsp_portal import _
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.statistics import keys
from ptsp_portal.workflow.sla import office_zone
from ptsp_portal.workflow.sla import today
from zope.component import queryUtility

import datetime
import math

FIRST_YEAR = 2000
COMPLAINT = "Complaint"
COMPLAINT_INDEXES = ("answered_date", "answered_on_time")
COUNTS = ("received", "issued", "rejected", "withdrawn", "in_progress")


class BadParameter(ValueError):
    """A parameter the client must correct: ``field`` and an Indonesian message."""

    def __init__(self, field, message):
        super().__init__(field, message)
        self.field = field
        self.message = message


class BadParameters(ValueError):
    """Every bad parameter of a request (``BadParameter``s in ``errors``)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


ALL_TITLE = _("Semua jenis izin")
METHOD = _(
    "Hari kerja dihitung dari tanggal pengajuan sampai keputusan (izin terbit atau ditolak), "
    "tanpa waktu perbaikan oleh pemohon, seperti jam layanan (SLA). Median: nilai tengah; "
    "persentil ke-90: 90% keputusan selesai dalam waktu ini atau lebih cepat."
)


def parameters(form):
    """``(year, permit type or None)`` asked for in ``form`` (``year``,
    ``permit_type``); raises ``BadParameters`` naming every bad one."""
    errors, year, permit_type = [], None, None
    try:
        year = parse_year(form.get("year"))
    except BadParameter as exc:
        errors.append(exc)
    try:
        permit_type = find_permit_type(form.get("permit_type"))
    except BadParameter as exc:
        errors.append(exc)
    if errors:
        raise BadParameters(errors)
    return year, permit_type


def parse_year(value):
    """The year asked for (default: the office's current year)."""
    current = today().year
    if value in (None, ""):
        return current
    if not isinstance(value, str | int):
        raise BadParameter("year", _("Tahun harus berupa angka, misalnya 2026."))
    try:
        year = int(str(value).strip())
    except ValueError:
        raise BadParameter("year", _("Tahun harus berupa angka, misalnya 2026.")) from None
    if not FIRST_YEAR <= year <= current:
        raise BadParameter(
            "year",
            _(
                "Tahun harus antara ${first} dan ${last}.",
                mapping={"first": FIRST_YEAR, "last": current},
            ),
        )
    return year


def permit_types():
    """Every permit type: ``{uid, id, title, service_days, published}``, by title."""
    catalog = api.portal.get_tool("portal_catalog")
    result = []
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE, sort_on="sortable_title"):
        result.append(
            {
                "uid": brain.UID,
                "id": brain.getId,
                "title": brain.Title,
                "service_days": brain.service_days or None,
                "published": brain.review_state == "published",
            }
        )
    return result


def find_permit_type(value):
    """The permit type named by its id (short name) or UID, or None for all."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BadParameter("permit_type", _("Jenis izin tidak dikenal."))
    value = value.strip()
    for permit_type in permit_types():
        if value in (permit_type["id"], permit_type["uid"]):
            return permit_type
    raise BadParameter("permit_type", _("Jenis izin tidak dikenal."))


def _nth(items, position):
    seen = 0
    for value, count in items:
        seen += count
        if position < seen:
            return value
    return None


def median(histogram):
    """The median of ``{value: count}`` (None when empty)."""
    total = sum(histogram.values())
    if not total:
        return None
    items = sorted(histogram.items())
    if total % 2:
        return _nth(items, total // 2)
    middle = (_nth(items, total // 2 - 1) + _nth(items, total // 2)) / 2
    return int(middle) if middle == int(middle) else middle


def percentile(histogram, share=0.9):
    """The nearest-rank percentile of ``{value: count}`` (None when empty)."""
    total = sum(histogram.values())
    if not total:
        return None
    return _nth(sorted(histogram.items()), math.ceil(share * total) - 1)


class Cell:
    """What is counted for one permit type in one month (or a year)."""

    def __init__(self):
        self.received = 0
        self.outcomes = defaultdict(int)
        self.days = defaultdict(int)  # working days -> decisions
        self.within = 0
        self.timed = 0  # decisions with a service time to compare with

    def add(self, other):
        self.received += other.received
        for name, count in other.outcomes.items():
            self.outcomes[name] += count
        for days, count in other.days.items():
            self.days[days] += count
        self.within += other.within
        self.timed += other.timed

    def finished(self):
        return sum(self.outcomes.values())

    def summary(self, in_progress):
        decided = self.outcomes["issued"] + self.outcomes["rejected"]
        return {
            "received": self.received,
            "issued": self.outcomes["issued"],
            "rejected": self.outcomes["rejected"],
            "withdrawn": self.outcomes["withdrawn"],
            "in_progress": in_progress,
            "decided": decided,
            "working_days_median": median(self.days),
            "working_days_p90": percentile(self.days),
            "within_service_days": self.within,
            "compared_with_service_days": self.timed,
            "share_within_service_days": round(self.within / self.timed, 4) if self.timed else None,
        }


def _read(catalog, year, last_month):
    """``(cells, open_before)``: cells by (permit type UID, month) of the
    year up to ``last_month``; applications open at the start of the year
    by permit type UID."""
    cells = defaultdict(Cell)
    open_before = defaultdict(int)
    before = f"{year - 1:04d}-12"
    first, last = f"{year:04d}-01", f"{year:04d}-{last_month:02d}"
    for key, count in keys.counted_keys(catalog, keys.RECEIVED, None, before):
        open_before[keys.parse(key)[2]] += count
    for key, count in keys.counted_keys(catalog, keys.DECIDED, None, before):
        open_before[keys.parse(key)[2]] -= count
    for key, count in keys.counted_keys(catalog, keys.RECEIVED, first, last):
        _kind, month, uid = keys.parse(key)[:3]
        cells[uid, month].received += count
    for key, count in keys.counted_keys(catalog, keys.DECIDED, first, last):
        parsed = keys.parse(key)
        if parsed is None:
            continue
        _kind, month, uid, outcome, days, within = parsed
        cell = cells[uid, month]
        cell.outcomes[outcome] += count
        if days is not None:
            cell.days[days] += count
        if within is not None:
            cell.timed += count
            cell.within += count if within else 0
    return cells, open_before


def _series(cells, uids, months, open_at_start):
    """Per month summaries and the year's summary of the permit types ``uids``."""
    rows, year_cell, open_now = [], Cell(), open_at_start
    for month in months:
        cell = Cell()
        for uid in uids:
            found = cells.get((uid, month))
            if found is not None:
                cell.add(found)
        open_now += cell.received - cell.finished()
        rows.append({"month": month, **cell.summary(max(open_now, 0))})
        year_cell.add(cell)
    return rows, year_cell.summary(max(open_now, 0))


def _month_start(year, month):
    if month > 12:
        year, month = year + 1, 1
    return DateTime(datetime.datetime(year, month, 1, tzinfo=office_zone()))


def complaints(catalog, year, last_month):
    """Per month: complaints filed, answered, answered on time (0 for what
    the catalog cannot tell yet: no ``Complaint`` indexes)."""
    indexes = set(catalog.indexes())
    answered_known = all(name in indexes for name in COMPLAINT_INDEXES)
    rows = []
    totals = {"received": 0, "answered": 0, "answered_on_time": 0}
    for month in range(1, last_month + 1):
        start, end = _month_start(year, month), _month_start(year, month + 1) - 1.0 / 86400
        span = {"query": (start, end), "range": "min:max"}
        row = {"month": f"{year:04d}-{month:02d}", "received": 0, "answered": 0, "answered_on_time": 0}
        search = catalog.unrestrictedSearchResults
        row["received"] = len(search(portal_type=COMPLAINT, created=span))
        if answered_known:
            row["answered"] = len(search(portal_type=COMPLAINT, answered_date=span))
            on_time = search(portal_type=COMPLAINT, answered_date=span, answered_on_time=True)
            row["answered_on_time"] = len(on_time)
        for name in totals:
            totals[name] += row[name]
        rows.append(row)
    return {"months": rows, "total": totals}


def first_year(catalog):
    """The year of the first application received (this year without any)."""
    index = catalog._catalog.getIndex(keys.INDEX)
    prefix = keys.RECEIVED + keys.SEPARATOR
    try:
        first = index._index.minKey(prefix)
    except ValueError:
        first = None
    if first is None or not first.startswith(prefix):
        return today().year
    return max(int(first[len(prefix) : len(prefix) + 4]), FIRST_YEAR)


def _cache_key(method, year, permit_type_uid=None):
    catalog = api.portal.get_tool("portal_catalog")
    site = "/".join(api.portal.get().getPhysicalPath())
    return (site, year, permit_type_uid, catalog.getCounter(), today().isoformat())


@ram.cache(_cache_key)
def figures(year, permit_type_uid=None):
    """The statistics of ``year`` (checked by ``parse_year``), for one permit
    type (its UID) or all.  A plain structure of dicts and lists: the same
    object is handed to every caller until the catalog changes, so callers
    never change it."""
    catalog = api.portal.get_tool("portal_catalog")
    current = today()
    last_month = 12 if year < current.year else current.month
    months = [f"{year:04d}-{month:02d}" for month in range(1, last_month + 1)]
    cells, open_before = _read(catalog, year, last_month)
    types = permit_types()
    used = {uid for uid, _month in cells} | {uid for uid, count in open_before.items() if count}
    if permit_type_uid is not None:
        types = [t for t in types if t["uid"] == permit_type_uid]
    else:
        types = [t for t in types if t["published"] or t["uid"] in used]
    rows = []
    for permit_type in types:
        uid = permit_type["uid"]
        monthly, total = _series(cells, (uid,), months, open_before.get(uid, 0))
        rows.append(
            {
                "id": permit_type["id"],
                "uid": uid,
                "title": permit_type["title"],
                "service_days": permit_type["service_days"],
                "months": monthly,
                "total": total,
            }
        )
    if permit_type_uid is not None:
        everything = (permit_type_uid,)
    else:
        everything = used | {t["uid"] for t in types}
    monthly, total = _series(cells, everything, months, sum(open_before.get(uid, 0) for uid in everything))
    return {
        "year": year,
        "months": months,
        "years": list(range(first_year(catalog), current.year + 1)),
        "permit_types": rows,
        "all": {"months": monthly, "total": total},
        "complaints": complaints(catalog, year, last_month),
    }


def forget():
    """Drop the cached figures of every site of this process (the benchmark
    measures the computation this way)."""
    name = f"{__name__}.figures"  # plone.memoize's key of the cached function
    chooser = queryUtility(ICacheChooser)
    if chooser is not None:
        cache = chooser(name)
    else:
        cache = ram.RAMCacheAdapter(ram.global_cache, globalkey=name)
    cache.ramcache.invalidate(name)
