"""Working days of an Indonesian government office.

Weekends, national public holidays (the ``holidays`` package) and the extra
non-working days an office declares (cuti bersama), kept in the registry
record ``ptsp_portal.extra_non_working_days``.
"""

from functools import lru_cache
from plone import api

import datetime
import holidays

EXTRA_DAYS_RECORD = "ptsp_portal.extra_non_working_days"  # controlpanel.IPtspSettings


@lru_cache(maxsize=32)
def _public_holidays(year):
    return frozenset(holidays.Indonesia(years=year))


def extra_days():
    try:
        values = api.portal.get_registry_record(EXTRA_DAYS_RECORD, default=None)
    except api.exc.CannotGetPortalError:
        values = None
    return frozenset(values or ())


class WorkingCalendar:
    def __init__(self, extra=None):
        self.extra = frozenset(extra) if extra is not None else extra_days()

    def is_working_day(self, day):
        return day.weekday() < 5 and day not in _public_holidays(day.year) and day not in self.extra

    def add_working_days(self, start, days):
        """The date ``days`` working days after ``start`` (a date or datetime).

        Day 1 is the first working day after ``start``: an application made
        on Friday with a 1-day SLA is due on Monday.
        """
        day = start.date() if isinstance(start, datetime.datetime) else start
        remaining = days
        while remaining > 0:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start, end):
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        start = start.date() if isinstance(start, datetime.datetime) else start
        end = end.date() if isinstance(end, datetime.datetime) else end
        count = 0
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
