"""Per-requirement document checks (issue 19 §1–3): verdicts per submission
round, the revision reason built from them, the highlighted documents on the
applicant's revision page, the guard of ``accept``, who may read and write
them, and "Berikutnya" (the next application awaiting my action)."""

from AccessControl import Unauthorized
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.i18n.utility import setLanguageBinding
from plone.protect.authenticator import createToken
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal.applications import checks
from ptsp_portal.applications import revision
from ptsp_portal.applications.intake import create_application
from ptsp_portal.applications.queue.following import next_application
from ptsp_portal.applications.timeline import timeline
from ptsp_portal.forms.model import Upload
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.forms import files
from tests.workflow.base import MONDAY
from tests.workflow.base import NIK
from tests.workflow.base import setup_office
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

import datetime
import html
import unittest

REQUIREMENTS = [
    {"id": "ktp", "title": "KTP", "description": "KTP pemohon yang masih berlaku.", "required": True,
     "file_types": ["pdf", "jpg"], "max_size_mb": 5},
    {"id": "surat-sehat", "title": "Surat sehat", "description": "", "required": True,
     "file_types": ["pdf"], "max_size_mb": 5},
    {"id": "npwp", "title": "NPWP", "description": "", "required": False,
     "file_types": ["pdf", "jpg"], "max_size_mb": 5},
]  # fmt: skip
FAILED = {
    "checks": [
        {"id": "ktp", "verdict": "tidak sesuai", "note": "foto buram"},
        {"id": "surat-sehat", "verdict": "tidak sesuai", "note": "sudah kedaluwarsa"},
        {"id": "npwp", "verdict": "sesuai", "note": ""},
    ]
}


def submit(portal, applicant="budi", submitted=MONDAY):
    data = {
        "applicant_name": api.user.get(applicant).getProperty("fullname"),
        "applicant_nik": NIK,
        "applicant_email": f"{applicant}@example.org",
        "applicant_phone": "0812-3456-7890",
        "applicant_address": "Jl. Merdeka No. 1, Kabupaten Contoh",
        "form_data": {"lokasi_praktik": "Klinik Sehat"},
    }
    documents = {
        "ktp": ("ktp.jpg", "image/jpeg", files.jpeg()),
        "surat-sehat": ("surat-sehat.pdf", "application/pdf", files.pdf()),
        "npwp": ("npwp.pdf", "application/pdf", files.pdf()),
    }
    permit_type = portal["layanan"]["sip-dokter"]
    return create_application(permit_type, applicant, data, documents, submitted=submitted)


class ChecksCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        setup_office(self.portal)
        setLanguageBinding(self.request)
        self.portal["layanan"]["sip-dokter"].requirements = REQUIREMENTS
        self.app = submit(self.portal)
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        logout()

    def as_(self, user_id):
        login(self.portal, user_id)

    def transition(self, user_id, action, comment=""):
        self.as_(user_id)
        api.portal.get_tool("portal_workflow").doActionFor(self.app, action, comment=comment)

    def save(self, user_id, data):
        self.as_(user_id)
        return checks.save(self.app, data)

    def verdicts(self):
        return {item["id"]: (item["verdict"], item["note"]) for item in checks.rows(self.app)}

    def page(self, user_id, name="view", method="GET", **form):
        self.as_(user_id)
        self.request.form.clear()
        self.request.form.update(form)
        if method == "POST":
            self.request.form["_authenticator"] = createToken()
        self.request.environ["REQUEST_METHOD"] = method
        self.request.response.setStatus(200)
        self.request.response.headers.pop("location", None)
        return html.unescape(getMultiAdapter((self.app, self.request), name=name)() or "")

    def resubmit_with_new_ktp(self):
        self.as_("budi")
        upload = Upload("ktp-baru.pdf", "application/pdf", files.pdf())
        revision.revise(self.app, {}, {"ktp": upload}, self.request, resubmit=True)


class TestVerdictsPerRound(ChecksCase):
    def test_rows_describe_each_requirement_and_its_document(self):
        self.as_("verifikator")
        rows = {item["id"]: item for item in checks.rows(self.app)}
        self.assertEqual(list(rows), ["ktp", "surat-sehat", "npwp"])
        self.assertEqual(rows["ktp"]["description"], "KTP pemohon yang masih berlaku.")
        self.assertEqual(rows["ktp"]["file_types"], ["pdf", "jpg"])
        self.assertTrue(rows["ktp"]["required"])
        self.assertFalse(rows["npwp"]["required"])
        self.assertEqual(rows["ktp"]["document"]["preview"], "image")
        self.assertEqual(rows["surat-sehat"]["document"]["preview"], "pdf")
        # previews read the document's own secured download, nothing new
        self.assertTrue(rows["ktp"]["document"]["url"].endswith("/ktp/@@download/file"))

    def test_verdicts_are_kept_per_submission_round(self):
        self.assertEqual(checks.submission_round(self.app), 0)
        self.assertEqual(self.save("verifikator", FAILED), ["ktp", "surat-sehat", "npwp"])
        self.assertEqual(
            self.verdicts(),
            {
                "ktp": ("tidak sesuai", "foto buram"),
                "surat-sehat": ("tidak sesuai", "sudah kedaluwarsa"),
                "npwp": ("sesuai", ""),
            },
        )
        self.transition("verifikator", "request_revision", checks.revision_reason(self.app))
        self.resubmit_with_new_ktp()
        self.assertEqual(api.content.get_state(self.app), "submitted")
        self.assertEqual(checks.submission_round(self.app), 1)
        # round 1 starts unchecked: the replaced KTP is checked afresh
        self.as_("verifikator")
        rows = {item["id"]: item for item in checks.rows(self.app)}
        self.assertEqual({k: r["verdict"] for k, r in rows.items()}, dict.fromkeys(rows))
        self.assertEqual(rows["ktp"]["previous"]["verdict"], "tidak sesuai")
        self.assertTrue(rows["ktp"]["previous"]["replaced"])
        self.assertFalse(rows["surat-sehat"]["previous"]["replaced"])
        # the first round's verdicts stay
        self.assertEqual(checks.verdicts(self.app, 0)["ktp"]["note"], "foto buram")
        self.save("verifikator", {"checks": [{"id": "ktp", "verdict": "sesuai", "note": ""}]})
        self.assertEqual(checks.verdicts(self.app, 1)["ktp"]["verdict"], "sesuai")
        self.assertEqual(checks.verdicts(self.app, 0)["ktp"]["verdict"], "tidak sesuai")

    def test_saving_the_same_again_changes_nothing_and_null_clears(self):
        self.save("verifikator", FAILED)
        self.assertEqual(self.save("verifikator", FAILED), [])
        self.assertEqual(self.save("verifikator", {"checks": [{"id": "npwp", "verdict": None}]}), ["npwp"])
        self.assertIsNone(self.verdicts()["npwp"][0])

    def test_checks_are_on_the_officers_timeline_only(self):
        self.save("verifikator", FAILED)
        self.as_("verifikator")
        [step] = [s for s in timeline(self.app) if s["action"] == checks.STEP_ACTION]
        self.assertIn("KTP: tidak sesuai (foto buram)", step["comment"])
        self.assertIn("NPWP: sesuai", step["comment"])
        self.assertEqual(step["actor"], "Vera Verifikasi")
        self.as_("budi")
        self.assertNotIn(checks.STEP_ACTION, [s["action"] for s in timeline(self.app)])
        page = self.page("budi")
        self.assertNotIn("foto buram", page)
        self.assertNotIn("Pemeriksaan dokumen", page)


class TestBadInput(ChecksCase):
    def errors(self, data):
        self.as_("verifikator")
        with self.assertRaises(checks.CheckError) as caught:
            checks.parse(self.app, data)
        self.assertEqual(checks.verdicts(self.app), {})
        return caught.exception.errors

    def test_each_bad_row_is_named_in_indonesian(self):
        errors = self.errors(
            {
                "checks": [
                    {"id": "ktp", "verdict": "bagus"},
                    {"id": "surat-sehat", "verdict": "tidak sesuai", "note": "  "},
                    {"id": "npwp", "verdict": "sesuai", "note": "x" * 501},
                    {"id": "tidak-ada", "verdict": "sesuai"},
                ]
            }
        )
        self.assertEqual(errors["ktp"], 'Hasil pemeriksaan harus "sesuai" atau "tidak sesuai".')
        self.assertIn("catatan wajib", errors["surat-sehat"])
        self.assertIn("terlalu panjang", errors["npwp"])
        self.assertIn("tidak dikenal", errors["tidak-ada"])

    def test_shape(self):
        self.assertIn("checks", self.errors({"verdicts": []}))
        self.assertIn("checks", self.errors([]))
        self.assertIn("checks", self.errors({"checks": [{"verdict": "sesuai"}]}))
        self.assertIn("ktp", self.errors({"checks": [{"id": "ktp"}, {"id": "ktp"}]}))
        self.assertIn("ktp", self.errors({"checks": [{"id": "ktp", "verdict": "sesuai", "note": 5}]}))

    def test_bad_page_post_answers_400_and_keeps_what_was_typed(self):
        page = self.page(
            "verifikator",
            "pemeriksaan-dokumen",
            "POST",
            **{
                "periksa.rows": ["ktp", "npwp"],
                "periksa.verdict.ktp": "tidak sesuai",
                "periksa.note.ktp": "",
                "periksa.verdict.npwp": "sesuai",
                "periksa.note.npwp": "cocok dengan data",
            },
        )
        self.assertEqual(self.request.response.getStatus(), 400)
        self.assertIn("Hasil pemeriksaan belum disimpan", page)
        self.assertIn("catatan wajib", page)
        self.assertIn('value="cocok dengan data"', page)
        self.assertEqual(checks.verdicts(self.app), {})


class TestWhoMay(ChecksCase):
    def test_the_applicant_and_another_citizen_neither_read_nor_write(self):
        for user_id in ("budi", "siti"):
            self.as_(user_id)
            self.assertFalse(checks.can_read(self.app), user_id)
            self.assertFalse(checks.can_write(self.app), user_id)
        self.as_("budi")
        with self.assertRaises(Unauthorized):
            getMultiAdapter((self.app, self.request), name="pemeriksaan-dokumen")()
        with self.assertRaises(Unauthorized):
            getMultiAdapter((self.app, self.request), name="berikutnya")()

    def test_the_applicant_cannot_post_verdicts_through_the_page(self):
        with self.assertRaises(Unauthorized):
            self.page("budi", "pemeriksaan-dokumen", "POST", **{"periksa.rows": ["ktp"],
                      "periksa.verdict.ktp": "sesuai"})  # fmt: skip
        self.assertEqual(checks.verdicts(self.app), {})

    def test_the_officer_of_the_step_waiting_now_writes(self):
        self.as_("verifikator")
        self.assertTrue(checks.can_write(self.app))
        self.as_("teknis")
        self.assertTrue(checks.can_read(self.app))
        self.assertFalse(checks.can_write(self.app))
        self.transition("verifikator", "accept")
        self.assertFalse(checks.can_write(self.app))
        self.as_("teknis")
        self.assertTrue(checks.can_write(self.app))

    def test_nobody_writes_while_the_applicant_revises(self):
        self.save("verifikator", FAILED)
        self.transition("verifikator", "request_revision", "foto buram")
        for user_id in ("verifikator", "teknis", "kadis", "budi"):
            self.as_(user_id)
            self.assertFalse(checks.can_write(self.app), user_id)


class TestRevisionFromChecks(ChecksCase):
    def test_reason_is_built_from_the_failed_checks(self):
        self.save("verifikator", FAILED)
        self.assertEqual(checks.revision_reason(self.app), "KTP: foto buram; Surat sehat: sudah kedaluwarsa")
        page = self.page("verifikator")
        self.assertIn(">KTP: foto buram; Surat sehat: sudah kedaluwarsa</textarea>", page)
        self.assertIn("ptsp-reason-from-checks", page)

    def test_no_reason_without_failed_checks(self):
        self.save("verifikator", {"checks": [{"id": "ktp", "verdict": "sesuai", "note": ""}]})
        self.assertEqual(checks.revision_reason(self.app), "")
        self.assertNotIn("ptsp-reason-from-checks", self.page("verifikator"))

    def test_revision_page_highlights_exactly_the_failed_documents(self):
        self.save("verifikator", FAILED)
        self.transition("verifikator", "request_revision", checks.revision_reason(self.app))
        self.as_("budi")
        self.assertEqual([d["id"] for d in checks.to_fix(self.app)], ["ktp", "surat-sehat"])
        view = getMultiAdapter((self.app, self.request), name="perbaiki")
        self.request.environ["REQUEST_METHOD"] = "GET"
        view.described = revision.fields(self.app)
        view.errors = {}
        marked = {d["id"]: d["to_fix"] for d in view.documents()}
        self.assertEqual(marked, {"ktp": True, "surat-sehat": True, "npwp": False})
        page = self.page("budi", "perbaiki")
        self.assertEqual(page.count("Diminta diganti oleh petugas"), 2)
        self.assertNotIn(
            "foto buram; Surat", page.split("perbaiki-dokumen")[1]
        )  # no verdict notes in the rows


class TestAcceptGuard(ChecksCase):
    def offered(self, user_id):
        self.as_(user_id)
        return [t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(self.app)]

    def test_accept_refused_while_a_required_document_failed(self):
        self.assertIn("accept", self.offered("verifikator"))
        self.save("verifikator", {"checks": [{"id": "ktp", "verdict": "tidak sesuai", "note": "foto buram"}]})
        self.assertNotIn("accept", self.offered("verifikator"))
        self.assertIn("request_revision", self.offered("verifikator"))
        with self.assertRaises(WorkflowException):
            api.portal.get_tool("portal_workflow").doActionFor(self.app, "accept")
        self.assertEqual(api.content.get_state(self.app), "submitted")

    def test_page_refuses_accept_and_says_why(self):
        self.save("verifikator", {"checks": [{"id": "ktp", "verdict": "tidak sesuai", "note": "foto buram"}]})
        page = self.page("verifikator")
        self.assertIn("ptsp-accept-refused", page)
        self.assertNotIn('value="accept"', page)
        page = self.page("verifikator", method="POST", workflow_action="accept")
        self.assertIn("dokumen wajib berikut ditandai tidak sesuai: KTP", page)
        self.assertEqual(api.content.get_state(self.app), "submitted")

    def test_an_optional_document_does_not_block(self):
        self.save("verifikator", {"checks": [{"id": "npwp", "verdict": "tidak sesuai", "note": "buram"}]})
        self.assertIn("accept", self.offered("verifikator"))
        self.transition("verifikator", "accept")
        self.assertEqual(api.content.get_state(self.app), "technical_review")

    def test_a_corrected_verdict_unblocks(self):
        self.save("verifikator", {"checks": [{"id": "ktp", "verdict": "tidak sesuai", "note": "foto buram"}]})
        self.save("verifikator", {"checks": [{"id": "ktp", "verdict": "sesuai", "note": ""}]})
        self.assertIn("accept", self.offered("verifikator"))


class TestNextApplication(ChecksCase):
    def setUp(self):
        super().setUp()
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        # the queue's order: due date (from submitted), oldest first
        self.second = submit(self.portal, "siti", MONDAY + datetime.timedelta(days=1))
        self.third = submit(self.portal, "budi", MONDAY + datetime.timedelta(days=2))
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        logout()

    def following(self, application):
        brain = next_application(self.portal["permohonan"], application)
        return brain.getObject() if brain is not None else None

    def test_next_in_my_actions_order(self):
        self.as_("verifikator")
        self.assertEqual(self.following(self.app), self.second)
        self.assertEqual(self.following(self.second), self.third)
        self.assertEqual(self.following(self.third), self.app)  # from the start again

    def test_after_acting_on_one_its_follower_comes_next(self):
        self.transition("verifikator", "accept")  # self.app leaves my actions
        self.as_("verifikator")
        self.assertEqual(self.following(self.app), self.second)
        # the reviewer's actions: only self.app waits for them
        self.as_("teknis")
        self.assertIsNone(self.following(self.app))

    def test_page_redirects_to_the_next_or_the_queue(self):
        self.page("verifikator", "berikutnya")
        self.assertEqual(self.request.response.getHeader("location"), self.second.absolute_url())
        self.page("kadis", "berikutnya")  # nothing waits for the approver
        self.assertEqual(
            self.request.response.getHeader("location"), self.portal["permohonan"].absolute_url()
        )

    def test_detail_page_links_next_and_documents_shortcuts(self):
        page = self.page("verifikator")
        self.assertIn("@@berikutnya", page)
        self.assertIn('id="pintasan"', page)
        self.assertIn('aria-keyshortcuts="t"', page)
        self.assertNotIn("@@berikutnya", self.page("budi"))
