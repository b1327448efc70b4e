"""``GET``/``PATCH <application>/@document-checks`` and the guard of
``accept`` through ``@workflow``, over HTTP on the demo site; the requests
that must be refused (the applicant, another citizen, anonymous, bad
input, a step already past)."""

from plone import api
from ptsp_portal.applications import checks
from tests.base import DemoSiteHttpTestCase

import transaction


class TestDocumentChecksService(DemoSiteHttpTestCase):
    USERS = {"warga-contoh": (), "siti": (), "verifikator": ("ptsp-verifiers",)}

    def setUp(self):
        super().setUp()
        brains = self.portal.portal_catalog.unrestrictedSearchResults(
            portal_type="PermitApplication", review_state="submitted"
        )
        apps = [b._unrestrictedGetObject() for b in brains]
        self.app = next(a for a in apps if a.getOwner().getId() == "warga-contoh")
        rows = self.app.permit_type_object().requirements
        self.required = next(r for r in rows if r.get("required") and r["id"] in self.app)
        self.path = "permohonan/" + self.app.getId()
        self.url = f"{self.path}/@document-checks"

    def refresh(self):
        transaction.begin()
        self.app._p_jar.sync()
        return self.app

    def fail_required(self, session=None):
        session = session or self.session("verifikator")
        return session.patch(
            self.url,
            json={"checks": [{"id": self.required["id"], "verdict": "tidak sesuai", "note": "foto buram"}]},
        )

    def test_officer_reads_rows_and_saves_verdicts(self):
        officer = self.session("verifikator")
        data = officer.get(self.url).json()
        self.assertEqual(data["round"], 0)
        self.assertTrue(data["can_edit"])
        item = next(i for i in data["items"] if i["id"] == self.required["id"])
        self.assertTrue(item["required"])
        self.assertIsNone(item["verdict"])
        self.assertTrue(item["document"]["url"].endswith(f"/{self.required['id']}/@@download/file"))
        response = self.fail_required(officer)
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        item = next(i for i in data["items"] if i["id"] == self.required["id"])
        self.assertEqual(
            (item["verdict"], item["note"], item["checked_by"]), ("tidak sesuai", "foto buram", "verifikator")
        )
        self.assertEqual(data["revision_reason"], f"{self.required['title']}: foto buram")
        self.assertIn(self.required["title"], data["accept_refusal"])
        self.assertEqual(checks.verdicts(self.refresh())[self.required["id"]]["verdict"], "tidak sesuai")

    def test_accept_through_workflow_is_refused_while_a_required_document_failed(self):
        self.fail_required()
        officer = self.session("verifikator")
        transitions = [
            t["@id"].rsplit("/", 1)[-1] for t in officer.get(f"{self.path}/@workflow").json()["transitions"]
        ]
        self.assertNotIn("accept", transitions)
        self.assertIn("request_revision", transitions)
        response = officer.post(f"{self.path}/@workflow/accept", json={})
        self.assertEqual(response.status_code, 409, response.text)
        self.assertIn("ditandai tidak sesuai", response.json()["error"]["message"])
        self.assertEqual(api.content.get_state(self.refresh()), "submitted")
        # put right, accept goes through
        officer.patch(self.url, json={"checks": [{"id": self.required["id"], "verdict": "sesuai"}]})
        response = officer.post(f"{self.path}/@workflow/accept", json={})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(api.content.get_state(self.refresh()), "technical_review")

    def test_bad_input_is_400_in_indonesian_and_saves_nothing(self):
        officer = self.session("verifikator")
        for body, field in (
            ({"checks": [{"id": self.required["id"], "verdict": "ok"}]}, self.required["id"]),
            ({"checks": [{"id": self.required["id"], "verdict": "tidak sesuai"}]}, self.required["id"]),
            ({"checks": [{"id": "bukan-dokumen", "verdict": "sesuai"}]}, "bukan-dokumen"),
            ({"checks": "semua sesuai"}, "checks"),
        ):
            response = officer.patch(self.url, json=body)
            self.assertEqual(response.status_code, 400, response.text)
            error = response.json()["error"]
            self.assertEqual(error["message"], "Hasil pemeriksaan belum disimpan: periksa isian berikut.")
            self.assertEqual([e["field"] for e in error["errors"]], [field])
        response = officer.patch(self.url, data=b"{bukan json", headers={"Content-Type": "application/json"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["message"], "Isi permintaan bukan JSON yang sah.")
        self.assertEqual(checks.verdicts(self.refresh()), {})

    def test_applicant_other_citizen_and_anonymous_neither_read_nor_write(self):
        body = {"checks": [{"id": self.required["id"], "verdict": "sesuai"}]}
        # the applicant may view the application, not its checks: 403; another
        # citizen may not even view it and anonymous is asked to log in
        for user_id, refused in (("warga-contoh", (403,)), ("siti", (401, 403, 404)), (None, (401,))):
            session = self.session(user_id)
            self.assertIn(session.get(self.url).status_code, refused, user_id)
            self.assertIn(session.patch(self.url, json=body).status_code, refused, user_id)
        self.fail_required()
        # the applicant's own answers never name a verdict or a note
        for url in (self.url, self.path, f"{self.path}/@workflow", f"{self.path}/@revision"):
            self.assertNotIn("foto buram", self.session("warga-contoh").get(url).text, url)
        self.assertNotIn("foto buram", self.session("warga-contoh", api=False).get(self.path).text)

    def test_officer_cannot_write_once_the_step_is_past(self):
        officer = self.session("verifikator")
        officer.post(f"{self.path}/@workflow/accept", json={})
        self.assertFalse(officer.get(self.url).json()["can_edit"])
        response = self.fail_required(officer)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(checks.verdicts(self.refresh()), {})
