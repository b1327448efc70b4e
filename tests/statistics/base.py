"""A known set of applications across months and states, with their
workflow histories written as the office lived them (dates chosen free of
Indonesian public holidays, checked in ``assert_no_holidays``)."""

from DateTime import DateTime
from plone import api
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.statistics import recording
from ptsp_portal.statistics.keys import INDEX
from ptsp_portal.working_days import WorkingCalendar
from tests.workflow.base import apply
from zoneinfo import ZoneInfo

import datetime

ZONE = ZoneInfo("Asia/Jakarta")
# service days (tests/workflow/base.py): sip-dokter 9, reklame 5
# name: (permit type, [(state, date), ...]): the first entry is the submission
KNOWN = {
    # 5 working days (2, 3, 4, 7, 8 Sep): within 9
    "s1": ("sip-dokter", [("submitted", "2026-09-01"), ("issued", "2026-09-08")]),
    # 13 working days, 5 of them in revision (4, 7, 8, 9, 10 Sep): 8, within 9
    "s2": (
        "sip-dokter",
        [
            ("submitted", "2026-09-02"),
            ("revision", "2026-09-03"),
            ("submitted", "2026-09-10"),
            ("rejected", "2026-09-21"),
        ],
    ),
    # 15 working days: not within 9
    "s3": ("sip-dokter", [("submitted", "2026-09-07"), ("issued", "2026-09-28")]),
    "s4": ("sip-dokter", [("submitted", "2026-09-15"), ("withdrawn", "2026-09-16")]),
    "s5": ("sip-dokter", [("submitted", "2026-10-01")]),
    # 5 working days, within
    "s6": ("sip-dokter", [("submitted", "2026-10-02"), ("issued", "2026-10-09")]),
    # reklame, 5 service days
    "r1": ("reklame", [("submitted", "2026-09-14"), ("issued", "2026-09-21")]),  # 5: within
    "r2": ("reklame", [("submitted", "2026-09-14"), ("issued", "2026-09-22")]),  # 6: late
    "r3": ("reklame", [("submitted", "2026-08-31"), ("issued", "2026-09-01")]),  # 1: within
    # received the year before, waiting for the applicant ever since
    "r4": ("reklame", [("submitted", "2025-12-15"), ("revision", "2025-12-16")]),
}


def at(day, hour=10):
    return datetime.datetime.fromisoformat(day).replace(hour=hour)


def history_time(day, hour=10):
    return DateTime(at(day, hour).replace(tzinfo=ZONE))


def assert_no_holidays(test):
    calendar = WorkingCalendar()
    day = datetime.date(2026, 8, 31)
    while day <= datetime.date(2026, 10, 9):
        if day.weekday() < 5:
            test.assertTrue(calendar.is_working_day(day), day)
        day += datetime.timedelta(days=1)


def make_known(portal, names=None):
    """The applications of ``KNOWN`` (or of ``names``), with their
    histories, recorded as the upgrade (and a decision) records them."""
    catalog = api.portal.get_tool("portal_catalog")
    made = {}
    for name in names or KNOWN:
        permit_code, steps = KNOWN[name]
        application = apply(portal, permit_code, submitted=at(steps[0][1], 9))
        history = [
            {"action": None, "actor": "budi", "comments": "", "review_state": state, "time": history_time(d)}
            for state, d in steps
        ]
        application.workflow_history[APPLICATION_WORKFLOW] = tuple(history)
        recording.from_history(application, history)
        catalog.reindexObject(application, idxs=["review_state", INDEX])
        made[name] = application
    return made
