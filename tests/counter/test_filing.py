"""Filing at the counter (issue 18 §1) over HTTP: a walk-in citizen without
an account and one with an account; the application reaches a citizen's
Permohonan Saya only through the receipt's claim code with a matching NIK;
guessing is locked out; a citizen's ``on_behalf_of`` stays a
representation."""

from plone import api
from ptsp_portal.audit import store
from ptsp_portal.counter import claims
from tests.counter.base import ACCOUNT_NIK
from tests.counter.base import CounterTestCase
from tests.counter.base import WALK_IN
from tests.forms import files
from tests.forms.test_rest import document
from tests.forms.test_rest import PERMIT

import re
import transaction


class TestRestFiling(CounterTestCase):
    def test_walk_in_without_account(self):
        answer = self.file_at_counter()
        self.assertEqual(answer["channel"], "counter")
        self.assertRegex(answer["claim_code"], r"^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$")
        self.assertTrue(answer["receipt_url"].endswith("/@@tanda-terima?ukuran=a4"))
        self.assertEqual(answer["review_state"], "submitted")
        application = self.get(answer["@id"])
        self.assertEqual(application.channel, "counter")
        self.assertEqual(application.filed_by, "loket")
        self.assertEqual(application.applicant_nik, WALK_IN["nik"])
        self.assertEqual(application.applicant_name, WALK_IN["name"])
        self.assertEqual(application.applicant_email, "")
        self.assertFalse(application.applicant_nik_verified)
        self.assertIsNone(application.on_behalf_of)
        # nobody owns it, the officer neither
        owners = [p for p, roles in application.get_local_roles() if "Owner" in roles]
        self.assertEqual(owners, [])
        self.assertEqual(tuple(application.listCreators()), ())
        self.assertNotIn(answer["tracking_number"], self.mine("loket"))
        # the code is stored hashed only
        record = claims.record_of(application)
        self.assertNotIn(answer["claim_code"].replace("-", ""), repr(dict(record)))
        self.assertTrue(claims.is_code(application, answer["claim_code"]))

    def test_registering_the_nik_is_not_enough_the_code_is(self):
        answer = self.file_at_counter()
        number = answer["tracking_number"]
        self.register("sulastri", WALK_IN["nik"])
        self.assertNotIn(number, self.mine("sulastri"))
        response = self.claim("sulastri", number, "AAAAA-BBBBB")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertNotIn(number, self.mine("sulastri"))
        response = self.claim("sulastri", number, answer["claim_code"].lower())
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["tracking_number"], number)
        self.assertIn(number, self.mine("sulastri"))
        application = self.get(answer["@id"])
        self.assertTrue(application.applicant_nik_verified)
        self.assertEqual(application.applicant_email, "sulastri@example.org")
        # the applicant's own page now opens for them
        page = self.session("sulastri", api=False).get(answer["@id"])
        self.assertEqual(page.status_code, 200)
        # a used code opens nothing for anyone else
        self.register("lain", "3201014107920005")
        response = self.claim("lain", number, answer["claim_code"])
        self.assertEqual(response.status_code, 400)
        outcomes = [row["detail"] for row in store.query({"action": "claim", "tracking_number": number})]
        self.assertIn("claimed", outcomes)
        self.assertTrue(any(o.startswith("refused: wrong code") for o in outcomes))
        self.assertIn("refused: already claimed", outcomes)

    def test_existing_account_sees_it_only_after_the_code(self):
        self.register("dewi", ACCOUNT_NIK)
        citizen = {**WALK_IN, "nik": ACCOUNT_NIK, "name": "Dewi Lestari"}
        answer = self.file_at_counter(citizen)
        self.assertNotIn(answer["tracking_number"], self.mine("dewi"))
        response = self.claim("dewi", answer["tracking_number"], answer["claim_code"])
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn(answer["tracking_number"], self.mine("dewi"))

    def test_the_code_with_another_nik_is_refused(self):
        answer = self.file_at_counter()
        self.register("bukan-pemilik", ACCOUNT_NIK)
        response = self.claim("bukan-pemilik", answer["tracking_number"], answer["claim_code"])
        self.assertEqual(response.status_code, 400)
        self.assertIn("NIK akun Anda tidak sama", response.text)
        self.assertNotIn(answer["tracking_number"], self.mine("bukan-pemilik"))
        # an account without a NIK neither
        response = self.claim("warga-a", answer["tracking_number"], answer["claim_code"])
        self.assertEqual(response.status_code, 400)
        self.assertIn("belum memiliki NIK", response.text)

    def test_guessing_locks_the_code(self):
        answer = self.file_at_counter()
        self.register("sulastri", WALK_IN["nik"])
        for _ in range(claims.MAX_WRONG):
            self.assertEqual(
                self.claim("sulastri", answer["tracking_number"], "ZZZZZ-ZZZZZ").status_code, 400
            )
        response = self.claim("sulastri", answer["tracking_number"], answer["claim_code"])
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("terkunci", response.text)
        self.assertNotIn(answer["tracking_number"], self.mine("sulastri"))

    def test_rate_limit_per_address(self):
        answer = self.file_at_counter()
        for _ in range(claims.CLAIMS_PER_HOUR):
            self.claim("warga-b", "PTSP-2026-999999", "ZZZZZ-ZZZZZ")
        response = self.claim("warga-b", answer["tracking_number"], answer["claim_code"])
        self.assertEqual(response.status_code, 429)
        self.assertTrue(response.headers.get("Retry-After"))

    def test_anonymous_claim_401(self):
        response = self.session().post("@claim", json={"tracking_number": "x", "claim_code": "y"})
        self.assertEqual(response.status_code, 401)

    def test_online_application_cannot_be_claimed(self):
        session = self.session("warga-a")
        response = session.post(f"{PERMIT}/@apply", json=self.payload(session))
        self.assertEqual(response.status_code, 201, response.text[:500])
        response = self.claim("warga-b", response.json()["tracking_number"], "AAAAA-BBBBB")
        self.assertEqual(response.status_code, 400)

    def test_bad_walk_in_data_400_nothing_stored(self):
        before = len(self.applications())
        session = self.session("loket")
        body = {**self.documents(session), "on_behalf_of": {**WALK_IN, "nik": "123", "phone": ""}}
        response = session.post(f"{PERMIT}/@apply", json=body)
        self.assertEqual(response.status_code, 400, response.text)
        fields = {e["field"] for e in response.json()["error"]["errors"]}
        self.assertEqual(fields, {"on_behalf_of.nik", "on_behalf_of.phone"})
        # a document failing the same upload checks as online
        body = {**self.documents(session), "on_behalf_of": WALK_IN}
        body["ktp"] = document(b"MZ\x90\x00 not a pdf", "ktp.pdf", "application/pdf")
        response = session.post(f"{PERMIT}/@apply", json=body)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("ktp", {e["field"] for e in response.json()["error"]["errors"]})
        self.assertEqual(len(self.applications()), before)

    def test_counter_refuses_channel_online_and_surat_kuasa(self):
        session = self.session("loket")
        body = {**self.documents(session), "on_behalf_of": WALK_IN, "channel": "online"}
        body["power_of_attorney"] = document(files.pdf(), "kuasa.pdf", "application/pdf")
        response = session.post(f"{PERMIT}/@apply", json=body)
        self.assertEqual(response.status_code, 400)
        fields = {e["field"] for e in response.json()["error"]["errors"]}
        self.assertEqual(fields, {"channel", "power_of_attorney"})


class TestCitizenIsNeverTheCounter(CounterTestCase):
    def test_on_behalf_of_from_a_citizen_is_a_representation(self):
        session = self.session("warga-a")
        body = self.payload(session, on_behalf_of=WALK_IN)
        response = session.post(f"{PERMIT}/@apply", json=body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("power_of_attorney", {e["field"] for e in response.json()["error"]["errors"]})
        body["power_of_attorney"] = document(files.pdf(), "kuasa.pdf", "application/pdf")
        response = session.post(f"{PERMIT}/@apply", json=body)
        self.assertEqual(response.status_code, 201, response.text[:500])
        answer = response.json()
        self.assertNotIn("claim_code", answer)
        application = self.get(answer["@id"])
        self.assertEqual(application.channel, "online")
        self.assertEqual(application.filed_by, "warga-a")
        self.assertEqual(application.on_behalf_of["nik"], WALK_IN["nik"])
        self.assertIn(answer["tracking_number"], self.mine("warga-a"))

    def test_channel_counter_from_a_citizen_400(self):
        session = self.session("warga-a")
        response = session.post(f"{PERMIT}/@apply", json=self.payload(session, channel="counter"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual([e["field"] for e in response.json()["error"]["errors"]], ["channel"])

    def test_verifier_cannot_file_at_the_counter(self):
        session = self.session("verifikator")
        body = {**self.documents(session), "on_behalf_of": WALK_IN}
        response = session.post(f"{PERMIT}/@apply", json=body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("power_of_attorney", response.text)

    def test_group_and_role(self):
        group = api.group.get(groupname="ptsp-frontoffice")
        self.assertEqual(group.getProperty("title"), "Petugas Loket")
        self.assertIn("FrontOffice", api.group.get_roles(groupname="ptsp-frontoffice"))
        transaction.abort()


class TestFrontOfficeSeesNoFile(CounterTestCase):
    """The front office files; it does not read the office's applications."""

    def test_refused(self):
        session = self.session("warga-a")
        response = session.post(f"{PERMIT}/@apply", json=self.payload(session))
        online = response.json()["@id"]
        filed = self.file_at_counter()
        for url in (online, filed["@id"]):
            self.assertIn(
                self.session("loket", api=False).get(url, allow_redirects=False).status_code,
                (302, 401, 403, 404),
            )
            self.assertIn(self.session("loket").get(url).status_code, (401, 403, 404))
        self.assertIn(self.session("loket").get("permohonan/@queue").status_code, (401, 403, 404))
        self.assertEqual(self.mine("loket"), set())
        self.assertEqual(self.session("loket", api=False).get("@@loket").status_code, 200)


class TestClaimPage(CounterTestCase):
    def test_claim_in_the_browser(self):
        answer = self.file_at_counter()
        self.register("sulastri", WALK_IN["nik"])
        session = self.session("sulastri", api=False)
        page = session.get("@@permohonan-saya")
        self.assertIn("@@klaim-permohonan", page.text)
        form = session.get("@@klaim-permohonan")
        self.assertEqual(form.status_code, 200)
        token = re.search(r'name="_authenticator" value="([^"]+)"', form.text).group(1)
        data = {"nomor": answer["tracking_number"], "kode": "AAAAA-BBBBB", "_authenticator": token}
        wrong = session.post("@@klaim-permohonan", data=data, allow_redirects=False)
        self.assertEqual(wrong.status_code, 400)
        self.assertIn("kode klaim salah", wrong.text)
        data["kode"] = answer["claim_code"]
        right = session.post("@@klaim-permohonan", data=data, allow_redirects=False)
        self.assertEqual(right.status_code, 302, right.text[:500])
        self.assertTrue(right.headers["Location"].endswith("/@@permohonan-saya"))
        self.assertIn(answer["tracking_number"], self.mine("sulastri"))

    def test_anonymous_is_sent_to_log_in(self):
        response = self.session(api=False).get("@@klaim-permohonan", allow_redirects=False)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response.headers["Location"])
