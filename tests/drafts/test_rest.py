"""Saved drafts over HTTP on the demo site (issue 17): save through
``@apply`` with ``"draft": true``, update, list, read back, submit with
``draft_id``, delete; the limits count drafts; nobody else gets anything of
a draft."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.audit import store as access_log
from ptsp_portal.drafts import store
from tests.audit.test_access_log import temporary_log
from tests.forms import files
from tests.forms.test_rest import document
from tests.forms.test_rest import PERMIT
from tests.forms.test_rest import RestTestCase

import base64
import transaction

SECRET_ADDRESS = "Jl. Draf Rahasia No. 17, Kabupaten Contoh"


def pdf_document(name):
    return document(files.pdf(), f"{name}.pdf", "application/pdf")


class DraftTestCase(RestTestCase):
    USERS = {
        "warga-a": (),
        "warga-b": (),
        "verifikator": ("ptsp-verifiers", "ptsp-officers"),
    }

    def tearDown(self):
        self.portal._p_jar.sync()
        for user_id in self.USERS:
            for draft in store.list_drafts(user_id):
                store.remove_draft(user_id, draft.draft_id)
        transaction.commit()

    def post(self, user_id, body, path=PERMIT):
        return self.session(user_id).post(f"{path}/@apply", json=body)

    def save(self, user_id="warga-a", **body):
        response = self.post(user_id, {"draft": True, **body})
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def draft_of(self, user_id, draft_id):
        self.portal._p_jar.sync()
        return store.get_draft(user_id, draft_id)

    def errors(self, response):
        return {e["field"]: e["message"] for e in response.json()["error"]["errors"]}


class TestSaveAndSubmit(DraftTestCase):
    def test_incomplete_draft_saved_updated_listed_then_submitted(self):
        temporary_log(self)
        before = len(self.applications())
        # half-way: a wrong phone, no NIK, one document of five
        data = self.save(
            applicant_phone="bukan nomor",
            applicant_address=SECRET_ADDRESS,
            ktp=pdf_document("ktp"),
        )
        self.assertEqual(set(data), {"draft_id", "review_state", "modified", "expires"})
        self.assertEqual(data["review_state"], "draft")
        draft_id = data["draft_id"]
        self.assertEqual(len(self.applications()), before)  # no application, no number

        # saving again with draft_id updates the same draft
        again = self.save(draft_id=draft_id, strb=pdf_document("strb"))
        self.assertEqual(again["draft_id"], draft_id)
        draft = self.draft_of("warga-a", draft_id)
        self.assertEqual(sorted(draft.documents), ["ktp", "strb"])
        self.assertEqual(draft.answers["applicant_phone"], "bukan nomor")
        self.assertEqual(draft.documents["ktp"].data, files.pdf())

        # Permohonan Saya over REST: the draft first, with what the issue asks
        mine = self.session("warga-a").get("@my-applications").json()
        item = mine["items"][0]
        self.assertEqual(item["review_state"], "draft")
        self.assertEqual(item["draft_id"], draft_id)
        self.assertEqual(item["permit_type"], self.get_permit().Title())
        self.assertEqual(item["modified"], again["modified"])
        self.assertEqual(item["expires"], again["expires"])
        self.assertIsNone(item["tracking_number"])
        self.assertIn(f"?draf={draft_id}", item["form"])

        # read back, to continue it in a client of one's own
        described = self.session("warga-a").get(f"@drafts/{draft_id}").json()
        self.assertEqual(described["answers"]["applicant_address"], SECRET_ADDRESS)
        self.assertEqual([d["id"] for d in described["documents"]], ["ktp", "strb"])
        download = self.session("warga-a", api=False).get(described["documents"][0]["download"])
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, files.pdf())
        self.assertIn("no-store", download.headers["Cache-Control"])
        # the owner's reads are in the access log, as an applicant's are
        logged = {(e["action"], e["path"]) for e in access_log.query({"user_id": "warga-a"})}
        self.assertIn(("rest", f"drafts/warga-a/{draft_id}"), logged)
        self.assertIn(("download", f"drafts/warga-a/{draft_id}/ktp"), logged)

        # submitting it runs the full checks: 400, and the draft stays
        response = self.post("warga-a", {"draft_id": draft_id})
        self.assertEqual(response.status_code, 400, response.text)
        errors = self.errors(response)
        self.assertIn("applicant_phone", errors)
        self.assertIn("surat-sehat", errors)
        self.assertNotIn("ktp", errors)  # in the draft
        self.assertIsNotNone(self.draft_of("warga-a", draft_id))
        self.assertEqual(len(self.applications()), before)

        # with the further answers: 201, a tracking number, the draft gone
        rest = self.payload(self.session("warga-a"))
        rest.pop("ktp")
        rest.pop("strb")
        rest["applicant_address"] = SECRET_ADDRESS
        response = self.post("warga-a", {**rest, "draft_id": draft_id})
        self.assertEqual(response.status_code, 201, response.text)
        created = response.json()
        self.assertEqual(created["review_state"], "submitted")
        self.assertRegex(created["tracking_number"], r"^[A-Z][A-Z0-9]*-\d{4}-\d{6}$")
        application = self.get(created["@id"])
        self.assertEqual(application["ktp"].file.data, files.pdf())
        self.assertEqual(application["strb"].file.filename, "strb.pdf")
        self.assertEqual(application.applicant_address, SECRET_ADDRESS)
        self.assertEqual(application.getOwner().getId(), "warga-a")
        self.assertIsNone(self.draft_of("warga-a", draft_id))
        self.assertEqual(self.session("warga-a").get(f"@drafts/{draft_id}").status_code, 404)
        states = [i["review_state"] for i in self.session("warga-a").get("@my-applications").json()["items"]]
        self.assertNotIn("draft", states)
        # the draft's id cannot submit a second time
        response = self.post("warga-a", {**rest, "draft_id": draft_id})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("draft_id", self.errors(response))

    def get_permit(self):
        self.portal._p_jar.sync()
        return self.portal.unrestrictedTraverse(PERMIT)

    def test_a_document_that_fails_the_checks_is_refused_and_nothing_saved(self):
        exe = document(b"MZ\x90\x00" + b"\x00" * 200, "ktp.pdf", "application/pdf")
        response = self.post("warga-a", {"draft": True, "ktp": exe})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("ktp", self.errors(response))
        self.portal._p_jar.sync()
        self.assertEqual(store.list_drafts("warga-a"), [])
        # an unknown field is no answer either
        response = self.post("warga-a", {"draft": True, "pertanyaan_lain": "x"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("pertanyaan_lain", self.errors(response))
        # "draft" is true or false
        response = self.post("warga-a", {"draft": "ya"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("draft", self.errors(response))

    def test_delete(self):
        draft_id = self.save(applicant_address=SECRET_ADDRESS)["draft_id"]
        response = self.session("warga-a").delete(f"@drafts/{draft_id}")
        self.assertEqual(response.status_code, 204, response.text)
        self.assertIsNone(self.draft_of("warga-a", draft_id))
        self.assertEqual(self.session("warga-a").delete(f"@drafts/{draft_id}").status_code, 404)

    def test_drafts_count_toward_the_limits(self):
        registry = "ptsp_portal.max_pending_per_account"
        previous = api.portal.get_registry_record(registry)
        api.portal.set_registry_record(registry, 1)
        transaction.commit()

        def restore():
            api.portal.set_registry_record(registry, previous)
            transaction.commit()

        self.addCleanup(restore)
        draft_id = self.save("warga-b", applicant_address=SECRET_ADDRESS)["draft_id"]
        # a second draft, or a direct submission, is one too many
        response = self.post("warga-b", {"draft": True})
        self.assertEqual(response.status_code, 429, response.text)
        response = self.post("warga-b", self.payload(self.session("warga-b")))
        self.assertEqual(response.status_code, 429, response.text)
        # updating the draft is not a new one
        self.assertEqual(self.save("warga-b", draft_id=draft_id, applicant_phone="x")["draft_id"], draft_id)
        # the draft itself becomes the one application
        body = self.payload(self.session("warga-b"))
        response = self.post("warga-b", {**body, "draft_id": draft_id})
        self.assertEqual(response.status_code, 201, response.text)


class TestNobodyElse(DraftTestCase):
    """Another citizen, an officer, a Manager and anonymous get nothing of a draft."""

    def setUp(self):
        super().setUp()
        data = self.save(applicant_address=SECRET_ADDRESS, ktp=pdf_document("ktp"))
        self.draft_id = data["draft_id"]
        self.form_url = f"{PERMIT}/formulir?draf={self.draft_id}"

    def test_refused_to_everyone_else(self):
        for who in ("warga-b", "verifikator", SITE_OWNER_NAME, None):
            with self.subTest(who=who):
                rest = self.session(who)
                pages = self.session(who, api=False)
                anonymous = who is None
                response = rest.get(f"@drafts/{self.draft_id}")
                self.assertEqual(response.status_code, 401 if anonymous else 404, response.text)
                self.assertNotIn(SECRET_ADDRESS, response.text)
                response = rest.get("@drafts")
                if anonymous:
                    self.assertEqual(response.status_code, 401)
                else:
                    self.assertEqual(response.json()["items"], [])
                response = rest.delete(f"@drafts/{self.draft_id}")
                self.assertIn(response.status_code, (401, 404), response.text)
                response = pages.get(f"@@draf-dokumen/{self.draft_id}/ktp", allow_redirects=False)
                if anonymous:
                    self.assertIn(response.status_code, (302, 401), response.text[:300])
                else:
                    self.assertEqual(response.status_code, 404)
                self.assertFalse(response.content.startswith(b"%PDF"))
                response = rest.get("@my-applications?b_size=500")
                self.assertNotIn(self.draft_id, response.text)
                self.assertNotIn(SECRET_ADDRESS, response.text)
                response = pages.get("@@permohonan-saya")
                self.assertNotIn(self.draft_id, response.text)
                response = pages.get(self.form_url)
                self.assertNotIn(SECRET_ADDRESS, response.text)
                response = pages.post("@@hapus-draf", data={"draf": self.draft_id}, allow_redirects=False)
                self.assertNotEqual(response.status_code, 302 if not anonymous else 200)
                if not anonymous:
                    # submitting someone else's draft: not found, nothing filed
                    before = len(self.applications())
                    body = self.payload(rest)
                    response = self.post(who, {**body, "draft_id": self.draft_id})
                    self.assertEqual(response.status_code, 400, response.text)
                    self.assertEqual(set(self.errors(response)), {"draft_id"})
                    self.assertEqual(len(self.applications()), before)
                for query in (
                    f"@search?SearchableText={base64.b16encode(b'x').decode()}",
                    "@search?portal_type=File",
                ):
                    self.assertNotIn(self.draft_id, rest.get(query).text)
                self.assertNotIn(SECRET_ADDRESS, rest.get("@search?SearchableText=Rahasia").text)
        # still there for its owner
        self.assertIsNotNone(self.draft_of("warga-a", self.draft_id))
        self.assertEqual(self.session("warga-a").get(f"@drafts/{self.draft_id}").status_code, 200)

    def test_never_in_queues_or_the_catalog(self):
        queue = self.session("verifikator").get("permohonan/@queue?tugas=semua&status=semua&b_size=500")
        self.assertEqual(queue.status_code, 200, queue.text)
        self.assertNotIn(SECRET_ADDRESS, queue.text)
        self.assertNotIn(self.draft_id, queue.text)
        page = self.session("verifikator", api=False).get("permohonan/@@antrian?tugas=semua&status=semua")
        self.assertNotIn(SECRET_ADDRESS, page.text)
        csv = self.session("verifikator", api=False).get("permohonan/@@antrian-csv?tugas=semua&status=semua")
        self.assertNotIn(SECRET_ADDRESS, csv.text)
        # nothing in the catalog names the draft or its citizen's answers
        self.portal._p_jar.sync()
        catalog = self.portal.portal_catalog
        for brain in catalog.unrestrictedSearchResults(Creator="warga-a"):
            self.assertNotEqual(brain.portal_type, "File", brain.getPath())
        self.assertEqual(len(catalog.unrestrictedSearchResults(SearchableText="Rahasia")), 0)
        self.assertFalse([p for p in catalog._catalog.uids if self.draft_id in p])
