"""The fee endpoints over HTTP: ``@fee``, ``@bill``, ``@@skrd.pdf``, the
cash desk (``@cashier``, ``@@kasir``), ``@fee-statistics`` and the payment
provider's ``@payment-callback`` (valid, replayed, wrong signature, wrong
amount, unknown bill, no secret), each refusal written to the access log."""

from plone import api
from plone.app.testing import FunctionalTesting
from plone.testing import zope as zope_testing
from ptsp_portal.audit import store
from ptsp_portal.fees import bills
from ptsp_portal.fees.payment import sign
from ptsp_portal.testing import FIXTURE
from tests.base import rest_session
from tests.fees.base import apply_for_building
from tests.fees.base import setup_fees
from tests.fees.base import to_technical_review
from tests.workflow.base import PASSWORD
from unittest import mock

import json
import os
import tempfile
import transaction
import unittest

FEES_SERVER_TESTING = FunctionalTesting(
    bases=(FIXTURE, zope_testing.WSGI_SERVER_FIXTURE), name="PtspFees:Server"
)
SECRET = "rahasia-penyedia-pembayaran"
LOGIN_PAGES = ("/login", "/require_login", "/insufficient_privileges", "/acl_users/credentials_cookie_auth")


class FeesHttpCase(unittest.TestCase):
    layer = FEES_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        audit_dir = tempfile.TemporaryDirectory()
        self.addCleanup(audit_dir.cleanup)
        env = mock.patch.dict(
            os.environ,
            {"PTSP_PAYMENT_SECRET": SECRET, "PTSP_ACCESS_LOG": os.path.join(audit_dir.name, "access.sqlite")},
        )
        env.start()
        self.addCleanup(env.stop)
        self.addCleanup(store.close)
        api.portal.set_registry_record("plone.portal_timezone", "Asia/Jakarta")
        setup_fees(self.portal)
        self.app = apply_for_building(self.portal, area=120)
        to_technical_review(self.app)
        with api.env.adopt_user(username="teknis"):
            api.portal.get_tool("portal_workflow").doActionFor(self.app, "issue_bill", comment="ok")
        self.bill = bills.bill_of(self.app)
        self.number = self.bill["number"]
        transaction.commit()
        self.url = self.portal.absolute_url()

    def session(self, user_id=None, api=True):
        base = f"{self.url}/++api++" if api else self.url
        return rest_session(self, base, user_id, password=PASSWORD, json=api)

    def sync(self):
        self.portal._p_jar.sync()
        return bills.bill_of(self.app)

    def assert_refused(self, response, where=""):
        if response.status_code in (301, 302, 303):
            self.assertTrue(response.headers["Location"].split("?")[0].endswith(LOGIN_PAGES), where)
        else:
            self.assertIn(response.status_code, (401, 403, 404), where)


class TestFee(FeesHttpCase):
    PATH = "layanan/reklame/@fee"

    def test_amount_for_an_answer(self):
        response = self.session().get(self.PATH, params={"luas_bangunan": "120,5"})
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual((data["kind"], data["amount"], data["answer"]), ("rate", 1807500, "luas_bangunan"))
        self.assertEqual(data["formatted"], "Rp 1.807.500")
        self.assertEqual(data["definition"]["index"], "1.5")

    def test_bad_answers_are_400_with_a_message(self):
        for value in ("", "abc", "1e9", "120*2", "__import__('os')", "-1"):
            response = self.session().get(self.PATH, params={"luas_bangunan": value})
            self.assertEqual(response.status_code, 400, value)
            self.assertIn("luas_bangunan", response.json()["error"]["errors"], value)
        response = self.session().get(self.PATH)
        self.assertEqual(response.status_code, 400)

    def test_unknown_field_in_the_definition_is_400(self):
        self.portal["layanan"]["reklame"].fee_answer = "luas_tanah"
        transaction.commit()
        response = self.session().get(self.PATH, params={"luas_tanah": "10"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("luas_tanah", response.json()["error"]["errors"]["fee_answer"])

    def test_free_permit_type(self):
        self.portal["layanan"]["sip-dokter"].fee_kind = "free"
        transaction.commit()
        data = self.session().get("layanan/sip-dokter/@fee").json()
        self.assertEqual((data["kind"], data["amount"]), ("free", 0))

    def test_private_permit_type_is_not_answered(self):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=self.portal["layanan"]["reklame"], transition="retract")
        transaction.commit()
        response = self.session().get(self.PATH, params={"luas_bangunan": "1"})
        self.assertIn(response.status_code, (401, 403, 404))


class TestBill(FeesHttpCase):
    def test_owner_and_officers_read_it(self):
        path = f"permohonan/{self.app.getId()}/@bill"
        for user in ("budi", "verifikator", "teknis", "kadis"):
            response = self.session(user).get(path)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(response.json()["number"], self.number)
            self.assertEqual(response.json()["amount"], 1800000)
        self.assertEqual(response.json()["status"], "unpaid")

    def test_others_are_refused(self):
        path = f"permohonan/{self.app.getId()}/@bill"
        for user in (None, "siti", "editor", "kasir"):
            response = self.session(user).get(path)
            self.assertIn(response.status_code, (401, 403, 404), user)
            self.assertNotIn(self.number, response.text, user)

    def test_application_page_shows_it(self):
        page = self.session("budi", api=False).get(f"permohonan/{self.app.getId()}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.number, page.text)
        self.assertIn("@@skrd.pdf", page.text)
        listing = self.session("budi", api=False).get("@@permohonan-saya")
        self.assertIn(self.number, listing.text)
        self.assertIn("1.800.000", listing.text)

    def test_pdf(self):
        response = self.session("budi", api=False).get(f"permohonan/{self.app.getId()}/@@skrd.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        for user in (None, "siti", "kasir"):
            refused = self.session(user, api=False).get(
                f"permohonan/{self.app.getId()}/@@skrd.pdf", allow_redirects=False
            )
            self.assert_refused(refused, user)
            self.assertNotIn(b"%PDF", refused.content[:10])


class TestCallback(FeesHttpCase):
    def post(self, payload, secret=SECRET, signature=None, raw=None):
        body = raw if raw is not None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature is None and secret is not None:
            signature = sign(body, secret.encode())
        if signature is not None:
            headers["X-Signature"] = signature
        return self.session().post("@payment-callback", data=body, headers=headers)

    def payload(self, **extra):
        return {
            "bill": self.number,
            "amount": 1800000,
            "paid_at": "2026-11-20T10:15:00+07:00",
            "reference": "BANK-123",
            **extra,
        }

    def test_valid_then_replayed(self):
        response = self.post(self.payload())
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json(), {"bill": self.number, "status": "paid", "changed": True})
        bill = self.sync()
        self.assertEqual(
            (bill["status"], bill["reference"], bill["channel"]), ("paid", "BANK-123", "callback")
        )
        self.assertEqual(bill["paid_at"].isoformat(), "2026-11-20T10:15:00")
        self.assertEqual(api.content.get_state(self.app), "pending_approval")
        history_length = len(self.app.workflow_history["ptsp_application_workflow"])
        # the same notification again: 200, nothing changed
        response = self.post(self.payload())
        self.assertEqual(response.status_code, 200, response.text)
        self.assertFalse(response.json()["changed"])
        self.sync()
        self.assertEqual(len(self.app.workflow_history["ptsp_application_workflow"]), history_length)
        # another reference for a paid bill: refused
        self.assertEqual(self.post(self.payload(reference="BANK-999")).status_code, 409)
        self.assertEqual(self.sync()["reference"], "BANK-123")

    def assert_unchanged(self):
        bill = self.sync()
        self.assertEqual(bill["status"], "unpaid")
        self.assertEqual(api.content.get_state(self.app), "awaiting_payment")

    def test_wrong_or_missing_signature(self):
        body = json.dumps(self.payload()).encode()
        for signature in (
            "",
            "0" * 64,
            sign(body, b"kunci-lain"),
            sign(body, SECRET.encode()).upper()[:-1] + "0",
            "é",
        ):
            response = self.post(None, raw=body, signature=signature)
            self.assertEqual(response.status_code, 401, signature)
        self.assertEqual(self.post(None, raw=body, secret=None).status_code, 401)
        # signed, then altered
        altered = body.replace(b"1800000", b"1800001")
        self.assertEqual(self.post(None, raw=altered, signature=sign(body, SECRET.encode())).status_code, 401)
        self.assert_unchanged()

    def test_no_secret_configured(self):
        with mock.patch.dict(os.environ, {"PTSP_PAYMENT_SECRET": ""}):
            response = self.post(self.payload(), signature=sign(b"x", b""))
        self.assertEqual(response.status_code, 503)
        self.assert_unchanged()

    def test_wrong_amount(self):
        response = self.post(self.payload(amount=1000))
        self.assertEqual(response.status_code, 409, response.text)
        self.assert_unchanged()

    def test_unknown_bill(self):
        response = self.post(self.payload(bill="SKRD/2026/999999"))
        self.assertEqual(response.status_code, 404, response.text)
        self.assert_unchanged()

    def test_bad_body(self):
        for payload in (
            self.payload(amount="1800000"),
            self.payload(reference=""),
            self.payload(paid_at="kemarin"),
            [1],
        ):
            self.assertEqual(self.post(payload).status_code, 400, payload)
        self.assertEqual(self.post(None, raw=b"{bukan json").status_code, 400)
        self.assert_unchanged()

    def test_every_refusal_is_logged(self):
        self.post(self.payload(amount=1))
        self.post(self.payload(bill="SKRD/2026/999999"))
        self.post(self.payload(), signature="0" * 64)
        entries = store.query({"action": "payment"})
        details = " | ".join(entry["detail"] for entry in entries)
        self.assertEqual(len(entries), 3, details)
        self.assertIn("Unauthorized", details)
        self.assertIn("WrongAmount", details)
        self.assertIn("NotFound", details)
        self.assertTrue(any(entry["tracking_number"] == self.app.tracking_number for entry in entries))


class TestCashier(FeesHttpCase):
    def test_cashier_finds_and_marks_paid(self):
        session = self.session("kasir")
        listing = session.get("@cashier").json()
        self.assertEqual([row["number"] for row in listing["unpaid"]], [self.number])
        found = session.get("@cashier", params={"bill": self.number}).json()
        self.assertEqual((found["amount"], found["applicant_name"]), (1800000, "Budi Santoso"))
        response = session.post("@cashier", json={"bill": self.number, "reference": "KWT-2026-0001"})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], "paid")
        bill = self.sync()
        self.assertEqual(
            (bill["reference"], bill["channel"], bill["recorded_by"]), ("KWT-2026-0001", "cashier", "kasir")
        )
        self.assertEqual(api.content.get_state(self.app), "pending_approval")
        # the reading of the applicant's name is in the access log
        self.assertTrue(store.query({"user_id": "kasir", "tracking_number": self.app.tracking_number}))

    def test_cashier_needs_a_reference(self):
        response = self.session("kasir").post("@cashier", json={"bill": self.number, "reference": " "})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(self.sync()["status"], "unpaid")

    def test_others_are_refused(self):
        for user in (None, "budi", "verifikator", "teknis", "kadis", "editor"):
            session = self.session(user)
            self.assertIn(session.get("@cashier").status_code, (401, 403), user)
            self.assertIn(session.get("@cashier", params={"bill": self.number}).status_code, (401, 403), user)
            response = session.post("@cashier", json={"bill": self.number, "reference": "X"})
            self.assertIn(response.status_code, (401, 403), user)
            self.assertNotIn("Budi", response.text)
        self.assertEqual(self.sync()["status"], "unpaid")

    def test_page(self):
        session = self.session("kasir", api=False)
        page = session.get("@@kasir", params={"bill": self.number})
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.number, page.text)
        self.assertIn("Budi Santoso", page.text)
        for user in (None, "budi", "verifikator", "kadis"):
            refused = self.session(user, api=False).get(
                "@@kasir", params={"bill": self.number}, allow_redirects=False
            )
            self.assert_refused(refused, user)
            self.assertNotIn("Budi Santoso", refused.text)


class TestStatistics(FeesHttpCase):
    def test_officers_read_the_figures(self):
        year = self.bill["issued"].year
        for user in ("kasir", "kadis", "verifikator"):
            response = self.session(user).get("@fee-statistics", params={"year": year})
            self.assertEqual(response.status_code, 200, user)
            data = response.json()
            self.assertEqual(data["totals"]["billed_amount"], 1800000)
            self.assertEqual(data["rows"][0]["permit_type"], "reklame")
        self.assertEqual(
            self.session("kasir").get("@fee-statistics", params={"year": "20x6"}).status_code, 400
        )
        page = self.session("kadis", api=False).get("@@statistik-retribusi", params={"year": year})
        self.assertEqual(page.status_code, 200)
        self.assertIn("1.800.000", page.text)

    def test_not_public(self):
        for user in (None, "budi", "editor"):
            self.assertIn(self.session(user).get("@fee-statistics").status_code, (401, 403), user)
            self.assert_refused(
                self.session(user, api=False).get("@@statistik-retribusi", allow_redirects=False), user
            )
