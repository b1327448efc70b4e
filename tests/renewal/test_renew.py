"""Renewing a permit over HTTP on the demo site (issue 19 §4): the holder
starts a renewal (``POST @renew``, ``@@perpanjang``), gets a draft
prefilled from the old application (answers, still-valid documents,
readable), submits it, and the officers see a renewal; nobody else can
renew someone's permit."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ptsp_portal.audit import store as access_log
from ptsp_portal.drafts import store
from ptsp_portal.workflow.sla import today
from tests.audit.test_access_log import temporary_log
from tests.forms import files
from tests.forms.test_rest import PERMIT
from tests.forms.test_rest import RestTestCase

import datetime
import re
import transaction

ADDRESS = "Jl. Perpanjangan No. 5, Kabupaten Contoh"
STEPS = (("rn-verifikator", "accept"), ("rn-teknis", "recommend"), ("rn-kadis", "approve"))


class RenewalTestCase(RestTestCase):
    USERS = {
        "warga-a": (),
        "warga-b": (),
        "rn-verifikator": ("ptsp-verifiers", "ptsp-officers"),
        "rn-teknis": ("ptsp-reviewers", "ptsp-officers"),
        "rn-kadis": ("ptsp-approvers", "ptsp-officers"),
    }

    def setUp(self):
        super().setUp()
        self.permit_type = self.portal.unrestrictedTraverse(PERMIT)
        self.permit_type.validity_years = 3
        transaction.commit()
        self.addCleanup(self.cleanup)
        self.old = self.submit("warga-a", applicant_address=ADDRESS)

    def cleanup(self):
        self.portal._p_jar.sync()
        self.permit_type.validity_years = None
        for user_id in self.USERS:
            for draft in store.list_drafts(user_id):
                store.remove_draft(user_id, draft.draft_id)
        transaction.commit()

    def submit(self, user_id, issue=True, **overrides):
        session = self.session(user_id)
        response = session.post(f"{PERMIT}/@apply", json=self.payload(session, **overrides))
        self.assertEqual(response.status_code, 201, response.text)
        application = self.get(response.json()["@id"])
        if issue:
            self.issue(application)
        return application

    def issue(self, application):
        workflow = api.portal.get_tool("portal_workflow")
        for user_id, action in STEPS:
            login(self.portal, user_id)
            workflow.doActionFor(application, action, comment="Memenuhi syarat.")
        logout()
        transaction.commit()

    def renew(self, user_id, application=None, **kwargs):
        path = (application or self.old).absolute_url().split("/ptsp/", 1)[1]
        return self.session(user_id).post(f"{path}/@renew", **kwargs)

    def page_path(self, application=None):
        return (application or self.old).absolute_url().split("/ptsp/", 1)[1]


class TestRenewRest(RenewalTestCase):
    def test_prefilled_draft_submitted_as_a_renewal(self):
        temporary_log(self)
        old = self.old
        self.assertEqual(old.valid_until, today().replace(year=today().year + 3))
        response = self.renew("warga-a")
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        draft_id = data["draft_id"]
        self.assertEqual(response.headers["Location"], data["@id"])
        self.assertEqual(
            data["renewal_of"],
            {
                "uid": old.UID(),
                "permit_number": old.permit_number,
                "tracking_number": old.tracking_number,
                "valid_until": old.valid_until.isoformat(),
            },
        )
        # the answers and every still-valid document of the old application
        self.assertEqual(data["answers"]["applicant_address"], ADDRESS)
        self.assertEqual(data["answers"]["applicant_phone"], old.applicant_phone)
        copied = {d["id"]: d for d in data["documents"]}
        self.assertEqual(sorted(copied), sorted(i for i in old.objectIds() if i != "surat-izin.pdf"))
        pages = self.session("warga-a", api=False)
        for name, item in copied.items():
            download = pages.get(item["download"])
            self.assertEqual(download.status_code, 200, name)
            self.assertEqual(download.content, bytes(old[name].file.data), name)
        logged = {(e["action"], e["path"]) for e in access_log.query({"user_id": "warga-a"})}
        self.assertIn(("rest", f"drafts/warga-a/{draft_id}"), logged)
        # pressing "Perpanjang" again continues the same draft
        again = self.renew("warga-a")
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["draft_id"], draft_id)
        # Permohonan Saya and @drafts say it is a renewal
        described = self.session("warga-a").get(f"@drafts/{draft_id}").json()
        self.assertEqual(described["renewal_of"]["permit_number"], old.permit_number)
        # submitted as it is: an application renewing the old permit
        response = self.session("warga-a").post(f"{PERMIT}/@apply", json={"draft_id": draft_id})
        self.assertEqual(response.status_code, 201, response.text)
        renewal = self.get(response.json()["@id"])
        self.assertEqual(renewal.renewal_of, old.permit_number)
        self.assertEqual(renewal.renewal_of_uid, old.UID())
        self.assertEqual(renewal.applicant_address, ADDRESS)
        self.assertEqual(bytes(renewal["ktp"].file.data), bytes(old["ktp"].file.data))
        self.assertIsNone(store.get_draft("warga-a", draft_id))
        # the applicant's REST view of it names the old permit
        got = self.session("warga-a").get(self.page_path(renewal)).json()
        self.assertEqual(got["renewal_of"], old.permit_number)
        # renewed now: 409, and no second draft
        refused = self.renew("warga-a")
        self.assertEqual(refused.status_code, 409, refused.text)
        self.assertIn(renewal.tracking_number, refused.json()["error"]["message"])
        self.assertEqual(store.list_drafts("warga-a"), [])
        # officers see a renewal in the queue (REST and page) and on the page
        queue = (
            self.session("rn-verifikator").get("permohonan/@queue?tugas=semua&status=semua&b_size=500").json()
        )
        marks = {item["tracking_number"]: item["renewal_of"] for item in queue["items"]}
        self.assertEqual(marks[renewal.tracking_number], old.permit_number)
        self.assertIsNone(marks[old.tracking_number])
        page = (
            self.session("rn-verifikator", api=False)
            .get("permohonan/@@antrian?tugas=semua&status=semua")
            .text
        )
        row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{renewal.tracking_number}(?:(?!</tr>).)*</tr>", page, re.S)
        self.assertIn("ptsp-renewal-badge", row.group(0))
        detail = self.session("rn-verifikator", api=False).get(self.page_path(renewal)).text
        self.assertIn("ptsp-renewal-of", detail)
        self.assertIn(old.permit_number, detail)
        self.assertIn(old.absolute_url(), detail)
        # and the old permit's page names its renewal, without "Perpanjang"
        old_page = self.session("warga-a", api=False).get(self.page_path()).text
        self.assertIn(renewal.tracking_number, old_page)
        self.assertNotIn("ptsp-renew-link", old_page)
        renew_page = self.session("warga-a", api=False).get(f"{self.page_path()}/@@perpanjang").text
        self.assertIn("ptsp-renew-refused", renew_page)
        self.assertNotIn("ptsp-renew-form", renew_page)

    def test_a_document_no_longer_valid_is_not_copied(self):
        # the office now accepts only images for the photo: the old PDF fails
        self.old["pasfoto"].file = type(self.old["ktp"].file)(
            data=files.pdf(), contentType="application/pdf", filename="pasfoto.pdf"
        )
        transaction.commit()
        data = self.renew("warga-a").json()
        ids = [d["id"] for d in data["documents"]]
        self.assertNotIn("pasfoto", ids)
        self.assertIn("ktp", ids)

    def test_not_issued_409(self):
        waiting = self.submit("warga-a", issue=False)
        response = self.renew("warga-a", waiting)
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(response.json()["error"]["type"], "Conflict")
        self.assertEqual(store.list_drafts("warga-a"), [])

    def test_revoked_409(self):
        login(self.portal, "rn-kadis")
        api.portal.get_tool("portal_workflow").doActionFor(self.old, "revoke", comment="Dicabut.")
        logout()
        transaction.commit()
        self.assertEqual(self.renew("warga-a").status_code, 409)

    def test_permit_without_validity_400(self):
        self.old.valid_until = None
        transaction.commit()
        response = self.renew("warga-a")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("tidak perlu diperpanjang", response.json()["error"]["message"])
        self.assertEqual(store.list_drafts("warga-a"), [])


class TestNobodyElseRenews(RenewalTestCase):
    def test_rest_refused(self):
        self.assertEqual(self.renew(None).status_code, 401)
        self.assertEqual(self.renew("warga-b").status_code, 401)  # cannot even see it
        for officer in ("rn-verifikator", "rn-kadis"):
            response = self.renew(officer)
            self.assertEqual(response.status_code, 403, response.text)
            self.assertNotIn(self.old.tracking_number, response.text)
        for user_id in self.USERS:
            self.assertEqual(store.list_drafts(user_id), [], user_id)

    def test_page_refused(self):
        for user_id in (None, "warga-b", "rn-verifikator", "rn-kadis"):
            session = self.session(user_id, api=False)
            for method in ("get", "post"):
                response = getattr(session, method)(f"{self.page_path()}/@@perpanjang", allow_redirects=False)
                where = f"{method} as {user_id}"
                if response.status_code in (301, 302, 303):
                    self.assertRegex(
                        response.headers["Location"], r"/(login|require_login|insufficient_privileges)", where
                    )
                else:
                    self.assertIn(response.status_code, (401, 403, 404), where)
                self.assertNotIn(self.old.permit_number, response.text, where)
        for user_id in self.USERS:
            self.assertEqual(store.list_drafts(user_id), [], user_id)


class TestRenewPage(RenewalTestCase):
    def test_card_then_page_then_form(self):
        pages = self.session("warga-a", api=False)
        # far from the end: no card
        mine = pages.get("@@permohonan-saya").text
        self.assertNotIn("ptsp-renewal-card", mine)
        # within the first reminder interval: the card
        self.old.valid_until = today() + datetime.timedelta(days=20)
        self.old.reindexObject(idxs=["valid_until"])
        transaction.commit()
        mine = pages.get("@@permohonan-saya").text
        self.assertIn("Izin Anda berakhir pada", mine)
        self.assertIn(self.old.permit_number, mine)
        self.assertIn(f"{self.old.absolute_url()}/@@perpanjang", mine)
        # nobody else gets the card
        self.assertNotIn(
            "ptsp-renewal-card", self.session("warga-b", api=False).get("@@permohonan-saya").text
        )
        # the application page offers "Perpanjang" to the holder only
        self.assertIn("ptsp-renew-link", pages.get(self.page_path()).text)
        officer_view = self.session("rn-verifikator", api=False).get(self.page_path()).text
        self.assertNotIn("ptsp-renew-link", officer_view)
        self.assertIn("ptsp-valid-until", officer_view)
        # the page, then its button (with the form token) opens the form on the draft
        page = pages.get(f"{self.page_path()}/@@perpanjang")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        response = pages.post(
            f"{self.page_path()}/@@perpanjang",
            data={"_authenticator": token, "form.buttons.renew": "1"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 302, response.text[:500])
        self.portal._p_jar.sync()
        [draft] = store.list_drafts("warga-a")
        self.assertIn(f"?draf={draft.draft_id}", response.headers["Location"])
        form = pages.get(response.headers["Location"]).text
        self.assertIn(ADDRESS, form)
        self.assertIn("Sudah diunggah di draf", form)
        # the card now continues the draft
        self.assertIn("Lanjutkan perpanjangan", pages.get("@@permohonan-saya").text)

    def test_post_without_form_token_refused(self):
        response = self.session("warga-a", api=False).post(
            f"{self.page_path()}/@@perpanjang", data={"form.buttons.renew": "1"}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 403)
        self.portal._p_jar.sync()
        self.assertEqual(store.list_drafts("warga-a"), [])
