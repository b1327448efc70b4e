"""The public statistics against a known set of applications (tests/statistics/base.py)."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ptsp_portal.complaints.filing import file_complaint
from ptsp_portal.statistics import figures
from ptsp_portal.statistics import recording
from ptsp_portal.statistics.keys import INDEX
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.statistics.base import assert_no_holidays
from tests.statistics.base import at
from tests.statistics.base import history_time
from tests.statistics.base import make_known
from tests.workflow.base import apply
from tests.workflow.base import setup_office
from unittest import mock

import datetime
import unittest

END_OF_2026 = datetime.date(2026, 12, 31)
COUNTS = ("received", "issued", "rejected", "withdrawn", "in_progress", "decided")


def month(series, name):
    return next(m for m in series["months"] if m["month"] == name)


def row(data, permit_id):
    return next(r for r in data["permit_types"] if r["id"] == permit_id)


class StatisticsCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        api.portal.set_registry_record("plone.portal_timezone", "Asia/Jakarta")
        # the office's today: the end of 2026, so that 2026 is a whole year
        patcher = mock.patch("ptsp_portal.statistics.figures.today", return_value=END_OF_2026)
        patcher.start()
        self.addCleanup(patcher.stop)

    def figures(self, year=2026, permit_type=None):
        return figures.figures(year, permit_type)


class TestKnownSet(StatisticsCase):
    def setUp(self):
        super().setUp()
        assert_no_holidays(self)
        self.apps = make_known(self.portal)

    def test_recorded_on_the_applications(self):
        s2 = self.apps["s2"]
        self.assertEqual(s2.decision, "rejected")
        self.assertEqual(s2.decided, at("2026-09-21"))
        # 13 working days from 2 to 21 September, 5 of them in revision
        self.assertEqual(s2.decision_working_days, 8)
        self.assertTrue(s2.decided_within_service_days)
        self.assertFalse(self.apps["s3"].decided_within_service_days)
        self.assertEqual(self.apps["s4"].decision, "withdrawn")
        self.assertIsNone(self.apps["s4"].decision_working_days)
        self.assertIsNone(getattr(self.apps["s5"], "decision", None))

    def test_one_permit_type_by_month(self):
        data = self.figures()
        sip = row(data, "sip-dokter")
        september = month(sip, "2026-09")
        self.assertEqual(
            {k: september[k] for k in COUNTS},
            {"received": 4, "issued": 2, "rejected": 1, "withdrawn": 1, "in_progress": 0, "decided": 3},
        )
        # 5, 8 (revision left out; 13 with it), 15 working days
        self.assertEqual(september["working_days_median"], 8)
        self.assertEqual(september["working_days_p90"], 15)
        self.assertEqual(september["within_service_days"], 2)
        self.assertEqual(september["compared_with_service_days"], 3)
        self.assertEqual(september["share_within_service_days"], 0.6667)
        october = month(sip, "2026-10")
        self.assertEqual((october["received"], october["issued"], october["in_progress"]), (2, 1, 1))
        self.assertEqual((october["working_days_median"], october["working_days_p90"]), (5, 5))
        november = month(sip, "2026-11")
        self.assertEqual((november["received"], november["in_progress"]), (0, 1))
        self.assertIsNone(november["working_days_median"])
        self.assertIsNone(november["share_within_service_days"])
        # the year: 5, 5, 8, 15: the median of an even count is the mean of the middle two
        total = sip["total"]
        self.assertEqual([total[k] for k in COUNTS[:4]], [6, 3, 1, 1])
        self.assertEqual(total["in_progress"], 1)
        self.assertEqual((total["working_days_median"], total["working_days_p90"]), (6.5, 15))
        self.assertEqual(total["share_within_service_days"], 0.75)
        self.assertEqual(len(sip["months"]), 12)

    def test_open_applications_carry_over_the_years(self):
        reklame = row(self.figures(), "reklame")
        # r4, received in December 2025, is still open
        self.assertEqual(month(reklame, "2026-01")["in_progress"], 1)
        august = month(reklame, "2026-08")
        self.assertEqual((august["received"], august["in_progress"]), (1, 2))
        september = month(reklame, "2026-09")
        # r3 (received in August) is counted in the month of its decision
        self.assertEqual((september["received"], september["issued"], september["in_progress"]), (2, 3, 1))
        self.assertEqual((september["working_days_median"], september["working_days_p90"]), (5, 6))
        self.assertEqual(september["share_within_service_days"], 0.6667)
        december_2025 = month(row(self.figures(2025), "reklame"), "2025-12")
        self.assertEqual((december_2025["received"], december_2025["in_progress"]), (1, 1))

    def test_all_permit_types(self):
        data = self.figures()
        september = month(data["all"], "2026-09")
        self.assertEqual(
            (september["received"], september["issued"], september["rejected"], september["withdrawn"]),
            (6, 5, 1, 1),
        )
        # 1, 5, 5, 6, 8, 15
        self.assertEqual((september["working_days_median"], september["working_days_p90"]), (5.5, 15))
        self.assertEqual(september["share_within_service_days"], round(4 / 6, 4))
        self.assertEqual(data["all"]["total"]["in_progress"], 2)  # s5 and r4
        self.assertEqual(data["years"], [2025, 2026])

    def test_one_permit_type_only(self):
        uid = self.portal["layanan"]["reklame"].UID()
        data = self.figures(permit_type=uid)
        self.assertEqual([r["id"] for r in data["permit_types"]], ["reklame"])
        self.assertEqual(month(data["all"], "2026-09")["received"], 2)

    def test_revoking_an_issued_permit_keeps_its_month(self):
        s1 = self.apps["s1"]
        recording.record(s1, "issued", at("2026-09-08"), [])  # recorded once
        api.portal.get_tool("portal_catalog").reindexObject(s1, idxs=[INDEX])
        before = month(row(self.figures(), "sip-dokter"), "2026-09")["issued"]
        event = mock.Mock(new_state=mock.Mock(id="revoked"))
        recording.on_transition(s1, event)
        self.assertEqual(s1.decision, "issued")
        self.assertEqual(month(row(self.figures(), "sip-dokter"), "2026-09")["issued"], before)

    def test_emptied_cache_computes_again(self):
        """What bench/statistics.py's "uncached" measures: a computation."""
        self.figures()
        with mock.patch("ptsp_portal.statistics.figures._read", wraps=figures._read) as read:
            self.figures()
            self.assertEqual(read.call_count, 0)
            figures.forget()
            self.figures()
            self.assertEqual(read.call_count, 1)

    def test_figures_cached_until_the_catalog_changes(self):
        first = self.figures()
        self.assertIs(self.figures(), first)
        apply(self.portal, "reklame", submitted=at("2026-11-03", 9))
        # a search processes the indexing queue, as a commit does
        api.portal.get_tool("portal_catalog").searchResults(portal_type="PermitApplication")
        second = self.figures()
        self.assertIsNot(second, first)
        self.assertEqual(month(row(second, "reklame"), "2026-11")["received"], 1)


class TestDecisionRecorded(StatisticsCase):
    """The live path: a decision taken through the workflow records its
    working days, the revision left out as the SLA clock leaves it out."""

    def step(self, user_id, action, day, comment=""):
        when = at(day, 11)
        login(self.portal, user_id)
        with (
            mock.patch("Products.DCWorkflow.Expression.DateTime", return_value=history_time(day, 11)),
            mock.patch("ptsp_portal.workflow.sla.today", return_value=when.date()),
            mock.patch("ptsp_portal.workflow.sla.now", return_value=when),
        ):
            api.portal.get_tool("portal_workflow").doActionFor(self.app, action, comment=comment)
        logout()

    def test_rejected_after_a_revision(self):
        assert_no_holidays(self)
        self.app = apply(self.portal, "sip-dokter", submitted=at("2026-09-02", 9))
        self.step("verifikator", "request_revision", "2026-09-03", "Scan KTP buram.")
        self.step("budi", "resubmit", "2026-09-10")
        # the SLA clock moved the due date by the 5 working days stopped
        self.assertEqual(self.app.due_date, datetime.date(2026, 9, 15) + datetime.timedelta(days=7))
        self.step("verifikator", "reject", "2026-09-21", "Lokasi tidak sesuai.")
        self.assertEqual(self.app.decision, "rejected")
        self.assertEqual(self.app.decision_working_days, 8)
        self.assertTrue(self.app.decided_within_service_days)
        # decided no later than the SLA clock's due date
        self.assertLessEqual(self.app.decided.date(), self.app.due_date)
        september = month(row(self.figures(), "sip-dokter"), "2026-09")
        self.assertEqual((september["rejected"], september["working_days_median"]), (1, 8))


class TestComplaints(StatisticsCase):
    """Complaints filed through the complaints channel (complaints/filing.py)
    on known dates; answered ones carry the catalog contract's
    ``answered_date`` and ``answered_on_time`` as its subscriber sets them."""

    def add_complaint(self, filed, answered=None, on_time=None):
        data = {"kind": "complaint", "subject": "Antrean loket", "description": "Antrean loket terlalu lama."}
        complaint, _code = file_complaint(None, data, filed=filed)
        if answered is not None:
            complaint.answered_date = answered
            complaint.answered_on_time = on_time
            complaint.reindexObject(idxs=["answered_date", "answered_on_time"])
        self.complaints.append(complaint)

    def setUp(self):
        super().setUp()
        self.complaints = []
        self.add_complaint(datetime.datetime(2026, 9, 3, 10), datetime.datetime(2026, 9, 10, 10), True)
        self.add_complaint(datetime.datetime(2026, 9, 28, 10), datetime.datetime(2026, 10, 20, 10), False)
        self.add_complaint(datetime.datetime(2026, 10, 1, 10))

    def test_answered_and_on_time_by_month(self):
        data = self.figures()["complaints"]
        self.assertEqual(
            month(data, "2026-09"), {"month": "2026-09", "received": 2, "answered": 1, "answered_on_time": 1}
        )
        self.assertEqual(
            month(data, "2026-10"), {"month": "2026-10", "received": 1, "answered": 1, "answered_on_time": 0}
        )
        self.assertEqual(data["total"], {"received": 3, "answered": 2, "answered_on_time": 1})

    def test_without_the_indexes_answered_counts_zero(self):
        """A site whose catalog lacks the complaint indexes (before 1019)."""
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex("answered_on_time")
        catalog.delIndex("answered_date")
        data = self.figures()["complaints"]
        self.assertEqual(month(data, "2026-09")["received"], 2)
        self.assertEqual(data["total"], {"received": 3, "answered": 0, "answered_on_time": 0})


class TestParameters(StatisticsCase):
    def test_year(self):
        self.assertEqual(figures.parse_year("2025"), 2025)
        self.assertEqual(figures.parse_year(None), 2026)
        for bad in ("abc", "1999", "2027", "20 26", ["2026"]):
            with self.assertRaises(figures.BadParameter, msg=bad) as raised:
                figures.parse_year(bad)
            self.assertEqual(raised.exception.field, "year")

    def test_permit_type(self):
        self.assertEqual(figures.find_permit_type("reklame")["title"], "Izin Reklame")
        self.assertIsNone(figures.find_permit_type(""))
        with self.assertRaises(figures.BadParameter):
            figures.find_permit_type("tidak-ada")

    def test_both_named(self):
        with self.assertRaises(figures.BadParameters) as raised:
            figures.parameters({"year": "x", "permit_type": "tidak-ada"})
        self.assertEqual([e.field for e in raised.exception.errors], ["year", "permit_type"])
