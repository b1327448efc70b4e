"""Who gets what of an application through REST, search and downloads (over HTTP)."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.restapi.testing import RelativeSession
from ptsp_portal.applications import writing
from ptsp_portal.testing import DISTRIBUTION_SERVER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.concurrency import RecordingLock
from unittest import mock
from zope.component.hooks import setSite

import transaction
import unittest

PASSWORD = "rahasia-12345"
USERS = {
    "warga-contoh": (),  # the demo applicant
    "siti": (),
    "editor": ("ptsp-editors",),
    "verifikator": ("ptsp-verifiers", "ptsp-officers"),
    "teknis": ("ptsp-reviewers",),
    "kadis": ("ptsp-approvers",),
}


class TestApplicationSecurity(unittest.TestCase):
    layer = DISTRIBUTION_SERVER_TESTING

    def setUp(self):
        portal = self.layer["app"][SITE_ID]
        setSite(portal)
        acl = portal.acl_users
        for user_id, groups in USERS.items():
            if api.user.get(username=user_id) is None:
                api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
            else:
                acl.source_users.userSetPassword(user_id, PASSWORD)
            for group in groups:
                api.group.add_user(groupname=group, username=user_id)
        brains = portal.portal_catalog.unrestrictedSearchResults(
            portal_type="PermitApplication", review_state="submitted", sort_on="submitted"
        )
        self.app = brains[0]._unrestrictedGetObject()
        self.app.internal_notes = "Catatan rahasia petugas"
        self.document_id = self.app.objectIds()[0]
        transaction.commit()
        self.base = f"{self.layer['app'].absolute_url()}/{SITE_ID}/++api++"
        self.path = "permohonan/" + self.app.getId()

    def session(self, user_id=None):
        session = RelativeSession(self.base, test=self)
        session.headers.update({"Accept": "application/json"})
        if user_id:
            session.auth = (user_id, PASSWORD)
        return session

    def search_total(self, session):
        response = session.get("@search?portal_type=PermitApplication")
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()["items_total"]

    def download(self, user_id):
        url = f"{self.layer['app'].absolute_url()}/{SITE_ID}/{self.path}/{self.document_id}/@@download/file"
        session = RelativeSession(url)
        if user_id:
            session.auth = (user_id, PASSWORD)
        self.addCleanup(session.close)
        return session.get(url, allow_redirects=False)

    def test_applicant_reads_own_application_without_internal_notes(self):
        api_ = self.session("warga-contoh")
        response = api_.get(self.path)
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["tracking_number"], self.app.tracking_number)
        self.assertNotIn("internal_notes", data)
        self.assertNotIn("Catatan rahasia", response.text)
        self.assertGreaterEqual(self.search_total(api_), 5)
        self.assertEqual(self.download("warga-contoh").status_code, 200)
        # its documents, which are not catalogued, are its items
        items = [item["@id"].rsplit("/", 1)[-1] for item in data["items"]]
        self.assertIn(self.document_id, items)
        self.assertEqual(data["items_total"], len(self.app.objectIds()))

    def test_officer_reads_internal_notes(self):
        response = self.session("verifikator").get(self.path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["internal_notes"], "Catatan rahasia petugas")

    def test_refused_to_others(self):
        for user_id in (None, "siti", "editor"):
            api_ = self.session(user_id)
            response = api_.get(self.path)
            self.assertIn(response.status_code, (401, 403), user_id)
            self.assertNotIn(self.app.applicant_nik, response.text)
            self.assertEqual(self.search_total(api_), 0, user_id)
            response = api_.get(f"@search?SearchableText={self.app.tracking_number}")
            self.assertEqual(response.json()["items_total"], 0, user_id)
            self.assertIn(self.download(user_id).status_code, (401, 403, 302), user_id)
            self.assertNotIn(b"PDF", self.download(user_id).content[:10])

    def test_transition_needs_comment(self):
        api_ = self.session("verifikator")
        response = api_.post(f"{self.path}/@workflow/request_revision", json={"comment": ""})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Alasan wajib diisi", response.json()["error"]["message"])
        self.assertEqual(api_.get(f"{self.path}/@workflow").json()["state"]["id"], "submitted")
        response = api_.post(f"{self.path}/@workflow/request_revision", json={"comment": "Unggah ulang KTP."})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["review_state"], "revision")

    def test_wrong_role_refused(self):
        for user_id, action in (
            ("verifikator", "approve"),
            ("kadis", "accept"),
            ("warga-contoh", "accept"),
            ("siti", "withdraw"),
        ):
            response = self.session(user_id).post(f"{self.path}/@workflow/{action}", json={"comment": "x"})
            self.assertIn(response.status_code, (400, 401, 403), (user_id, action))
        state = self.session("verifikator").get(f"{self.path}/@workflow").json()["state"]["id"]
        self.assertEqual(state, "submitted")

    def test_officer_path_through_rest(self):
        steps = (("verifikator", "accept", ""), ("teknis", "recommend", "Sesuai."), ("kadis", "approve", ""))
        for user_id, action, comment in steps:
            lock = RecordingLock()
            with mock.patch.object(writing, "_lock", lock):
                response = self.session(user_id).post(
                    f"{self.path}/@workflow/{action}", json={"comment": comment}
                )
            self.assertEqual(response.status_code, 200, (user_id, action, response.text))
            # each step wrote alone (applications.writing), and let go
            self.assertEqual((action, lock.taken, lock.locked()), (action, 1, False))
        history = self.session("verifikator").get(f"{self.path}/@workflow").json()["history"]
        self.assertEqual([h["action"] for h in history][-3:], ["accept", "recommend", "approve"])
        # the applicant gets no officer ids from the workflow history
        response = self.session("warga-contoh").get(f"{self.path}/@workflow")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("kadis", response.text)
        self.assertNotIn("verifikator", response.text)

    def test_applicant_cannot_read_version_history(self):
        url = f"{self.layer['app'].absolute_url()}/{SITE_ID}/{self.path}/@@historyview"
        session = RelativeSession(url, test=self)
        session.auth = ("warga-contoh", PASSWORD)
        response = session.get(url, allow_redirects=False)
        self.assertIn(response.status_code, (302, 401, 403))

    def test_applicant_cannot_change_permit_type_or_dates(self):
        self.session("verifikator").post(
            f"{self.path}/@workflow/request_revision", json={"comment": "Lengkapi."}
        )
        applicant = self.session("warga-contoh")
        before = applicant.get(self.path).json()
        applicant.patch(self.path, json={"due_date": "2099-12-31", "tracking_number": "PTSP-2099-000001"})
        after = applicant.get(self.path).json()
        self.assertEqual(after["due_date"], before["due_date"])
        self.assertEqual(after["tracking_number"], before["tracking_number"])

    def test_applicant_cannot_patch_in_any_state(self):
        """Corrections go through @revision / @@perbaiki only (issue 12): a
        plain PATCH by the applicant is refused before and in revision, and
        changes nothing; resubmitting it unchanged is all the applicant can do."""
        applicant = self.session("warga-contoh")
        fields = ("applicant_email", "applicant_address", "form_data")
        before = {key: applicant.get(self.path).json()[key] for key in fields}
        bodies = (
            {"applicant_address": "Jl. Merdeka No. 10 RT 01/RW 02"},
            {"applicant_email": "bukan-email"},
            {"form_data": {"tidak_dikenal": "x", "<b onmouseover=alert(1)>": "<script>"}},
        )
        response = applicant.patch(self.path, json=bodies[0])
        self.assertIn(response.status_code, (401, 403), response.text)
        self.session("verifikator").post(
            f"{self.path}/@workflow/request_revision", json={"comment": "Alamat kurang lengkap."}
        )
        self.assertEqual(applicant.get(f"{self.path}/@workflow").json()["state"]["id"], "revision")
        for body in bodies:
            response = applicant.patch(self.path, json=body)
            self.assertIn(response.status_code, (401, 403), (body, response.text))
        response = applicant.patch(self.path, json={"internal_notes": "hapus"})
        self.assertIn(response.status_code, (401, 403))
        officer_view = self.session("verifikator").get(self.path).json()
        self.assertEqual({key: officer_view[key] for key in fields}, before)
        self.assertEqual(officer_view["internal_notes"], "Catatan rahasia petugas")

    def test_citizen_lists_no_users(self):
        """Neither the user vocabularies nor @sharing's search list other
        people to a citizen (issue 12)."""
        portal_url = f"{self.layer['app'].absolute_url()}/{SITE_ID}"
        citizen = self.session("warga-contoh")
        for name in (
            "plone.app.vocabularies.Users",
            "plone.app.vocabularies.Principals",
            "plone.app.vocabularies.Groups",
        ):
            for where in ("", "permohonan/", f"{self.path}/"):
                response = citizen.get(f"{where}@vocabularies/{name}?title=a")
                self.assertIn(response.status_code, (401, 403), (where, name, response.text))
                self.assertNotIn("verifikator", response.text)
        classic = RelativeSession(portal_url, test=self)
        classic.auth = ("warga-contoh", PASSWORD)
        for where in ("", "permohonan/", f"{self.path}/"):
            response = classic.get(
                f"{where}@@getVocabulary?name=plone.app.vocabularies.Users&query=a", allow_redirects=False
            )
            # refused (a redirect to the login form where View itself is refused)
            self.assertIn(response.status_code, (302, 401, 403) if where else (403,), (where, response.text))
            self.assertNotIn("verifikator", response.text)
        response = citizen.get(f"{self.path}/@sharing?search=example.org")
        self.assertIn(response.status_code, (401, 403), response.text)
        self.assertNotIn("example.org", response.text)
        response = classic.get(f"{self.path}/@@sharing?search_term=example.org", allow_redirects=False)
        self.assertIn(response.status_code, (302, 401, 403))
        self.assertNotIn("verifikator@example.org", response.text)
        # a Manager still gets the vocabulary; an officer still sees colleagues in the timeline
        manager = RelativeSession(f"{portal_url}/++api++", test=self)
        manager.headers.update({"Accept": "application/json"})
        manager.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        response = manager.get("@vocabularies/plone.app.vocabularies.Users?title=a")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertGreater(response.json()["items_total"], 0)
        self.session("verifikator").post(
            f"{self.path}/@workflow/request_revision", json={"comment": "Lengkapi."}
        )
        response = self.session("kadis").get(f"{self.path}/@workflow")
        self.assertEqual(response.status_code, 200)
        self.assertIn("verifikator", response.text)
        response = self.session("verifikator").get("permohonan/@queue")
        self.assertEqual(response.status_code, 200, response.text)

    def test_lock_holder_shown_to_applicant_as_role(self):
        officer = self.session("verifikator")
        response = officer.post(f"{self.path}/@lock", json={})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(officer.get(self.path).json()["lock"]["creator"], "verifikator")
        applicant = self.session("warga-contoh")
        for url in (self.path, f"{self.path}/@lock"):
            response = applicant.get(url)
            self.assertEqual(response.status_code, 200, response.text)
            data = response.json()
            lock = data["lock"] if url == self.path else data
            self.assertTrue(lock["locked"])
            self.assertEqual(lock["creator_name"], "Petugas Verifikasi")
            self.assertNotIn("creator", lock)
            self.assertNotIn("creator_url", lock)
            self.assertNotIn("token", lock)
            self.assertNotIn("verifikator", response.text)
