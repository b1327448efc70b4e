"""Public tracking: ``tracking.track``, the page ``@@lacak`` and ``@track``."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from ptsp_portal.applications import tracking
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.security import ratelimit
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.my_applications.base import CITIZEN_SERVER_TESTING
from tests.my_applications.base import session
from tests.workflow.base import apply
from tests.workflow.base import MONDAY
from tests.workflow.base import NIK
from tests.workflow.base import setup_office
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

import html
import transaction
import unittest

COMMENT = "Pindaian STR tidak terbaca, unggah ulang."
INTERNAL_NOTE = "Cek STR ke KKI sebelum diterima."
# what must never show: name, NIK, address, phone, email, answers, documents,
# comments, internal notes, officers
PERSONAL = (
    "Budi Santoso",
    NIK,
    "Jl. Merdeka",
    "+6281234567890",
    "budi@example.org",
    "Klinik Sehat",
    "ktp.pdf",
    COMMENT,
    INTERNAL_NOTE,
    "Vera",
    "verifikator",
)


def make_application(portal):
    """budi's application, revision requested by the verifier, resubmitted,
    accepted: in technical review."""
    app = apply(portal, submitted=MONDAY)
    app.internal_notes = INTERNAL_NOTE
    workflow = api.portal.get_tool("portal_workflow")
    login(portal, "verifikator")
    workflow.doActionFor(app, "request_revision", comment=COMMENT)
    login(portal, "budi")
    workflow.doActionFor(app, "resubmit", comment="Sudah saya unggah ulang.")
    login(portal, "verifikator")
    workflow.doActionFor(app, "accept", comment="")
    logout()
    return app


class TrackingCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        ratelimit.reset()
        self.addCleanup(ratelimit.reset)
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        setup_office(self.portal)
        self.app = make_application(self.portal)
        self.number = self.app.tracking_number


class TestTrack(TrackingCase):
    def test_found(self):
        result = tracking.track(self.number)
        self.assertEqual(result["tracking_number"], self.number)
        self.assertEqual(result["permit_type"], "Surat Izin Praktik Dokter")
        self.assertEqual(result["review_state"], "technical_review")
        self.assertEqual(result["state_title"], "Peninjauan Teknis")
        self.assertEqual(result["submitted"], MONDAY)
        self.assertEqual(result["due_date"], self.app.due_date)
        self.assertEqual(
            [step["state"] for step in result["steps"]],
            ["submitted", "revision", "submitted", "technical_review"],
        )
        self.assertEqual(result["steps"][0]["date"], MONDAY)
        self.assertEqual(
            [(s["id"], s["status"]) for s in result["progress"]][:3],
            [("submitted", "done"), ("verification", "done"), ("technical_review", "current")],
        )

    def test_normalised(self):
        self.assertEqual(tracking.track(f"  {self.number.lower()} ")["tracking_number"], self.number)

    def test_unknown(self):
        number = self.number[:-1] + ("9" if self.number[-1] != "9" else "8")
        with self.assertRaises(tracking.UnknownNumber) as caught:
            tracking.track(number)
        self.assertEqual(caught.exception.status, 404)

    def test_only_applications_are_tracked(self):
        """The lookup queries the number alone (a cost that does not grow
        with the history); anything else that carries the number in the
        catalog (a document below an application acquires it) is not an
        application."""
        number = self.number[:-1] + ("9" if self.number[-1] != "9" else "8")
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        page = api.content.create(
            container=self.portal, type="Document", id="bukan-permohonan", title="Bukan"
        )
        page.tracking_number = number
        page.reindexObject()
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(len(catalog.unrestrictedSearchResults(tracking_number=number)), 1)
        logout()
        with self.assertRaises(tracking.UnknownNumber):
            tracking.track(number)
        self.assertEqual(tracking.track(self.number)["permit_type"], "Surat Izin Praktik Dokter")

    def test_malformed(self):
        for number in ("", "   ", "PTSP", "PTSP-26-1", "PTSP-2026-000001' OR 1=1", "*", None, ["x"]):
            with self.assertRaises(tracking.MalformedNumber, msg=repr(number)) as caught:
                tracking.track(number)
            self.assertEqual(caught.exception.status, 400)

    def test_anonymous_may_track(self):
        logout()
        self.assertEqual(tracking.track(self.number)["review_state"], "technical_review")

    def test_nothing_personal(self):
        text = repr(tracking.track(self.number))
        for value in PERSONAL:
            self.assertNotIn(value, text)


class TestPage(TrackingCase):
    def render(self, number=None):
        logout()
        self.request.form.clear()
        self.request.response.setStatus(200)
        if number is not None:
            self.request.form["nomor"] = number
        view = getMultiAdapter((self.portal, self.request), name="lacak")
        return html.unescape(view())

    def test_form(self):
        page = self.render()
        self.assertIn('name="nomor"', page)
        self.assertEqual(self.request.response.getStatus(), 200)

    def test_found(self):
        page = self.render(self.number.lower())
        self.assertEqual(self.request.response.getStatus(), 200)
        self.assertIn(self.number, page)
        self.assertIn("Surat Izin Praktik Dokter", page)
        self.assertIn("Peninjauan Teknis", page)
        self.assertIn("Perlu Perbaikan", page)  # a dated step
        self.assertIn('class="ptsp-stepper"', page)
        self.assertIn("ptsp-state-technical_review", page)
        self.assertEqual(self.request.response.getHeader("Cache-Control"), "no-store")

    def test_no_personal_data(self):
        page = self.render(self.number)
        for value in PERSONAL:
            self.assertNotIn(value, page)
        self.assertNotIn(self.app.absolute_url(), page)

    def test_unknown(self):
        page = self.render("PTSP-1999-000001")
        self.assertEqual(self.request.response.getStatus(), 404)
        self.assertIn("Nomor tidak ditemukan", page)
        self.assertNotIn("ptsp-tracking-result", page)

    def test_malformed(self):
        page = self.render("bukan nomor")
        self.assertEqual(self.request.response.getStatus(), 400)
        self.assertIn("Format nomor registrasi tidak dikenal", page)

    def test_rate_limited(self):
        for _i in range(30):
            self.render("PTSP-1999-000001")
        page = self.render(self.number)
        self.assertEqual(self.request.response.getStatus(), 429)
        self.assertIn("Terlalu banyak pencarian dari alamat Anda", page)
        self.assertNotIn("Surat Izin Praktik Dokter", page)
        self.assertTrue(int(self.request.response.getHeader("Retry-After")) > 0)

    def test_linked_from_front_page(self):
        logout()
        self.request.form.clear()
        page = getMultiAdapter((self.portal, self.request), name="beranda")()
        self.assertIn("<!-- tracking link -->", page)
        self.assertIn(f'action="{self.portal.absolute_url()}/@@lacak"', page)


class TestRest(unittest.TestCase):
    layer = CITIZEN_SERVER_TESTING

    def setUp(self):
        ratelimit.reset()
        self.addCleanup(ratelimit.reset)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        setup_office(self.portal)
        self.app = make_application(self.portal)
        self.number = self.app.tracking_number
        transaction.commit()
        self.http = session(self, self.portal)

    def track(self, number):
        return self.http.get("@track", params={"number": number})

    def test_found(self):
        response = self.track(self.number.lower())
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["tracking_number"], self.number)
        self.assertEqual(data["permit_type"], "Surat Izin Praktik Dokter")
        self.assertEqual(data["review_state"], "technical_review")
        self.assertEqual(data["review_state_title"], "Peninjauan Teknis")
        self.assertEqual(data["submitted"], "2026-11-02T09:00:00")
        self.assertEqual(data["due_date"], self.app.due_date.isoformat())
        self.assertEqual(
            [(s["review_state"], s["title"]) for s in data["steps"]],
            [
                ("submitted", "Diajukan"),
                ("revision", "Perlu Perbaikan"),
                ("submitted", "Diajukan"),
                ("technical_review", "Peninjauan Teknis"),
            ],
        )
        self.assertTrue(all(s["date"] for s in data["steps"]))
        self.assertEqual(
            data["progress"][2],
            {
                "id": "technical_review",
                "title": "Peninjauan Teknis",
                "status": "current",
                "kind": "stage",
            },
        )
        self.assertEqual(response.headers["Cache-Control"], "private, no-store")

    def test_no_personal_data(self):
        text = self.track(self.number).text
        for value in PERSONAL:
            self.assertNotIn(value, text)
        self.assertNotIn(self.app.absolute_url(), text)

    def test_unknown_404(self):
        response = self.track("PTSP-1999-000001")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["error"]["type"], "NotFound")
        self.assertIn("Nomor tidak ditemukan", response.json()["error"]["message"])

    def test_malformed_400(self):
        for number in ("x", "PTSP-2026-1", ""):
            response = self.track(number)
            self.assertEqual(response.status_code, 400, number)
            self.assertEqual(response.json()["error"]["type"], "BadRequest")
        response = self.http.get("@track")
        self.assertEqual(response.status_code, 400)

    def test_same_answer_for_someone_elses_number(self):
        # siti (logged in) gets exactly what anonymous gets: no more, no less
        anonymous = self.track(self.number).json()
        siti = session(self, self.portal, "siti").get("@track", params={"number": self.number}).json()
        self.assertEqual(siti, anonymous)

    def test_rate_limit_429(self):
        for _i in range(30):
            self.assertNotEqual(self.track("PTSP-1999-000001").status_code, 429)
        response = self.track(self.number)
        self.assertEqual(response.status_code, 429)
        self.assertTrue(int(response.headers["Retry-After"]) > 0)
        error = response.json()["error"]
        self.assertEqual(error["type"], "TooManyRequests")
        self.assertIn("Terlalu banyak pencarian", error["message"])
        self.assertNotIn("permit_type", response.json())

    def test_page_over_http(self):
        http = session(self, self.portal, api=False)
        http.headers["Accept"] = "text/html"
        response = http.get("@@lacak", params={"nomor": self.number})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Peninjauan Teknis", response.text)
        response = http.get("@@lacak", params={"nomor": "PTSP-1999-000001"})
        self.assertEqual(response.status_code, 404)
        self.assertIn("Nomor tidak ditemukan", response.text)
