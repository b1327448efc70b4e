"""Over HTTP (in-process WSGI): the @verify service for anonymous clients,
and an approval through plone.restapi's @workflow whose PDF fails."""

from plone import api
from plone.app.testing import logout
from plone.testing.zope import Browser
from ptsp_portal.documents import permit_document
from ptsp_portal.documents.verification import FIELDS
from ptsp_portal.security import ratelimit
from ptsp_portal.testing import FUNCTIONAL_TESTING
from tests.documents.base import approve
from tests.documents.base import to_pending_approval
from tests.workflow.base import apply
from tests.workflow.base import NIK
from tests.workflow.base import PASSWORD
from tests.workflow.base import setup_office
from unittest import mock

import json
import transaction
import unittest

REASON = "Izin dicabut atas permintaan pemegang izin."
# the approver's workflow comment: internal, never in @verify
COMMENT = "Surat permohonan pencabutan no. 45/X, diterima staf A. (internal)"
NEUTRAL = "Izin ini telah dicabut oleh instansi penerbit."


class RestCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.portal["layanan"]["sip-dokter"].validity_years = 5
        self.app = apply(self.portal)
        to_pending_approval(self.portal, self.app)
        logout()
        transaction.commit()
        ratelimit.reset()
        self.addCleanup(ratelimit.reset)

    def browser(self, user_id=None):
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.raiseHttpErrors = False
        browser.addHeader("Accept", "application/json")
        if user_id:
            browser.addHeader("Authorization", f"Basic {user_id}:{PASSWORD}")
        return browser

    def get(self, query):
        browser = self.browser()
        browser.open(f"{self.portal.absolute_url()}/++api++/@verify{query}")
        return int(browser.headers["status"].split()[0]), json.loads(browser.contents), browser


class TestVerifyService(RestCase):
    def setUp(self):
        super().setUp()
        approve(self.portal, self.app)
        logout()
        transaction.commit()
        self.code = self.app.verification_code

    def test_valid(self):
        status, data, browser = self.get(f"?code={self.code}")
        self.assertEqual(status, 200, data)
        self.assertEqual(set(data), {*FIELDS, "status_title"})
        self.assertEqual(data["status"], "valid")
        self.assertEqual(data["status_title"], "Berlaku")
        self.assertEqual(data["permit_number"], self.app.permit_number)
        self.assertEqual(data["holder_name"], "B**i S*****o")
        self.assertEqual(data["issued_date"], self.app.issued_date.isoformat())
        self.assertEqual(data["valid_until"], self.app.valid_until.isoformat())
        self.assertEqual(browser.headers["Cache-Control"], "private, no-store")
        # nothing else: no NIK, address, contact, tracking number, documents
        raw = json.dumps(data)
        for secret in (
            NIK,
            "Budi Santoso",
            "Merdeka",
            "example.org",
            "3456",
            self.app.tracking_number,
            "surat-izin",
            "permohonan",
            "Klinik",
        ):
            self.assertNotIn(secret, raw)

    def revoke(self, body):
        approver = self.browser("kadis")
        approver.post(
            f"{self.app.absolute_url()}/++api++/@workflow/revoke", json.dumps(body), "application/json"
        )
        return approver

    def test_revoked(self):
        approver = self.revoke({"comment": COMMENT, "revocation_public_reason": REASON})
        self.assertEqual(approver.headers["status"].split()[0], "200", approver.contents)
        status, data, _browser = self.get(f"?code={self.code}")
        self.assertEqual(status, 200)
        self.assertEqual(data["status"], "revoked")
        self.assertEqual(data["status_title"], "Dicabut")
        self.assertEqual(data["revocation_reason"], REASON)
        self.assertTrue(data["revoked_date"])
        self.assertNotIn(COMMENT, json.dumps(data, ensure_ascii=False))
        page = Browser(self.layer["app"])
        page.open(f"{self.portal.absolute_url()}/@@verifikasi/{self.code}")
        self.assertIn(REASON, page.contents)
        self.assertNotIn(COMMENT, page.contents)

    def test_revoked_without_public_reason(self):
        approver = self.revoke({"comment": COMMENT})
        self.assertEqual(approver.headers["status"].split()[0], "200", approver.contents)
        status, data, _browser = self.get(f"?code={self.code}")
        self.assertEqual(status, 200)
        self.assertEqual(data["status"], "revoked")
        self.assertEqual(data["revocation_reason"], NEUTRAL)
        self.assertNotIn(COMMENT, json.dumps(data, ensure_ascii=False))
        page = Browser(self.layer["app"])
        page.open(f"{self.portal.absolute_url()}/@@verifikasi/{self.code}")
        self.assertIn(NEUTRAL, page.contents)
        self.assertNotIn(COMMENT, page.contents)

    def test_revoke_still_needs_the_internal_comment(self):
        approver = self.revoke({"revocation_public_reason": REASON})
        self.assertEqual(approver.headers["status"].split()[0], "400", approver.contents)
        self.assertIn("Alasan wajib diisi", json.loads(approver.contents)["error"]["message"])
        approver = self.revoke({"comment": COMMENT, "revocation_public_reason": ["bukan", "teks"]})
        self.assertEqual(approver.headers["status"].split()[0], "400", approver.contents)
        status, data, _browser = self.get(f"?code={self.code}")
        self.assertEqual(data["status"], "valid")

    def test_unknown_missing_malformed(self):
        status, data, _browser = self.get("?code=" + "A" * 24)
        self.assertEqual(status, 404)
        self.assertEqual(data["error"]["message"], "Kode verifikasi tidak dikenal.")
        for query in ("", "?code=", "?code=abc", "?code=" + "%2B" * 24):
            status, data, _browser = self.get(query)
            self.assertEqual(status, 400, query)
            self.assertEqual(data["error"]["type"], "BadRequest")

    def test_rate_limited(self):
        self.portal = self.layer["portal"]
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 3)
        transaction.commit()
        for _i in range(3):
            status, _data, _browser = self.get(f"?code={self.code}")
            self.assertEqual(status, 200)
        status, data, browser = self.get(f"?code={self.code}")
        self.assertEqual(status, 429)
        self.assertIn("Terlalu banyak permintaan verifikasi", data["error"]["message"])
        self.assertTrue(int(browser.headers["Retry-After"]) > 0)
        self.assertNotIn("permit_number", data)

    def test_verification_page_over_http(self):
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.raiseHttpErrors = False
        browser.open(f"{self.portal.absolute_url()}/@@verifikasi/{self.code}")
        self.assertEqual(browser.headers["status"].split()[0], "200")
        self.assertIn("Berlaku", browser.contents)
        self.assertNotIn(NIK, browser.contents)
        browser.open(f"{self.portal.absolute_url()}/@@verifikasi/{'A' * 24}")
        self.assertEqual(browser.headers["status"].split()[0], "404")
        self.assertIn("Kode verifikasi tidak dikenal", browser.contents)


class TestRestApprovalFailure(RestCase):
    def test_failed_pdf_is_an_error_and_nothing_is_committed(self):
        approver = self.browser("kadis")
        with mock.patch("ptsp_portal.documents.issue.render", side_effect=RuntimeError("boom")):
            approver.post(
                f"{self.app.absolute_url()}/++api++/@workflow/approve",
                json.dumps({}),
                "application/json",
            )
        self.assertEqual(approver.headers["status"].split()[0], "400", approver.contents)
        error = json.loads(approver.contents)["error"]
        self.assertEqual(error["type"], "WorkflowException")
        self.assertIn("Izin belum diterbitkan", error["message"])
        transaction.begin()
        self.portal._p_jar.sync()
        self.assertEqual(api.content.get_state(self.app), "pending_approval")
        self.assertIsNone(self.app.permit_number)
        self.assertIsNone(permit_document(self.app))
        # and the next approval works, with the first number
        approver.post(f"{self.app.absolute_url()}/++api++/@workflow/approve", "{}", "application/json")
        self.assertEqual(approver.headers["status"].split()[0], "200", approver.contents)
        transaction.begin()
        self.portal._p_jar.sync()
        self.assertEqual(api.content.get_state(self.app), "issued")
        self.assertTrue(self.app.permit_number.startswith("503/0001/"))
