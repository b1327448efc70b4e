"""The response deadline of a complaint, in working days.

``complaint_due`` = the filing date + ``ptsp_portal.complaint_response_days``
working days (Pengaturan PTSP, default 10) on the office's working-day
calendar (``working_days``: weekends, national holidays, cuti bersama).
Overdue: still open (``received``, ``in_progress``) after its due date.
Answered on time: answered on or before the due date (office time).
"""

from plone import api
from ptsp_portal.constants import COMPLAINT_OPEN_STATES
from ptsp_portal.workflow import sla
from ptsp_portal.working_days import WorkingCalendar

import datetime

RESPONSE_DAYS_RECORD = "ptsp_portal.complaint_response_days"
DEFAULT_RESPONSE_DAYS = 10


def response_days():
    try:
        value = api.portal.get_registry_record(RESPONSE_DAYS_RECORD, default=None)
    except api.exc.CannotGetPortalError:
        value = None
    return value if isinstance(value, int) and value > 0 else DEFAULT_RESPONSE_DAYS


def due_date(filed, calendar=None):
    return (calendar or WorkingCalendar()).add_working_days(filed, response_days())


def _as_date(value):
    if value is None:
        return None
    if hasattr(value, "asdatetime"):  # DateTime from catalog metadata
        value = value.asdatetime()
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def status(due, state, on=None, calendar=None):
    """``ok``, ``warning``, ``overdue`` or None, with the applications'
    SLA bands and colours (``workflow.sla``): only open complaints run the
    clock."""
    if state not in COMPLAINT_OPEN_STATES:
        return None
    # the applications' clock runs in "submitted": the same bands
    return sla.sla_status(_as_date(due), "submitted", on=on, calendar=calendar)


def on_time(answered, due):
    """Answered on or before ``due``; None without a due date."""
    due = _as_date(due)
    if due is None or answered is None:
        return None
    return _as_date(answered) <= due
