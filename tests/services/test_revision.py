"""``GET``/``POST <application>/@revision`` over HTTP, and the ways around
it that must stay closed (editing or adding a document with plain REST)."""

from plone import api
from ptsp_portal.applications import writing
from tests.base import DemoSiteHttpTestCase
from tests.concurrency import RecordingLock
from tests.forms import files
from unittest import mock

import base64
import transaction


def document(data, filename, content_type):
    return {
        "data": base64.b64encode(data).decode(),
        "encoding": "base64",
        "filename": filename,
        "content-type": content_type,
    }


class TestRevisionService(DemoSiteHttpTestCase):
    USERS = {"warga-contoh": (), "siti": (), "verifikator": ("ptsp-verifiers",)}

    def setUp(self):
        super().setUp()
        [brain] = self.portal.portal_catalog.unrestrictedSearchResults(
            portal_type="PermitApplication", review_state="revision"
        )
        self.app = brain._unrestrictedGetObject()
        self.row = next(r for r in self.app.permit_type_object().requirements if r.get("required"))
        self.path = "permohonan/" + self.app.getId()

    def good_file(self):
        if "pdf" in (self.row.get("file_types") or ["pdf"]):
            return document(files.pdf(), "baru.pdf", "application/pdf")
        return document(files.jpeg(), "baru.jpg", "image/jpeg")

    def refresh(self):
        transaction.begin()
        self.app._p_jar.sync()
        return self.app

    def test_get_describes_what_can_be_corrected(self):
        data = self.session("warga-contoh").get(f"{self.path}/@revision").json()
        self.assertTrue(data["can_revise"])
        self.assertIn("Pindaian STR", data["reason"])
        self.assertIn("applicant_phone", [a["id"] for a in data["answers"]])
        ids = [d["id"] for d in data["documents"]]
        self.assertIn(self.row["id"], ids)
        self.assertFalse(self.session("siti").get(f"{self.path}/@revision").ok)

    def test_replace_document_and_resubmit(self):
        lock = RecordingLock()
        with mock.patch.object(writing, "_lock", lock):
            response = self.session("warga-contoh").post(
                f"{self.path}/@revision",
                json={
                    "answers": {"applicant_phone": "0813-2222-3333"},
                    "documents": {self.row["id"]: self.good_file()},
                    "resubmit": True,
                    "comment": "Sudah diunggah ulang.",
                },
            )
        self.assertEqual(response.status_code, 200, response.text)
        # the revision wrote alone (applications.writing), and let go
        self.assertEqual(lock.taken, 1)
        self.assertFalse(lock.locked())
        data = response.json()
        self.assertEqual(data["review_state"], "submitted")
        self.assertEqual(len(data["changes"]), 2)
        app = self.refresh()
        self.assertEqual(app.applicant_phone, "+6281322223333")
        self.assertTrue(app[self.row["id"]].file.filename.startswith("baru."))
        self.assertEqual(
            app.workflow_history["ptsp_application_workflow"][-1]["comments"], "Sudah diunggah ulang."
        )
        # done: a second correction is refused
        again = self.session("warga-contoh").post(f"{self.path}/@revision", json={"answers": {}})
        self.assertEqual(again.status_code, 403)

    def test_errors_come_back_per_field_and_nothing_changes(self):
        response = self.session("warga-contoh").post(
            f"{self.path}/@revision",
            json={
                "answers": {"applicant_nik": "123", "applicant_phone": "0813-2222-3333"},
                "documents": {
                    self.row["id"]: document(files.HTML, "str.pdf", "application/pdf"),
                    "tidak-ada": self.good_file(),
                },
                "resubmit": True,
            },
        )
        self.assertEqual(response.status_code, 400, response.text)
        fields = {e["field"] for e in response.json()["error"]["errors"]}
        self.assertEqual(fields, {"tidak-ada"})  # unknown ids are caught first
        response = self.session("warga-contoh").post(
            f"{self.path}/@revision",
            json={
                # the NIK is the account's own (registered): ignored
                "answers": {"applicant_nik": "123", "applicant_phone": "12"},
                "documents": {self.row["id"]: document(files.HTML, "str.pdf", "application/pdf")},
                "resubmit": True,
            },
        )
        self.assertEqual(response.status_code, 400, response.text)
        errors = {e["field"]: e["message"] for e in response.json()["error"]["errors"]}
        # the NIK is the account's own (registered): not the applicant's to correct
        self.assertEqual(set(errors), {"applicant_phone", self.row["id"]})
        self.assertIn(self.row["title"], errors[self.row["id"]])
        app = self.refresh()
        self.assertEqual(api.content.get_state(app), "revision")
        self.assertEqual(app.applicant_phone, "+6281234567890")
        self.assertEqual(app.applicant_nik, "3201010101900001")

    def test_others_are_refused(self):
        body = {"answers": {"applicant_phone": "0813-2222-3333"}}
        self.assertEqual(self.session().post(f"{self.path}/@revision", json=body).status_code, 401)
        for user_id in ("siti", "verifikator"):
            response = self.session(user_id).post(f"{self.path}/@revision", json=body)
            self.assertIn(response.status_code, (401, 403), (user_id, response.text))
        self.assertEqual(self.refresh().applicant_phone, "+6281234567890")

    def test_plain_rest_cannot_change_or_add_documents(self):
        applicant = self.session("warga-contoh")
        doc_id = self.row["id"]
        response = applicant.patch(
            f"{self.path}/{doc_id}", json={"file": document(files.HTML, "str.pdf", "application/pdf")}
        )
        self.assertIn(response.status_code, (401, 403), response.text)
        response = applicant.post(
            self.path,
            json={"@type": "File", "id": "lain", "file": document(files.HTML, "x.pdf", "application/pdf")},
        )
        self.assertIn(response.status_code, (401, 403), response.text)
        app = self.refresh()
        self.assertNotIn("lain", app)
        self.assertNotEqual(app[doc_id].file.data, files.HTML)
