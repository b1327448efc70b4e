"""On ``approve``: number, dates, code, and the PDF stored with the application."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.formwidget.namedfile.converter import b64encode_file
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal.content.application import IApplicationDocument
from ptsp_portal.documents import DOCUMENT_ID
from ptsp_portal.documents import permit_document
from ptsp_portal.documents.formatting import indonesian_date
from ptsp_portal.documents.issue import add_years
from ptsp_portal.documents.issue import today
from tests.documents.base import approve
from tests.documents.base import APPROVER_NAME
from tests.documents.base import decode_qr_codes
from tests.documents.base import IssueCase
from tests.documents.base import pdf_bytes
from tests.documents.base import pdf_text
from tests.workflow.base import NIK
from unittest import mock

import transaction


class TestApprove(IssueCase):
    def test_permit_fields(self):
        approve(self.portal, self.app)
        self.assertEqual(self.state(), "issued")
        year = today().year
        self.assertEqual(self.app.permit_number, f"503/0001/SIP-DOKTER/DPMPTSP/{year}")
        self.assertEqual(self.app.issued_date, today())
        self.assertEqual(self.app.valid_until, add_years(today(), 5))
        self.assertRegex(self.app.verification_code, r"^[A-Za-z0-9_-]{24}$")

    def test_numbers_follow_per_year_sequence_and_differ_per_type(self):
        approve(self.portal, self.app)
        other = self.new_application("reklame", applicant="siti")
        approve(self.portal, other)
        year = today().year
        self.assertEqual(other.permit_number, f"503/0002/REKLAME/DPMPTSP/{year}")
        # no validity_years: no expiry
        self.assertIsNone(other.valid_until)
        self.assertNotEqual(other.verification_code, self.app.verification_code)

    def test_pattern_from_registry(self):
        api.portal.set_registry_record("ptsp_portal.permit_number_pattern", "IZIN-{year}-{seq:05d}")
        approve(self.portal, self.app)
        self.assertEqual(self.app.permit_number, f"IZIN-{today().year}-00001")

    def test_document_is_a_private_child_file(self):
        approve(self.portal, self.app)
        document = permit_document(self.app)
        self.assertIsNotNone(document)
        self.assertEqual(document.getId(), DOCUMENT_ID)
        self.assertTrue(IApplicationDocument.providedBy(document))
        self.assertEqual(document.file.contentType, "application/pdf")
        self.assertTrue(document.file.filename.startswith("surat-izin-503-0001-SIP-DOKTER"))
        self.assertTrue(pdf_bytes(self.app).startswith(b"%PDF-"))
        # no workflow of its own: it shares the application's security
        self.assertEqual(api.portal.get_tool("portal_workflow").getChainFor(document), ())
        self.assertEqual(document.getOwner().getId(), "budi")
        owners = [p for p, roles in document.get_local_roles() if "Owner" in roles]
        self.assertEqual(owners, [])
        for user_id, allowed in (("budi", True), ("kadis", True), ("verifikator", True), ("siti", False)):
            login(self.portal, user_id)
            self.assertEqual(bool(api.user.has_permission("View", obj=document)), allowed, user_id)
        logout()
        self.assertFalse(api.user.has_permission("View", obj=document))

    def test_catalog(self):
        approve(self.portal, self.app)
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(verification_code=self.app.verification_code)
        # only the application, not the documents inside it
        self.assertEqual([b.getPath() for b in brains], ["/".join(self.app.getPhysicalPath())])
        brain = brains[0]
        self.assertEqual(brain.permit_number, self.app.permit_number)
        self.assertEqual(brain.verification_code, self.app.verification_code)
        self.assertEqual(brain.issued_date, self.app.issued_date)
        self.assertEqual(brain.valid_until, self.app.valid_until)
        # the PDF itself is not catalogued (content/document.py): nothing of
        # it, the holder's data included, can be searched
        path = "/".join(permit_document(self.app).getPhysicalPath())
        self.assertEqual(len(catalog.unrestrictedSearchResults(path=path)), 0)
        self.assertEqual(len(catalog.unrestrictedSearchResults(SearchableText="santoso")), 0)


class TestPdfContent(IssueCase):
    def setUp(self):
        super().setUp()
        api.portal.set_registry_record(
            "ptsp_portal.office_name",
            "Pemerintah Kabupaten Contoh\nDinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        )
        api.portal.set_registry_record(
            "ptsp_portal.office_address", "Jl. Veteran No. 7, Kabupaten Contoh 40111"
        )
        self.app.form_data = {
            "lokasi_praktik": "Klinik Sehat",
            "jam_praktik": "",
            "hari_praktik": ["Senin", "Rabu"],
        }
        approve(self.portal, self.app)
        self.data = pdf_bytes(self.app)
        self.text = pdf_text(self.data)
        self.flat = " ".join(self.text.split())

    def test_text(self):
        flat = self.flat
        self.assertIn(self.app.permit_number, flat)
        self.assertIn("Budi Santoso", flat)
        self.assertIn("3201********0001", flat)
        self.assertNotIn(NIK, flat)
        self.assertIn("Surat Izin Praktik Dokter", flat)
        self.assertIn(indonesian_date(self.app.issued_date), flat)
        self.assertIn(indonesian_date(self.app.valid_until), flat)
        self.assertIn(APPROVER_NAME, flat)
        self.assertIn("Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", flat)
        self.assertIn("PEMERINTAH KABUPATEN CONTOH", flat)
        self.assertIn("Jl. Veteran No. 7, Kabupaten Contoh 40111", flat)
        self.assertIn(self.app.tracking_number, flat)
        # the answers, with readable labels; empty ones left out
        self.assertIn("Lokasi praktik : Klinik Sehat", flat)
        self.assertIn("Hari praktik : Senin, Rabu", flat)
        self.assertNotIn("Jam praktik", flat)
        # the address is not part of the decision
        self.assertNotIn("Jl. Merdeka", flat)
        self.assertRegex(
            flat,
            r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus"
            r"|September|Oktober|November|Desember) \d{4}",
        )

    def test_qr_code_opens_the_verification_url(self):
        url = f"{self.portal.absolute_url()}/@@verifikasi/{self.app.verification_code}"
        self.assertEqual(decode_qr_codes(self.data), [url])
        self.assertIn(self.app.verification_code, self.flat)

    def test_public_site_url_from_control_panel(self):
        api.portal.set_registry_record("ptsp_portal.public_site_url", "https://ptsp.contoh.go.id/")
        other = self.new_application("reklame", applicant="siti")
        approve(self.portal, other)
        self.assertEqual(
            decode_qr_codes(pdf_bytes(other)),
            [f"https://ptsp.contoh.go.id/@@verifikasi/{other.verification_code}"],
        )

    def test_unsigned_without_certificate(self):
        from io import BytesIO
        from pypdf import PdfReader

        self.assertFalse(PdfReader(BytesIO(self.data)).get_fields())
        self.assertNotIn("Ditandatangani secara elektronik", self.flat)


class TestLogo(IssueCase):
    def test_logo_from_control_panel(self):
        from io import BytesIO
        from PIL import Image
        from pypdf import PdfReader

        buffer = BytesIO()
        Image.new("RGB", (120, 140), (200, 30, 30)).save(buffer, format="PNG")
        api.portal.set_registry_record(
            "ptsp_portal.office_logo", b64encode_file("logo.png", buffer.getvalue())
        )
        approve(self.portal, self.app)
        page = PdfReader(BytesIO(pdf_bytes(self.app))).pages[0]
        # the logo (the QR code is drawn, not an image)
        self.assertEqual(len(page.images), 1)

    def test_broken_logo_is_left_out(self):
        api.portal.set_registry_record("ptsp_portal.office_logo", b64encode_file("logo.png", b"not an image"))
        approve(self.portal, self.app)
        self.assertEqual(self.state(), "issued")
        from io import BytesIO
        from pypdf import PdfReader

        self.assertEqual(len(PdfReader(BytesIO(pdf_bytes(self.app))).pages[0].images), 0)


class TestFailureStopsTheTransition(IssueCase):
    def tearDown(self):
        transaction.abort()

    def assert_not_issued(self):
        self.assertEqual(self.state(), "pending_approval")
        self.assertIsNone(permit_document(self.app))
        self.assertIsNone(self.app.permit_number)
        self.assertIsNone(self.app.verification_code)
        self.assertTrue(transaction.get().isDoomed())

    def test_pdf_failure(self):
        with mock.patch("ptsp_portal.documents.issue.render", side_effect=RuntimeError("boom")):
            with self.assertRaises(WorkflowException) as raised:
                approve(self.portal, self.app)
        self.assertIn("Izin belum diterbitkan", str(raised.exception))
        self.assertIn("PDF", str(raised.exception))
        self.assert_not_issued()

    def test_bad_pattern(self):
        # set past the control panel's check
        api.portal.set_registry_record("ptsp_portal.permit_number_pattern", "503/{code}/{year}")
        with self.assertRaises(WorkflowException) as raised:
            approve(self.portal, self.app)
        self.assertIn("pola nomor izin", str(raised.exception))
        self.assert_not_issued()

    def test_other_transitions_untouched(self):
        logout()
        login(self.portal, "kadis")
        api.portal.get_tool("portal_workflow").doActionFor(
            self.app, "send_back", comment="Lengkapi foto lokasi."
        )
        self.assertIsNone(permit_document(self.app))
        self.assertFalse(transaction.get().isDoomed())


class TestControlPanel(IssueCase):
    def form(self):
        from ptsp_portal.controlpanel.view import PtspSettingsForm

        form = PtspSettingsForm(self.portal, self.request)
        return form

    def test_pattern_constraint(self):
        from ptsp_portal.controlpanel import IPtspSettings
        from zope.interface import Invalid

        field = IPtspSettings["permit_number_pattern"]
        field.validate("503/{seq:04d}/{code}/DPMPTSP/{year}")
        field.validate("{year}-{seq}")
        for bad in ("503/{code}/{year}", "503/{seq:04d}/{kode}", "503/{seq"):
            with self.assertRaises(Invalid, msg=bad):
                field.validate(bad)

    def test_unsigned_notice(self):
        with mock.patch.dict("os.environ", {"PTSP_SIGNING_P12": ""}):
            description = self.form().description
        self.assertIn('data-state="unsigned"', description)
        self.assertIn("tanpa tanda tangan elektronik", description)

    def test_rendered(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID
        from plone.app.testing import TEST_USER_NAME

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        html = self.portal.restrictedTraverse("@@ptsp-settings")()
        self.assertIn("ptsp-signing-status", html)
        self.assertIn("form.widgets.office_logo", html)
        self.assertIn("form.widgets.permit_number_pattern", html)
