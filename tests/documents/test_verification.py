"""verify(code) and the public @@verifikasi page: states, masking, and that
anonymous visitors learn nothing else."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ptsp_portal.documents.formatting import indonesian_date
from ptsp_portal.documents.formatting import mask_name
from ptsp_portal.documents.formatting import mask_nik
from ptsp_portal.documents.issue import today
from ptsp_portal.documents.verification import FIELDS
from ptsp_portal.documents.verification import MalformedCode
from ptsp_portal.documents.verification import verify
from ptsp_portal.security import ratelimit
from tests.documents.base import approve
from tests.documents.base import IssueCase
from tests.workflow.base import NIK
from zExceptions import NotFound

import datetime
import html
import unittest

REASON = "Lokasi praktik tidak sesuai dengan izin yang diberikan."
# the approver's workflow comment: internal, never on the verification
COMMENT = "Temuan inspeksi internal: rincian pelanggaran di berkas 7/INSP."
NEUTRAL = "Izin ini telah dicabut oleh instansi penerbit."
UNKNOWN = "AAAAAAAAAAAAAAAAAAAAAAAA"


class TestMasking(unittest.TestCase):
    def test_name(self):
        self.assertEqual(mask_name("Budi Santoso"), "B**i S*****o")
        self.assertEqual(mask_name("Siti  Aminah"), "S**i A****h")
        self.assertEqual(mask_name("I Gede Ng"), "I G**e Ng")
        self.assertEqual(mask_name(""), "")

    def test_nik(self):
        self.assertEqual(mask_nik(NIK), "3201********0001")
        self.assertEqual(mask_nik("1234"), "****")

    def test_date(self):
        self.assertEqual(indonesian_date(datetime.date(2026, 11, 28)), "28 November 2026")
        self.assertEqual(indonesian_date("2027-02-01"), "1 Februari 2027")
        self.assertEqual(indonesian_date(None), "")


class VerificationCase(IssueCase):
    def setUp(self):
        super().setUp()
        ratelimit.reset()
        self.addCleanup(ratelimit.reset)
        approve(self.portal, self.app)
        self.code = self.app.verification_code
        logout()

    def revoke(self, public_reason=REASON):
        login(self.portal, "kadis")
        extra = {"revocation_public_reason": public_reason} if public_reason is not None else {}
        api.portal.get_tool("portal_workflow").doActionFor(self.app, "revoke", comment=COMMENT, **extra)
        logout()


class TestVerify(VerificationCase):
    def test_valid(self):
        result = verify(self.code)
        self.assertEqual(set(result), set(FIELDS))
        self.assertEqual(result["status"], "valid")
        self.assertEqual(result["permit_number"], self.app.permit_number)
        self.assertEqual(result["permit_type"], "Surat Izin Praktik Dokter")
        self.assertEqual(result["holder_name"], "B**i S*****o")
        self.assertEqual(result["issued_date"], today().isoformat())
        self.assertEqual(result["valid_until"], self.app.valid_until.isoformat())
        self.assertIsNone(result["revoked_date"])
        self.assertIsNone(result["revocation_reason"])

    def test_revoked(self):
        self.revoke()
        result = verify(self.code)
        self.assertEqual(result["status"], "revoked")
        self.assertEqual(result["revocation_reason"], REASON)
        self.assertEqual(self.app.revocation_public_reason, REASON)
        self.assertNotIn(COMMENT, repr(result))
        self.assertEqual(result["revoked_date"], today().isoformat())
        self.assertEqual(result["permit_number"], self.app.permit_number)

    def test_revoked_without_public_reason(self):
        self.revoke(public_reason=None)
        result = verify(self.code)
        self.assertEqual(result["status"], "revoked")
        self.assertEqual(result["revocation_reason"], NEUTRAL)
        self.assertNotIn(COMMENT, repr(result))

    def test_public_reason_too_long(self):
        from Products.CMFCore.WorkflowCore import WorkflowException

        with self.assertRaises(WorkflowException):
            self.revoke(public_reason="x" * 501)
        self.assertEqual(self.state(), "issued")

    def test_expired(self):
        self.assertEqual(verify(self.code, on=self.app.valid_until)["status"], "valid")
        later = self.app.valid_until + datetime.timedelta(days=1)
        self.assertEqual(verify(self.code, on=later)["status"], "expired")
        # as the catalog sees it
        self.app.valid_until = today() - datetime.timedelta(days=1)
        self.app.reindexObject()
        self.assertEqual(verify(self.code)["status"], "expired")

    def test_no_expiry(self):
        other = self.new_application("reklame", applicant="siti")
        approve(self.portal, other)
        logout()
        result = verify(other.verification_code, on=datetime.date(2099, 1, 1))
        self.assertEqual(result["status"], "valid")
        self.assertIsNone(result["valid_until"])
        self.assertEqual(result["holder_name"], "S**i A****h")

    def test_unknown(self):
        self.assertIsNone(verify(UNKNOWN))

    def test_site_without_the_index_yet(self):
        # before the upgrade step adds it: no match (rather than everything)
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex("verification_code")
        self.assertIsNone(verify(UNKNOWN))

    def test_malformed(self):
        for code in (
            "",
            "short",
            "A" * 65,
            self.code[:-1] + "!",
            self.code + "/x",
            None,
            self.code.replace(self.code[0], "+"),
        ):
            with self.assertRaises(MalformedCode, msg=code):
                verify(code)

    def test_only_issued_or_revoked_permits(self):
        other = self.new_application(applicant="siti")
        other.verification_code = "B" * 24  # e.g. left on a file sent back
        other.reindexObject()
        self.assertIsNone(verify("B" * 24))


class TestPage(VerificationCase):
    def page(self, path_code=None, **form):
        self.request.form.clear()
        self.request.form.update(form)
        self.request.response.setStatus(200)
        view = self.portal.restrictedTraverse("@@verifikasi")
        if path_code is not None:
            view = view.publishTraverse(self.request, path_code)
        return html.unescape(view())

    def main(self, page):
        """Our part of the page, without the portal's navigation."""
        start = page.index('<div class="ptsp-verification">')
        return page[start : page.index("<footer", start)]

    def assert_nothing_private(self, page):
        for secret in (
            NIK,
            NIK[4:12],
            "Budi Santoso",
            self.app.applicant_email,
            "3456",
            "Merdeka",
            self.app.tracking_number,
            self.app.getId(),
            "surat-izin",
            "Klinik Sehat",
            "/permohonan",
            "ktp",
        ):
            self.assertNotIn(secret, page)

    def test_valid_for_anonymous(self):
        page = self.page(self.code)
        self.assertEqual(self.request.response.getStatus(), 200)
        self.assertIn('data-status="valid"', page)
        self.assertIn("Berlaku", page)
        self.assertIn(self.app.permit_number, page)
        self.assertIn("B**i S*****o", page)
        self.assertIn("Surat Izin Praktik Dokter", page)
        self.assertIn(indonesian_date(today()), page)
        self.assertIn(indonesian_date(self.app.valid_until), page)
        self.assertEqual(self.request.response.getHeader("Cache-Control"), "no-store")
        self.assert_nothing_private(page)

    def test_revoked_at_once(self):
        self.revoke()
        page = self.page(self.code)
        self.assertIn('data-status="revoked"', page)
        self.assertIn("Dicabut", page)
        self.assertIn(REASON, page)
        self.assertNotIn(COMMENT, page)
        self.assert_nothing_private(page)

    def test_revoked_without_public_reason(self):
        self.revoke(public_reason=None)
        page = self.page(self.code)
        self.assertIn('data-status="revoked"', page)
        self.assertIn(NEUTRAL, page)
        self.assertNotIn(COMMENT, page)

    def test_expired(self):
        self.app.valid_until = today() - datetime.timedelta(days=1)
        self.app.reindexObject()
        page = self.page(self.code)
        self.assertIn('data-status="expired"', page)
        self.assertIn("Kedaluwarsa", page)

    def test_unknown_and_malformed_are_404(self):
        for code in (UNKNOWN, "bukan-kode!"):
            page = self.page(code)
            self.assertEqual(self.request.response.getStatus(), 404, code)
            self.assertIn("Kode verifikasi tidak dikenal", page)
            self.assertIn('data-status="unknown"', page)

    def test_code_from_form(self):
        page = self.page(code=self.code)
        self.assertIn('data-status="valid"', page)
        page = self.page()
        self.assertEqual(self.request.response.getStatus(), 200)
        self.assertIn('name="code"', page)

    def test_one_code_only(self):
        view = self.portal.restrictedTraverse("@@verifikasi")
        view = view.publishTraverse(self.request, self.code)
        with self.assertRaises(NotFound):
            view.publishTraverse(self.request, "lagi")

    def test_rate_limited(self):
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 2)
        self.page(self.code)
        self.page(UNKNOWN)
        page = self.page(self.code)
        self.assertEqual(self.request.response.getStatus(), 429)
        self.assertTrue(self.request.response.getHeader("Retry-After"))
        self.assertIn("Terlalu banyak permintaan verifikasi", page)
        self.assertNotIn(self.app.permit_number, page)

    def test_officer_sees_the_same(self):
        login(self.portal, "kadis")
        page = self.page(self.code)
        self.assertIn('data-status="valid"', page)
        self.assert_nothing_private(self.main(page))
