"""The service-level clock, in working days.

``due_date`` = ``submitted`` + the permit type's ``service_days`` working
days.  While an application waits for the applicant (``revision``) the clock
stops; on ``resubmit`` the due date moves by the working days it was stopped.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.constants import CLOCK_STOPPED_STATES
from ptsp_portal.working_days import WorkingCalendar
from zoneinfo import ZoneInfo

import datetime

WARNING_DAYS = 2

# status -> (title, Bootstrap badge colour): one wording and colour for the
# queue, its CSV and the application page
SLA_LABELS = {
    "ok": (_("Sesuai jadwal"), "bg-success"),
    "warning": (_("Segera jatuh tempo"), "bg-warning text-dark"),
    "overdue": (_("Terlambat"), "bg-danger"),
}


def office_zone():
    """The site's time zone (Asia/Jakarta on a ``ptsp`` site)."""
    try:
        name = api.portal.get_registry_record("plone.portal_timezone", default=None)
    except api.exc.CannotGetPortalError:
        name = None
    return ZoneInfo(name or "Asia/Jakarta")


def now():
    """The office's wall-clock time, naive (as Dexterity Datetime fields store it)."""
    return datetime.datetime.now(office_zone()).replace(tzinfo=None)


def today():
    """The office's date, whatever the server's time zone."""
    return now().date()


def start_clock(application, submitted=None):
    """Set ``submitted`` (now, office time, by default) and ``due_date``."""
    submitted = submitted or now()
    application.submitted = submitted
    permit_type = application.permit_type_object()
    days = getattr(permit_type, "service_days", None)
    application.due_date = WorkingCalendar().add_working_days(submitted, days) if days else None


def on_transition(application, event):
    if event.new_state is None or event.old_state is None:
        return
    new, old = event.new_state.id, event.old_state.id
    if new in CLOCK_STOPPED_STATES and old not in CLOCK_STOPPED_STATES:
        application.sla_paused_on = today()
    elif old in CLOCK_STOPPED_STATES and new not in CLOCK_STOPPED_STATES:
        paused_on = application.sla_paused_on
        application.sla_paused_on = None
        if paused_on is not None and application.due_date is not None:
            calendar = WorkingCalendar()
            stopped = calendar.working_days_between(paused_on, today())
            application.due_date = calendar.add_working_days(application.due_date, stopped)
    application.reindexObject(idxs=["due_date", "ptsp_actors"])


def sla_status(due_date, state, on=None, calendar=None):
    """``ok``, ``warning`` (due within 2 working days), ``overdue``, or
    ``None`` (no clock: final state, stopped, or no service time).

    ``calendar``: a ``WorkingCalendar`` to reuse; a list of many rows passes
    one, so the holidays are read from the registry once, not per row.
    """
    if due_date is None or state not in ("submitted", "technical_review", "pending_approval"):
        return None
    on = on or today()
    if hasattr(due_date, "asdatetime"):  # DateTime from catalog metadata
        due_date = due_date.asdatetime().date()
    elif isinstance(due_date, datetime.datetime):
        due_date = due_date.date()
    if due_date < on:
        return "overdue"
    if calendar is None:
        calendar = WorkingCalendar()
    if calendar.working_days_between(on, due_date) <= WARNING_DAYS:
        return "warning"
    return "ok"


def sla_title(status):
    """The title message of an ``sla_status``, or None without a clock."""
    label = SLA_LABELS.get(status)
    return label[0] if label else None


def sla_css(status):
    """The badge colour classes of an ``sla_status`` ("" without a clock)."""
    label = SLA_LABELS.get(status)
    return label[1] if label else ""
