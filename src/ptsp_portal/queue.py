"""The officer work queue (*antrian*): one catalog query shared by the
``@@antrian`` page, its CSV export and the ``@queue`` REST service.

Everything here works on catalog brains and their metadata; no application
object is ever loaded.  Security comes from the catalog (``searchResults``
adds ``allowedRolesAndUsers``), so a user only ever sees what they may view.

Filters (request parameters, all optional):

``status``     a state of ``ptsp_application_workflow``
``jenis``      the UID of a permit type (``permit_type_uid``)
``terlambat``  ``1``: overdue only (due before today, waiting for an officer)
``q``          a tracking number (exact match) or words of the applicant's
               name / the number (``SearchableText``)
``tugas``      ``saya`` (default): waiting for an action the current user
               can take (``ptsp_actors``); ``semua``: everything visible

Order: due date, oldest deadline first, then submitted; applications without
a service time (no due date) come last.
"""

from AccessControl import getSecurityManager
from plone import api
from plone.base.utils import munge_search_term
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.ParseTree import QueryError
from ptsp_portal import _
from ptsp_portal.content.application import TRACKING_NUMBER
from ptsp_portal.intake import WORKFLOW_ID
from ptsp_portal.workflow import STEPS
from ptsp_portal.workflow import state_title
from ptsp_portal.workflow import sla
from ptsp_portal.working_days import WorkingCalendar
from zope.i18n import translate
from ZTUtils.Lazy import LazyCat
from ZTUtils.Lazy import LazyMap

import datetime
import sys

PORTAL_TYPE = "PermitApplication"
TASK_MINE = "saya"
TASK_ALL = "semua"
TASKS = (TASK_MINE, TASK_ALL)
FILTER_FIELDS = ("status", "jenis", "terlambat", "q", "tugas")
MAX_QUERY_LENGTH = 100
_NEVER = sys.maxsize  # sort key of a missing date

_TRUE = ("1", "true", "on", "ya")
_FALSE = ("", "0", "false", "off", "tidak")


class QueueQueryError(ValueError):
    """Invalid filter values.

    ``errors`` maps each bad parameter to an (Indonesian) message;
    ``filters`` holds the valid rest, so a page can still show something.
    ``field`` / ``message`` are the first error (for a REST 400).
    """

    def __init__(self, errors, filters=None):
        self.errors = errors
        self.filters = filters or {"tugas": TASK_MINE}
        self.field, self.message = next(iter(errors.items()))
        super().__init__(self.message)


def workflow_states():
    """``[(state id, Indonesian title message)]`` in workflow order."""
    workflow = api.portal.get_tool("portal_workflow").getWorkflowById(WORKFLOW_ID)
    if workflow is None:
        return []
    return [(state_id, state_title(state_id)) for state_id in workflow.states.objectIds()]


def permit_types():
    """Brains of the permit types the current user can see, by title."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.searchResults(portal_type="PermitType", sort_on="sortable_title")


def _text(form, name):
    value = form.get(name)
    if isinstance(value, (list, tuple)):  # ?status=a&status=b
        value = value[-1] if value else ""
    return value.strip() if isinstance(value, str) else ""


def tracking_number_query(text):
    """The normalised tracking number if ``text`` is one, else ``None``."""
    candidate = text.strip().upper()
    return candidate if TRACKING_NUMBER.match(candidate) else None


def parse_filters(form):
    """Validate the request parameters; return the filters.

    Raise ``QueueQueryError`` naming every invalid parameter.
    """
    filters = {"tugas": TASK_MINE}
    errors = {}

    status = _text(form, "status")
    if status:
        if status in dict(workflow_states()):
            filters["status"] = status
        else:
            errors["status"] = _(
                "Status \"${value}\" tidak dikenal.", mapping={"value": status[:40]}
            )

    kind = _text(form, "jenis")
    if kind:
        if kind in {brain.UID for brain in permit_types()}:
            filters["jenis"] = kind
        else:
            errors["jenis"] = _("Jenis izin yang dipilih tidak dikenal.")

    late = _text(form, "terlambat").lower()
    if late in _TRUE:
        filters["terlambat"] = True
    elif late not in _FALSE:
        errors["terlambat"] = _("Nilai \"terlambat\" harus 1 atau kosong.")

    text = _text(form, "q")
    if text:
        if len(text) > MAX_QUERY_LENGTH:
            errors["q"] = _(
                "Kata pencarian terlalu panjang (paling banyak ${max} karakter).",
                mapping={"max": MAX_QUERY_LENGTH},
            )
        elif tracking_number_query(text) is None and not munge_search_term(text):
            errors["q"] = _("Kata pencarian tidak dapat dipakai.")
        else:
            filters["q"] = text

    task = _text(form, "tugas").lower()
    if task:
        if task in TASKS:
            filters["tugas"] = task
        else:
            errors["tugas"] = _("Pilihan tugas harus \"saya\" atau \"semua\".")

    if errors:
        raise QueueQueryError(errors, filters)
    return filters


def filter_params(filters):
    """The request parameters that reproduce ``filters`` (for links)."""
    params = {}
    for name in FILTER_FIELDS:
        value = filters.get(name)
        if value is True:
            params[name] = "1"
        elif value:
            params[name] = value
    return params


def build_query(context, filters, user=None):
    """The catalog query for ``filters`` below ``context``, or ``None`` when
    the filters cannot match anything."""
    query = {
        "portal_type": PORTAL_TYPE,
        "path": "/".join(context.getPhysicalPath()),
    }
    status = filters.get("status")
    if status:
        query["review_state"] = status
    if filters.get("terlambat"):
        steps = [state for state in STEPS if not status or state == status]
        if not steps:
            return None  # a state without a running clock is never overdue
        query["review_state"] = steps
        query["due_date"] = {
            "query": sla.today() - datetime.timedelta(days=1),
            "range": "max",
        }
    if filters.get("jenis"):
        query["permit_type_uid"] = filters["jenis"]
    text = filters.get("q")
    if text:
        number = tracking_number_query(text)
        if number is not None:
            query["tracking_number"] = number
        else:
            query["SearchableText"] = munge_search_term(text)
    if filters.get("tugas", TASK_MINE) == TASK_MINE:
        catalog = api.portal.get_tool("portal_catalog")
        user = user if user is not None else getSecurityManager().getUser()
        query["ptsp_actors"] = catalog._listAllowedRolesAndUsers(user)
    return query


def search(context, filters, user=None):
    """Brains (a lazy sequence) of the applications matching ``filters``,
    oldest deadline first.  Raise ``QueueQueryError`` for an unusable text
    search."""
    query = build_query(context, filters, user)
    if query is None:
        return LazyCat([])
    catalog = api.portal.get_tool("portal_catalog")
    try:
        results = catalog.searchResults(query)
    except (ParseError, QueryError):
        raise QueueQueryError({"q": _("Kata pencarian tidak dapat dipakai.")}, filters)
    return _sort(catalog, results)


def _sort(catalog, results, walk=None):
    """Order by ``due_date`` then ``submitted`` (then record id), using the
    indexes, never the objects.

    ZCatalog's own ``sort_on`` drops documents missing from a sort index,
    and an application of a permit type without a service time has no due
    date; here those come last instead.  Two equivalent strategies: a
    small result set is sorted at once; a large one is ordered lazily by
    walking the due-date index from the earliest date, so a first page
    never sorts thousands of rows (``walk`` forces one or the other).
    """
    size = len(results)
    if not size:
        return results
    seq = getattr(results, "_seq", None)  # ZCatalog's LazyMap: record ids,
    if seq is None:  # or (score, record id) for a text search
        rids = [brain.getRID() for brain in results]
    else:
        rids = [item[-1] if isinstance(item, tuple) else item for item in seq]
    zcatalog = catalog._catalog
    due_index = zcatalog.getIndex("due_date")
    submitted = zcatalog.getIndex("submitted").documentToKeyMap()
    if walk is None:
        # sorting costs ~1 us a row, walking ~0.05 us an indexed application
        walk = size * 20 > due_index.numObjects()
    if walk:
        ordered = _QueueOrder(rids, due_index.items(), submitted)
    else:
        due = due_index.documentToKeyMap().get
        sub = submitted.get
        keyed = [(due(rid, _NEVER), sub(rid, _NEVER), rid) for rid in rids]
        keyed.sort()
        ordered = [rid for _due, _submitted, rid in keyed]
    return LazyMap(zcatalog.__getitem__, ordered, size, actual_result_count=size)


class _QueueOrder:
    """Record ids in queue order, computed as far as they are read: one
    due date of the index at a time (its applications that are in the
    result set), ties by submitted; those without a due date at the end."""

    def __init__(self, rids, due_items, submitted):
        self._members = set(rids)
        self._len = len(self._members)
        self._due_items = due_items  # [(date key, IISet of record ids)], ascending
        self._next_key = 0
        self._submitted = submitted
        self._ordered = []

    def _tie(self, rid):
        return (self._submitted.get(rid, _NEVER), rid)

    def __len__(self):
        return self._len

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._len))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        while index >= len(self._ordered):
            self._more()
        return self._ordered[index]

    def _more(self):
        members, items = self._members, self._due_items
        while self._next_key < len(items):
            day = items[self._next_key][1]
            self._next_key += 1
            found = [rid for rid in day if rid in members]
            if found:
                self._ordered.extend(sorted(found, key=self._tie))
                return
        # past the last due date: the applications without one
        rest = members.difference(self._ordered)
        self._ordered.extend(sorted(rest, key=self._tie))
        if len(self._ordered) < self._len:  # cannot happen; never loop forever
            raise IndexError(len(self._ordered))


class Rows:
    """Turns queue brains into plain values, caching what repeats per row
    (state titles, permit type URLs, today, the working calendar) for one
    request."""

    def __init__(self, request):
        self.request = request
        self.today = sla.today()
        self.calendar = WorkingCalendar()  # reads the registry: once, not per row
        self._state_titles = dict(workflow_states())
        self._permit_type_urls = None

    def state_title(self, state_id):
        return self._state_titles.get(state_id, state_id)

    def translate(self, message):
        return translate(message, context=self.request) if message is not None else ""

    def permit_type_url(self, uid):
        if self._permit_type_urls is None:
            self._permit_type_urls = {brain.UID: brain.getURL() for brain in permit_types()}
        return self._permit_type_urls.get(uid)

    def sla_status(self, brain):
        return sla.sla_status(
            brain.due_date, brain.review_state, on=self.today, calendar=self.calendar
        )

    def sla_title(self, status):
        return sla.sla_title(status)

    def row(self, brain):
        """One application as a dict; dates stay ``datetime``/``date``."""
        return {
            "url": brain.getURL(),
            "tracking_number": brain.tracking_number,
            "permit_type_uid": brain.permit_type_uid,
            "permit_type_title": brain.permit_type_title,
            "applicant_name": brain.applicant_name,
            "review_state": brain.review_state,
            "review_state_title": self.state_title(brain.review_state),
            "submitted": brain.submitted,
            "due_date": brain.due_date,
            "sla_status": self.sla_status(brain),
        }

