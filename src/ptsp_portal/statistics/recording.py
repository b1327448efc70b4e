"""What a decision leaves on its application, for the public statistics.

When an application first reaches a final outcome (``issued``,
``rejected`` or ``withdrawn``) the transition stores on the application
itself (which the transition writes anyway: no other object is touched):

- ``decided``: when (office time, naive, as ``submitted``);
- ``decision``: the outcome;
- ``decision_working_days``: for an officer's decision (issued, rejected),
  the working days from submission to decision with the time the file
  waited for the applicant (``revision``) left out exactly as the SLA clock
  leaves it out (``workflow/sla.py``: stopped on the office day it entered
  revision, restarted on the office day it left, the working days between
  not counted);
- ``decided_within_service_days``: those working days against the permit
  type's ``service_days`` at that moment (None without a service time).

A later step (``revoke`` of an issued permit) changes none of it: the
permit was issued in that month.  ``from_history`` computes the same from
the workflow history, for applications decided before version 1020.
"""

from DateTime import DateTime
from ptsp_portal.applications.progress import history_of
from ptsp_portal.constants import CLOCK_STOPPED_STATES
from ptsp_portal.statistics.keys import INDEX
from ptsp_portal.workflow.sla import now as office_now
from ptsp_portal.workflow.sla import office_zone
from ptsp_portal.working_days import WorkingCalendar

import datetime

OUTCOMES = ("issued", "rejected", "withdrawn")
TIMED = ("issued", "rejected")  # an officer's decision: timed against the service days
ATTRIBUTES = ("decided", "decision", "decision_working_days", "decided_within_service_days")


def office_time(value):
    """A history time (``DateTime``) or datetime as naive office time."""
    if isinstance(value, DateTime):
        value = value.asdatetime()
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.astimezone(office_zone()).replace(tzinfo=None)
    return value


def stopped_working_days(history, calendar):
    """Working days the SLA clock stood still over ``history`` (entries
    oldest first), as ``sla.on_transition`` counts them."""
    stopped = 0
    paused_on = None
    previous = None
    for entry in history:
        state = entry.get("review_state")
        day = office_time(entry.get("time")).date()
        if state in CLOCK_STOPPED_STATES and previous not in CLOCK_STOPPED_STATES:
            paused_on = day
        elif previous in CLOCK_STOPPED_STATES and state not in CLOCK_STOPPED_STATES:
            if paused_on is not None:
                stopped += calendar.working_days_between(paused_on, day)
            paused_on = None
        previous = state
    return stopped


def working_days_to_decision(submitted, decided, history, calendar):
    """Working days from ``submitted`` to ``decided``, less the stopped ones."""
    total = calendar.working_days_between(submitted, decided)
    return max(total - stopped_working_days(history, calendar), 0)


def record(application, outcome, decided, history, calendar=None):
    """Store the decision's figures on ``application`` (see the module)."""
    calendar = calendar or WorkingCalendar()
    working_days = within = None
    submitted = getattr(application, "submitted", None)
    if outcome in TIMED and submitted is not None:
        working_days = working_days_to_decision(submitted, decided, history, calendar)
        permit_type = application.permit_type_object()
        service_days = getattr(permit_type, "service_days", None) if permit_type is not None else None
        if service_days:
            within = working_days <= service_days
    application.decided = decided
    application.decision = outcome
    application.decision_working_days = working_days
    application.decided_within_service_days = within


def is_recorded(application):
    return getattr(application, "decision", None) is not None


def from_history(application, history, calendar=None):
    """Record the first outcome in ``history`` (before version 1020);
    False when the application never reached one."""
    entries = list(history or ())
    for index, entry in enumerate(entries):
        if entry.get("review_state") in OUTCOMES:
            decided = office_time(entry.get("time"))
            record(application, entry["review_state"], decided, entries[: index + 1], calendar)
            return True
    return False


def on_transition(application, event):
    """After a transition: record the first outcome (see the module)."""
    if event.new_state is None or event.new_state.id not in OUTCOMES or is_recorded(application):
        return
    history = history_of(application)
    last = history[-1] if history else {}
    decided = office_time(last.get("time")) if last.get("review_state") == event.new_state.id else None
    record(application, event.new_state.id, decided or office_now(), history)
    application.reindexObject(idxs=[INDEX])
