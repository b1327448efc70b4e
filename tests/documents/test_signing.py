"""PAdES signature with a certificate generated in the test, validated with
pyHanko against that self-signed root."""

from io import BytesIO
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal.documents import permit_document
from ptsp_portal.documents.signing import SIGNATURE_FIELD
from tests.documents.base import approve
from tests.documents.base import IssueCase
from tests.documents.base import pdf_bytes
from tests.documents.base import pdf_text
from tests.documents.base import self_signed_p12
from unittest import mock

import tempfile
import transaction


class SigningCase(IssueCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.p12, self.certificate = self_signed_p12(self.tmp.name)
        self.env = mock.patch.dict(
            "os.environ",
            {"PTSP_SIGNING_P12": self.p12, "PTSP_SIGNING_PASSPHRASE": "sandi-uji"},
        )
        self.env.start()
        self.addCleanup(self.env.stop)

    def validate(self, data):
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives.serialization import Encoding
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        root = asn1_x509.Certificate.load(self.certificate.public_bytes(Encoding.DER))
        context = ValidationContext(trust_roots=[root])
        reader = PdfFileReader(BytesIO(data))
        (signature,) = reader.embedded_signatures
        self.assertEqual(signature.field_name, SIGNATURE_FIELD)
        return validate_pdf_signature(signature, context)


class TestSigned(SigningCase):
    def test_signed_pdf_validates(self):
        approve(self.portal, self.app)
        data = pdf_bytes(self.app)
        status = self.validate(data)
        self.assertTrue(status.intact)
        self.assertTrue(status.valid)
        self.assertTrue(status.trusted)
        self.assertTrue(status.bottom_line)
        self.assertEqual(status.signing_cert.subject.native["common_name"], "Kepala DPMPTSP Uji")
        # PAdES, not adbe.pkcs7.detached
        from pyhanko.pdf_utils.reader import PdfFileReader

        (signature,) = PdfFileReader(BytesIO(data)).embedded_signatures
        self.assertEqual(signature.sig_object["/SubFilter"], "/ETSI.CAdES.detached")
        text = " ".join(pdf_text(data).split())
        self.assertIn("Ditandatangani secara elektronik", text)
        self.assertIn(self.app.permit_number, text)

    def test_tampering_is_detected(self):
        approve(self.portal, self.app)
        data = bytearray(pdf_bytes(self.app))
        position = data.find(b"Budi Santoso")
        if position < 0:  # compressed content: flip a byte in the first stream
            position = data.find(b"stream") + 20
        data[position] ^= 0x01
        try:
            status = self.validate(bytes(data))
        except Exception:
            return  # not even parseable as signed: tampering detected
        self.assertFalse(status.intact and status.valid)

    def test_registry_path_overrides_environment(self):
        other_dir = tempfile.TemporaryDirectory()
        self.addCleanup(other_dir.cleanup)
        other, certificate = self_signed_p12(other_dir.name, common_name="Penandatangan Lain")
        api.portal.set_registry_record("ptsp_portal.signing_certificate_path", other)
        approve(self.portal, self.app)
        self.certificate = certificate
        status = self.validate(pdf_bytes(self.app))
        self.assertTrue(status.bottom_line)
        self.assertEqual(status.signing_cert.subject.native["common_name"], "Penandatangan Lain")

    def test_control_panel_says_signed(self):
        from ptsp_portal.controlpanel.view import PtspSettingsForm

        description = PtspSettingsForm(self.portal, self.request).description
        self.assertIn('data-state="ok"', description)
        self.assertIn("Kepala DPMPTSP Uji", description)


class TestBrokenCertificate(SigningCase):
    def tearDown(self):
        transaction.abort()

    def test_wrong_passphrase_stops_approval(self):
        with mock.patch.dict("os.environ", {"PTSP_SIGNING_PASSPHRASE": "salah"}):
            with self.assertRaises(WorkflowException) as raised:
                approve(self.portal, self.app)
            from ptsp_portal.controlpanel.view import PtspSettingsForm

            description = PtspSettingsForm(self.portal, self.request).description
        self.assertIn("tidak dapat ditandatangani", str(raised.exception))
        self.assertIn("PTSP_SIGNING_PASSPHRASE", str(raised.exception))
        self.assertEqual(self.state(), "pending_approval")
        self.assertIsNone(permit_document(self.app))
        self.assertIn('data-state="error"', description)

    def test_missing_file_stops_approval(self):
        with mock.patch.dict("os.environ", {"PTSP_SIGNING_P12": self.p12 + ".hilang"}):
            with self.assertRaises(WorkflowException) as raised:
                approve(self.portal, self.app)
        self.assertIn("tidak dapat dibaca", str(raised.exception))
        self.assertEqual(self.state(), "pending_approval")
        # the number was not drawn: the certificate is checked first
        from ptsp_portal.applications.numbering import current_value
        from ptsp_portal.documents.issue import today

        self.assertEqual(current_value("permit", today().year), 0)
