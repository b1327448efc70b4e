"""``@statistics``, ``@@statistik`` and ``@@statistik-csv`` over HTTP,
anonymously: the figures, the downloads, 400 for bad parameters, and
nothing personal in any answer."""

from plone import api
from plone.app.testing import FunctionalTesting
from plone.testing import zope as zope_testing
from ptsp_portal.testing import FIXTURE
from tests.base import rest_session
from tests.statistics.base import make_known
from tests.workflow.base import NIK
from tests.workflow.base import setup_office
from unittest import mock

import csv
import datetime
import io
import transaction
import unittest

STATISTICS_SERVER_TESTING = FunctionalTesting(
    bases=(FIXTURE, zope_testing.WSGI_SERVER_FIXTURE), name="PtspStatistics:Server"
)


class TestStatisticsHttp(unittest.TestCase):
    layer = STATISTICS_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        api.portal.set_registry_record("plone.portal_timezone", "Asia/Jakarta")
        self.apps = make_known(self.portal)
        transaction.commit()
        patcher = mock.patch("ptsp_portal.statistics.figures.today", return_value=datetime.date(2026, 12, 31))
        patcher.start()
        self.addCleanup(patcher.stop)
        self.url = self.portal.absolute_url()

    def get(self, path, api=True):
        base = f"{self.url}/++api++" if api else self.url
        return rest_session(self, base, json=api).get(path)

    def assert_nothing_personal(self, text):
        for app in self.apps.values():
            self.assertNotIn(app.tracking_number, text)
        for marker in (NIK, "Budi Santoso", "budi@example.org", "3456-7890", "Jl. Merdeka"):
            self.assertNotIn(marker, text)

    def test_json(self):
        response = self.get("@statistics?year=2026&permit_type=sip-dokter")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("no-store", response.headers["Cache-Control"])
        data = response.json()
        self.assertEqual((data["year"], data["permit_type"]), (2026, "sip-dokter"))
        september = next(m for m in data["permit_types"][0]["months"] if m["month"] == "2026-09")
        self.assertEqual((september["received"], september["working_days_median"]), (4, 8))
        self.assertEqual(data["all"]["id"], "semua")
        self.assertNotIn("uid", data["permit_types"][0])
        self.assertEqual(len(data["complaints"]["months"]), 12)
        self.assert_nothing_personal(response.text)
        # the default: this year, every permit type
        every = self.get("@statistics").json()
        self.assertEqual(every["year"], 2026)
        self.assertEqual({r["id"] for r in every["permit_types"]}, {"sip-dokter", "reklame"})

    def test_bad_parameters(self):
        response = self.get("@statistics?year=dua-ribu&permit_type=tidak-ada")
        self.assertEqual(response.status_code, 400, response.text)
        errors = response.json()["error"]["errors"]
        self.assertEqual([e["field"] for e in errors], ["year", "permit_type"])
        self.assertIn("Tahun harus berupa angka", errors[0]["message"])
        self.assertEqual(self.get("@statistics?year=1999").status_code, 400)
        self.assertEqual(self.get("@statistics?year:int=abc").status_code, 400)
        self.assertEqual(self.get("@@statistik?year=2099", api=False).status_code, 400)
        self.assertEqual(self.get("@@statistik-csv?permit_type=tidak-ada", api=False).status_code, 400)

    def test_csv(self):
        response = self.get("@@statistik-csv?year=2026", api=False)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("statistik-2026.csv", response.headers["Content-Disposition"])
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        september = next(r for r in rows if r["permit_type_id"] == "sip-dokter" and r["month"] == "2026-09")
        self.assertEqual(
            (september["received"], september["working_days_p90"], september["share_within_service_days"]),
            ("4", "15", "0.6667"),
        )
        year = next(r for r in rows if r["permit_type_id"] == "semua" and r["month"] == "2026")
        figures = (year["received"], year["in_progress"], year["complaints_received"])
        self.assertEqual(figures, ("9", "2", "0"))
        self.assert_nothing_personal(response.text)

    def test_page(self):
        response = self.get("@@statistik?year=2026", api=False)
        self.assertEqual(response.status_code, 200, response.text)
        text = response.text
        self.assertIn("<svg", text)
        self.assertIn('id="ptsp-statistics-month-table"', text)
        self.assertIn("Surat Izin Praktik Dokter", text)
        self.assertIn("@@statistik-csv?year=2026", text)
        self.assertIn("++api++/@statistics?year=2026", text)
        self.assert_nothing_personal(text)
