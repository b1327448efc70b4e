"""The complaint handlers' queue (``@@pengaduan-antrian``), its CSV and
the SP4N-LAPOR! export: one catalog query, brains only, security from the
catalog (only handlers and Managers see complaints).

Filters (all optional): ``status`` (a state), ``jenis`` (a kind),
``terlambat=1`` (open and past the due date), ``q`` (a complaint number).
Order: due date, oldest first.  The rows hold no identity of the
complainant: that is on the complaint's own page (access log).
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.applications.mine import metadata
from ptsp_portal.applications.queue import QueueQueryError
from ptsp_portal.applications.queue.filters import form_text
from ptsp_portal.applications.queue.filters import parse_late
from ptsp_portal.complaints import deadline
from ptsp_portal.complaints.states import state_title
from ptsp_portal.complaints.states import workflow_states
from ptsp_portal.constants import COMPLAINT
from ptsp_portal.constants import COMPLAINT_KINDS
from ptsp_portal.constants import COMPLAINT_OPEN_STATES
from ptsp_portal.content.complaint import COMPLAINT_NUMBER
from ptsp_portal.content.complaint import KIND_TITLES
from ptsp_portal.workflow import sla
from ptsp_portal.working_days import WorkingCalendar

FILTER_FIELDS = ("status", "jenis", "terlambat", "q")


def parse_filters(form):
    """The filters; raises the applications queue's ``QueueQueryError``."""
    filters, errors = {}, {}
    status = form_text(form, "status")
    if status:
        if status in dict(workflow_states()):
            filters["status"] = status
        else:
            errors["status"] = _('Status "${value}" tidak dikenal.', mapping={"value": status[:40]})
    kind = form_text(form, "jenis")
    if kind:
        if kind in COMPLAINT_KINDS:
            filters["jenis"] = kind
        else:
            errors["jenis"] = _("Jenis pengaduan yang dipilih tidak dikenal.")
    parse_late(form, filters, errors)
    text = form_text(form, "q").upper()
    if text:
        if COMPLAINT_NUMBER.match(text):
            filters["q"] = text
        else:
            errors["q"] = _("Cari dengan nomor pengaduan, misalnya ADU-2026-000123.")
    if errors:
        raise QueueQueryError(errors, filters)
    return filters


def filter_params(filters):
    return {
        name: ("1" if filters[name] is True else filters[name]) for name in FILTER_FIELDS if filters.get(name)
    }


def search(folder, filters):
    query = {
        "portal_type": COMPLAINT,
        "path": "/".join(folder.getPhysicalPath()),
        "sort_on": "complaint_due",
    }
    if filters.get("status"):
        query["review_state"] = filters["status"]
    if filters.get("jenis"):
        query["complaint_kind"] = filters["jenis"]
    if filters.get("q"):
        query["complaint_number"] = filters["q"]
    if filters.get("terlambat"):
        query["complaint_due"] = {"query": sla.today(), "range": "max"}
        states = [s for s in COMPLAINT_OPEN_STATES if s == filters.get("status", s)]
        query["review_state"] = states
    return api.portal.get_tool("portal_catalog").searchResults(**query)


class Rows:
    """Queue brains as plain values (one calendar and today per request)."""

    def __init__(self):
        self.today = sla.today()
        self.calendar = WorkingCalendar()

    def row(self, brain):
        state = brain.review_state
        due = metadata(brain, "complaint_due")
        sla_status = deadline.status(due, state, on=self.today, calendar=self.calendar)
        kind = metadata(brain, "complaint_kind")
        return {
            "url": brain.getURL(),
            "number": metadata(brain, "complaint_number"),
            "kind": kind,
            "kind_title": KIND_TITLES.get(kind, kind or ""),
            "subject": metadata(brain, "complaint_subject") or "",
            "review_state": state,
            "state_title": state_title(state),
            "filed": brain.created,
            "due_date": due,
            "answered_date": metadata(brain, "answered_date"),
            "assigned_to": metadata(brain, "assigned_to") or "",
            "sla_status": sla_status,
            "sla_title": sla.sla_title(sla_status),
            "sla_css": sla.sla_css(sla_status),
        }
