""" "Permohonan Saya" (page and REST), the progress stepper and the
personal-bar link."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from ptsp_portal.applications import progress
from ptsp_portal.applications.mine import my_applications
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.my_applications.base import CITIZEN_SERVER_TESTING
from tests.my_applications.base import session
from tests.workflow.base import apply
from tests.workflow.base import MONDAY
from tests.workflow.base import setup_office
from urllib.parse import urlencode
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

import datetime
import html
import re
import transaction
import unittest


def transition(portal, user_id, action, obj, comment="Catatan uji."):
    login(portal, user_id)
    api.portal.get_tool("portal_workflow").doActionFor(obj, action, comment=comment)


def populate(portal):
    """budi: three applications (submitted, revision, issued); siti: one."""
    later = MONDAY + datetime.timedelta(days=1)
    apps = {
        "waiting": apply(portal, "sip-dokter", "budi", submitted=MONDAY),
        "revision": apply(portal, "reklame", "budi", submitted=later),
        "issued": apply(portal, "sip-dokter", "budi", submitted=MONDAY - datetime.timedelta(days=30)),
        "siti": apply(portal, "reklame", "siti", submitted=later),
    }
    transition(portal, "verifikator", "request_revision", apps["revision"], "Scan KTP buram.")
    transition(portal, "verifikator", "accept", apps["issued"])
    transition(portal, "teknis", "recommend", apps["issued"])
    transition(portal, "kadis", "approve", apps["issued"])
    logout()
    return apps


class TestProgress(unittest.TestCase):
    """``progress.steps``: pure, no site needed."""

    def statuses(self, state, history=None):
        return [(s["id"], s["status"]) for s in progress.steps(state, history)]

    def test_submitted(self):
        self.assertEqual(
            self.statuses("submitted"),
            [
                ("submitted", "done"),
                ("verification", "current"),
                ("technical_review", "next"),
                ("approval", "next"),
                ("issued", "next"),
            ],
        )

    def test_technical_review_and_approval(self):
        self.assertEqual(self.statuses("technical_review")[2], ("technical_review", "current"))
        self.assertEqual(self.statuses("pending_approval")[3], ("approval", "current"))
        self.assertEqual([s for _i, s in self.statuses("pending_approval")][:3], ["done"] * 3)

    def test_revision_is_a_detour_back_to_verification(self):
        steps = progress.steps("revision", [])
        self.assertEqual(
            [(s["id"], s["status"], s["kind"]) for s in steps],
            [
                ("submitted", "done", "stage"),
                ("revision", "current", "detour"),
                ("verification", "next", "stage"),
                ("technical_review", "next", "stage"),
                ("approval", "next", "stage"),
                ("issued", "next", "stage"),
            ],
        )
        self.assertEqual(steps[1]["title"], "Perbaikan oleh pemohon")

    def test_issued(self):
        self.assertEqual({s for _i, s in self.statuses("issued")}, {"done"})
        self.assertEqual(progress.steps("issued")[-1]["title"], "Izin Terbit")

    def test_rejected_where_it_stopped(self):
        history = [
            {"review_state": s} for s in ("submitted", "technical_review", "pending_approval", "rejected")
        ]
        self.assertEqual(
            self.statuses("rejected", history),
            [
                ("submitted", "done"),
                ("verification", "done"),
                ("technical_review", "done"),
                ("approval", "done"),
                ("rejected", "ended"),
                ("issued", "skipped"),
            ],
        )
        history = [{"review_state": s} for s in ("submitted", "rejected")]
        self.assertEqual(
            self.statuses("rejected", history)[:3],
            [("submitted", "done"), ("verification", "done"), ("rejected", "ended")],
        )

    def test_withdrawn(self):
        history = [{"review_state": s} for s in ("submitted", "withdrawn")]
        self.assertEqual(
            self.statuses("withdrawn", history)[:3],
            [("submitted", "done"), ("withdrawn", "ended"), ("verification", "skipped")],
        )
        history = [{"review_state": s} for s in ("submitted", "revision", "withdrawn")]
        self.assertEqual(
            self.statuses("withdrawn", history)[:3],
            [("submitted", "done"), ("revision", "done"), ("withdrawn", "ended")],
        )

    def test_revoked(self):
        statuses = self.statuses("revoked")
        self.assertEqual(statuses[-1], ("revoked", "ended"))
        self.assertEqual({s for _i, s in statuses[:-1]}, {"done"})

    def test_next_action(self):
        self.assertEqual(progress.next_action("revision")["title"], "Perbaiki dan ajukan kembali")
        for state in ("submitted", "technical_review", "pending_approval"):
            self.assertEqual(progress.next_action(state)["title"], "Menunggu petugas")
        self.assertEqual(progress.next_action("issued")["title"], "Unduh izin")
        for state in ("rejected", "withdrawn", "revoked"):
            self.assertEqual(progress.next_action(state)["id"], "closed")


class PageCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        setup_office(self.portal)
        self.apps = populate(self.portal)

    def render(self, user_id=None, context=None, name="permohonan-saya"):
        if user_id:
            login(self.portal, user_id)
        else:
            logout()
        self.request.form.clear()
        self.request.response.setStatus(200)
        self.request.response.headers.pop("location", None)
        view = getMultiAdapter((context or self.portal, self.request), name=name)
        return html.unescape(view() or "")


class TestMyApplicationsPage(PageCase):
    def test_only_own_applications(self):
        page = self.render("budi")
        for name in ("waiting", "revision", "issued"):
            self.assertIn(self.apps[name].tracking_number, page)
            self.assertIn(f'href="{self.apps[name].absolute_url()}"', page)
        self.assertNotIn(self.apps["siti"].tracking_number, page)

        page = self.render("siti")
        self.assertIn(self.apps["siti"].tracking_number, page)
        for name in ("waiting", "revision", "issued"):
            self.assertNotIn(self.apps[name].tracking_number, page)

    def test_rows(self):
        page = self.render("budi")
        self.assertIn("Surat Izin Praktik Dokter", page)
        self.assertIn("Izin Reklame", page)
        self.assertIn("Perlu Perbaikan", page)
        self.assertIn("Perbaiki dan ajukan kembali", page)
        # the button of a file in revision leads straight to its corrections
        self.assertIn(f'href="{self.apps["revision"].absolute_url()}/@@perbaiki"', page)
        self.assertIn("Menunggu petugas", page)
        self.assertIn("Unduh izin", page)
        self.assertIn("ptsp-state-revision", page)
        self.assertIn("ptsp-state-issued", page)
        # newest first
        numbers = re.findall(r'class="ptsp-app-number"[^>]*>([^<]+)<', page)
        self.assertEqual(
            numbers,
            [self.apps[n].tracking_number for n in ("revision", "waiting", "issued")],
        )

    def test_officer_has_no_applications_of_own(self):
        page = self.render("verifikator")
        self.assertIn("Anda belum mengajukan permohonan.", page)
        for app in self.apps.values():
            self.assertNotIn(app.tracking_number, page)

    def test_anonymous_sent_to_login_and_back(self):
        self.render(None)
        location = self.request.response.getHeader("location")
        came_from = urlencode({"came_from": f"{self.portal.absolute_url()}/@@permohonan-saya"})
        self.assertEqual(location, f"{self.portal.absolute_url()}/login?{came_from}")

    def test_query_relies_on_catalog_security_too(self):
        # budi is still the creator, but no longer allowed to see it
        app = self.apps["waiting"]
        app.manage_delLocalRoles(["budi"])
        app.reindexObjectSecurity()
        login(self.portal, "budi")
        numbers = [b.tracking_number for b in my_applications()]
        self.assertNotIn(app.tracking_number, numbers)
        self.assertEqual(len(numbers), 2)

    def test_personal_bar_action(self):
        actions = api.portal.get_tool("portal_actions")
        action = actions.user["permohonan-saya"]
        self.assertEqual(action.title, "Permohonan Saya")
        self.assertEqual(actions.user.objectIds()[0], "permohonan-saya")
        login(self.portal, "budi")
        listed = {a["id"]: a for a in actions.listActionInfos(categories=["user"], object=self.portal)}
        self.assertEqual(listed["permohonan-saya"]["url"], f"{self.portal.absolute_url()}/@@permohonan-saya")
        # anonymous: see TestMyApplicationsRest.test_page_over_http


class TestStepper(PageCase):
    def test_stepper_of_an_application(self):
        page = self.render("budi", context=self.apps["revision"], name="ptsp-stepper")
        self.assertTrue(page.strip().startswith('<ol class="ptsp-stepper"'))
        self.assertIn("Perbaikan oleh pemohon", page)
        self.assertRegex(page, r'ptsp-stepper-current ptsp-stepper-detour[^"]*"\s+aria-current="step"')
        for title in ("Diajukan", "Verifikasi", "Peninjauan Teknis", "Persetujuan", "Izin Terbit"):
            self.assertIn(title, page)

    def test_stepper_of_issued(self):
        page = self.render("budi", context=self.apps["issued"], name="ptsp-stepper")
        self.assertEqual(page.count("ptsp-stepper-done"), 5)
        self.assertNotIn("aria-current", page)


class TestMyApplicationsRest(unittest.TestCase):
    layer = CITIZEN_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        setup_office(self.portal)
        self.apps = populate(self.portal)
        transaction.commit()

    def test_own_applications(self):
        response = session(self, self.portal, "budi").get("@my-applications")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["items_total"], 3)
        items = {item["tracking_number"]: item for item in data["items"]}
        self.assertEqual(
            set(items), {self.apps[n].tracking_number for n in ("waiting", "revision", "issued")}
        )
        item = items[self.apps["revision"].tracking_number]
        self.assertEqual(item["@id"], self.apps["revision"].absolute_url())
        self.assertEqual(item["permit_type"], "Izin Reklame")
        self.assertEqual(item["review_state"], "revision")
        self.assertEqual(item["review_state_title"], "Perlu Perbaikan")
        self.assertEqual(item["state_colour"], "warning")
        self.assertEqual(item["next_action"], {"id": "fix", "title": "Perbaiki dan ajukan kembali"})
        self.assertEqual(item["submitted"][:10], "2026-11-03")
        self.assertRegex(item["due_date"], r"^\d{4}-\d{2}-\d{2}$")
        self.assertIsNone(item["sla_status"])  # the clock is stopped in revision
        waiting = items[self.apps["waiting"].tracking_number]
        self.assertEqual(waiting["next_action"]["id"], "wait")
        # nothing personal beyond what the citizen needs in a list
        for key in ("applicant_nik", "applicant_address", "form_data"):
            self.assertNotIn(key, item)

    def test_other_citizen_sees_only_hers(self):
        data = session(self, self.portal, "siti").get("@my-applications").json()
        self.assertEqual([i["tracking_number"] for i in data["items"]], [self.apps["siti"].tracking_number])

    def test_batching(self):
        data = session(self, self.portal, "budi").get("@my-applications?b_size=2").json()
        self.assertEqual(data["items_total"], 3)
        self.assertEqual(len(data["items"]), 2)
        self.assertIn("next", data["batching"])

    def test_anonymous_401(self):
        response = session(self, self.portal).get("@my-applications")
        self.assertEqual(response.status_code, 401)

    def test_page_over_http(self):
        http = session(self, self.portal, "budi", api=False)
        http.headers["Accept"] = "text/html"
        response = http.get("@@permohonan-saya")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.apps["waiting"].tracking_number, response.text)
        self.assertNotIn(self.apps["siti"].tracking_number, response.text)
        # the link of the account menu in the header (a citizen has no toolbar)
        self.assertIn('id="ptsp-account-permohonan-saya"', response.text)
        anonymous = session(self, self.portal, api=False)
        anonymous.headers["Accept"] = "text/html"
        response = anonymous.get("")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("ptsp-account-permohonan-saya", response.text)
        # the page itself sends anonymous visitors to the login form
        response = anonymous.get("@@permohonan-saya", allow_redirects=False)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login?came_from=", response.headers["Location"])
