"""The application detail page: who sees what, and its two forms."""

from AccessControl import Unauthorized
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.i18n.utility import setLanguageBinding
from plone.protect.authenticator import createToken
from ptsp_portal.applications.timeline import actor_role
from ptsp_portal.applications.timeline import timeline
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.workflow.base import apply
from tests.workflow.base import MONDAY
from tests.workflow.base import setup_office
from unittest import mock
from zExceptions import Forbidden
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

import datetime
import html
import re
import transaction
import unittest


class PageCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        setup_office(self.portal)
        # negotiate again now that the site's language is Indonesian
        setLanguageBinding(self.request)
        self.app = apply(self.portal, submitted=MONDAY)
        self.app.internal_notes = "Cek STR ke KKI sebelum diterima."
        logout()

    def view(self, user_id):
        login(self.portal, user_id)
        return getMultiAdapter((self.app, self.request), name="view")

    def render(self, user_id):
        self.request.form.clear()
        self.request.environ["REQUEST_METHOD"] = "GET"
        return html.unescape(self.view(user_id)())

    def post(self, user_id, authenticator=True, **form):
        login(self.portal, user_id)
        self.request.form.clear()
        self.request.form.update(form)
        if authenticator:
            self.request.form["_authenticator"] = createToken()
        self.request.environ["REQUEST_METHOD"] = "POST"
        self.request.response.setStatus(200)
        self.request.response.headers.pop("location", None)
        result = self.view(user_id)()
        return html.unescape(result or "")

    def transition(self, user_id, action, comment=""):
        login(self.portal, user_id)
        api.portal.get_tool("portal_workflow").doActionFor(self.app, action, comment=comment)

    def state(self):
        return api.content.get_state(self.app)

    def textarea(self, page, name):
        found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
        return found.group(1) if found else None


class TestWhoSeesWhat(PageCase):
    def setUp(self):
        super().setUp()
        self.transition("verifikator", "accept")
        self.transition("teknis", "request_revision", "Denah lokasi praktik belum ada.")

    def test_page_shows_the_application(self):
        page = self.render("budi")
        self.assertIn(self.app.tracking_number, page)
        self.assertIn("Surat Izin Praktik Dokter", page)
        self.assertIn(self.portal.layanan["sip-dokter"].absolute_url(), page)
        self.assertIn("Perlu Perbaikan", page)  # state title
        self.assertIn("Budi Santoso", page)
        self.assertIn("3201010101900001", page)  # NIK in full for the applicant
        self.assertIn("+6281234567890", page)
        self.assertIn("Lokasi praktik", page)  # form_data key made readable
        self.assertIn("Klinik Sehat", page)
        self.assertIn("Waktu layanan berhenti sementara", page)

    def test_officer_sees_names_and_internal_notes(self):
        page = self.render("kadis")
        self.assertIn("Vera Verifikasi", page)
        self.assertIn("Tono Teknis", page)
        self.assertIn("Denah lokasi praktik belum ada.", page)
        self.assertIn("Catatan internal", page)
        self.assertIn("Cek STR ke KKI sebelum diterima.", page)
        self.assertIn("Diajukan", page)
        self.assertIn("Peninjauan Teknis", page)

    def test_applicant_sees_role_titles_not_names(self):
        page = self.render("budi")
        self.assertIn("Petugas Verifikasi", page)
        self.assertIn("Tim Teknis", page)
        # the reasons are the citizen's to read
        self.assertIn("Denah lokasi praktik belum ada.", page)
        for secret in (
            "Vera Verifikasi",
            "Tono Teknis",
            "verifikator",
            "Cek STR ke KKI",
            "Catatan internal",
            "internal_notes",
        ):
            self.assertNotIn(secret, page)

    def test_timeline_data(self):
        login(self.portal, "budi")
        steps = timeline(self.app)
        self.assertEqual([s["action"] for s in steps], [None, "accept", "request_revision"])
        self.assertEqual([s["role"] for s in steps], ["Owner", "Verifier", "TechnicalReviewer"])
        self.assertEqual(steps[2]["from_state"], "technical_review")
        self.assertEqual(steps[2]["to_state"], "revision")
        self.assertEqual(steps[2]["comment"], "Denah lokasi praktik belum ada.")
        for step in steps:
            self.assertNotIn("actor_id", step)
            self.assertEqual(step["actor"], step["role_title"])
        login(self.portal, "verifikator")
        steps = timeline(self.app)
        self.assertEqual([s["actor_id"] for s in steps], ["budi", "verifikator", "teknis"])
        self.assertEqual(steps[1]["actor"], "Vera Verifikasi")

    def test_nobody_else_opens_the_page(self):
        path = "/".join(self.app.getPhysicalPath())
        for user_id in ("siti", "editor"):
            login(self.portal, user_id)
            with self.assertRaises(Unauthorized):
                self.portal.restrictedTraverse(path + "/@@view")
        logout()
        with self.assertRaises(Unauthorized):
            self.portal.restrictedTraverse(path + "/@@view")

    def test_document_links(self):
        page = self.render("budi")
        self.assertIn(self.app["ktp"].absolute_url() + "/@@download/file", page)
        self.assertIn("ktp.pdf", page)
        self.assertIn("KTP", page)  # the requirement's title
        login(self.portal, "verifikator")
        download = getMultiAdapter((self.app["ktp"], self.request), name="download")
        data = download.publishTraverse(self.request, "file")()
        data = data if isinstance(data, bytes) else b"".join(data)
        self.assertEqual(data, b"%PDF-1.4 test document")


class TestTransitionForm(PageCase):
    def test_buttons_for_the_current_user(self):
        page = self.render("verifikator")
        for action in ("accept", "request_revision", "reject"):
            self.assertIn(f'value="{action}"', page)
        self.assertIn('name="_authenticator"', page)
        self.assertRegex(page, r'value="request_revision"[^>]*data-comment-required="true"')
        self.assertNotRegex(page, r'value="accept"[^>]*data-comment-required')
        page = self.render("budi")
        self.assertIn('value="withdraw"', page)
        self.assertNotIn('value="accept"', page)
        page = self.render("teknis")
        self.assertNotIn('name="workflow_action"', page)

    def test_transition_through_the_form(self):
        self.post("verifikator", workflow_action="accept", comment="Berkas lengkap.")
        self.assertEqual(self.state(), "technical_review")
        self.assertEqual(self.request.response.getStatus(), 302)
        self.assertEqual(self.request.response.getHeader("location"), self.app.absolute_url())
        history = self.app.workflow_history["ptsp_application_workflow"]
        self.assertEqual(history[-1]["comments"], "Berkas lengkap.")
        self.assertEqual(history[-1]["actor"], "verifikator")

    def test_applicant_resubmits_through_the_form(self):
        self.transition("verifikator", "request_revision", "Scan KTP buram.")
        page = self.render("budi")
        self.assertIn('value="resubmit"', page)
        self.assertIn("Scan KTP buram.", page)
        self.post("budi", workflow_action="resubmit", comment="")
        self.assertEqual(self.state(), "submitted")

    def test_authenticator_required(self):
        with self.assertRaises(Forbidden):
            self.post("verifikator", authenticator=False, workflow_action="accept")
        self.assertEqual(self.state(), "submitted")

    def test_get_does_not_act(self):
        login(self.portal, "verifikator")
        self.request.form.update(workflow_action="accept", _authenticator=createToken())
        self.request.environ["REQUEST_METHOD"] = "GET"
        self.view("verifikator")()
        self.assertEqual(self.state(), "submitted")

    def test_missing_comment_shows_error_and_keeps_state(self):
        page = self.post("verifikator", workflow_action="request_revision", comment="   ")
        self.assertEqual(self.state(), "submitted")
        self.assertIn("Alasan wajib diisi", page)
        self.assertIn("Minta perbaikan", page)
        self.assertNotEqual(self.request.response.getStatus(), 302)
        self.assertTrue(transaction.get().isDoomed())
        self.assertEqual(self.textarea(page, "comment"), "   ")

    def test_crafted_post_without_the_transition_is_refused(self):
        page = self.post("budi", workflow_action="accept", comment="Tolong segera diproses")
        self.assertEqual(self.state(), "submitted")
        self.assertIn("Tindakan ini tidak dapat Anda lakukan", page)
        self.assertEqual(self.textarea(page, "comment"), "Tolong segera diproses")
        page = self.post("kadis", workflow_action="approve", comment="")
        self.assertEqual(self.state(), "submitted")
        self.assertIn("Tindakan ini tidak dapat Anda lakukan", page)
        page = self.post("verifikator", workflow_action=["accept", "reject"])
        self.assertIn("Tindakan ini tidak dapat Anda lakukan", page)
        page = self.post("teknis", workflow_action="no_such_action")
        self.assertIn("Tindakan ini tidak dapat Anda lakukan", page)
        self.assertEqual(len(self.app.workflow_history["ptsp_application_workflow"]), 1)


class TestInternalNotes(PageCase):
    def test_officer_edits_notes(self):
        self.post(
            "teknis", internal_notes="Jadwalkan kunjungan lapangan.", **{"form.buttons.save_notes": "1"}
        )
        self.assertEqual(self.app.internal_notes, "Jadwalkan kunjungan lapangan.")
        self.assertEqual(self.request.response.getStatus(), 302)

    def test_notes_need_the_authenticator(self):
        with self.assertRaises(Forbidden):
            self.post("teknis", authenticator=False, internal_notes="x", **{"form.buttons.save_notes": "1"})
        self.assertEqual(self.app.internal_notes, "Cek STR ke KKI sebelum diterima.")

    def test_applicant_cannot_edit_notes(self):
        with self.assertRaises(Unauthorized):
            self.post("budi", internal_notes="Saya ubah catatan", **{"form.buttons.save_notes": "1"})
        self.assertEqual(self.app.internal_notes, "Cek STR ke KKI sebelum diterima.")

    def test_notes_read_only_in_final_states(self):
        self.transition("verifikator", "reject", "Bukan kewenangan daerah.")
        page = self.render("verifikator")
        self.assertIn("Cek STR ke KKI sebelum diterima.", page)
        self.assertNotIn('name="internal_notes"', page)
        with self.assertRaises(Unauthorized):
            self.post("verifikator", internal_notes="x", **{"form.buttons.save_notes": "1"})


class TestClock(PageCase):
    def test_sla_badge(self):
        with mock.patch("ptsp_portal.workflow.sla.today", return_value=MONDAY.date()):
            self.assertIn("Sesuai jadwal", self.render("verifikator"))
        with mock.patch("ptsp_portal.workflow.sla.today", return_value=datetime.date(2026, 11, 12)):
            self.assertIn("Segera jatuh tempo", self.render("verifikator"))
        with mock.patch("ptsp_portal.workflow.sla.today", return_value=datetime.date(2026, 12, 1)):
            self.assertIn("Terlambat", self.render("budi"))


class TestActorRole(unittest.TestCase):
    def test_roles_from_transitions(self):
        self.assertEqual(actor_role("accept", "submitted"), "Verifier")
        self.assertEqual(actor_role("request_revision", "submitted"), "Verifier")
        self.assertEqual(actor_role("request_revision", "technical_review"), "TechnicalReviewer")
        self.assertEqual(actor_role("reject", "submitted"), "Verifier")
        self.assertEqual(actor_role("reject", "pending_approval"), "Approver")
        self.assertEqual(actor_role("recommend", "technical_review"), "TechnicalReviewer")
        for action in ("approve", "send_back", "revoke"):
            self.assertEqual(actor_role(action, "pending_approval"), "Approver")
        for action in ("resubmit", "withdraw", None):
            self.assertEqual(actor_role(action, "revision"), "Owner")
