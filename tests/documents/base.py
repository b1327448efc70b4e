"""Helpers for the issued-permit tests: an office, an application taken to
``pending_approval`` and approved by ``kadis`` (Kartika Kadis)."""

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from io import BytesIO
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import TEST_USER_NAME
from plone.i18n.utility import setLanguageBinding
from ptsp_portal.documents import permit_document
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.workflow.base import apply
from tests.workflow.base import MONDAY
from tests.workflow.base import setup_office
from zope.interface import alsoProvides

import datetime
import os
import shutil
import subprocess
import tempfile
import unittest

APPROVER = "kadis"
APPROVER_NAME = "Kartika Kadis"


def transition(portal, user_id, action, obj, comment=""):
    login(portal, user_id)
    api.portal.get_tool("portal_workflow").doActionFor(obj, action, comment=comment)


def to_pending_approval(portal, application):
    transition(portal, "verifikator", "accept", application)
    transition(portal, "teknis", "recommend", application, "Memenuhi syarat teknis.")


def approve(portal, application):
    transition(portal, APPROVER, "approve", application)


def pdf_bytes(application):
    return bytes(permit_document(application).file.data)


def pdf_text(data):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def decode_qr_codes(data, dpi=200):
    """Render the PDF's pages with poppler's pdftoppm and decode every QR
    code on them (zxing-cpp); return their texts."""
    from PIL import Image

    import zxingcpp

    assert shutil.which("pdftoppm"), "pdftoppm missing: apt-get install -y poppler-utils"
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "permit.pdf")
        with open(source, "wb") as f:
            f.write(data)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", source, os.path.join(tmp, "page")],
            check=True,
        )
        texts = []
        for png in sorted(n for n in os.listdir(tmp) if n.endswith(".png")):
            with Image.open(os.path.join(tmp, png)) as image:
                texts.extend(
                    result.text
                    for result in zxingcpp.read_barcodes(image)
                    if result.format == zxingcpp.BarcodeFormat.QRCode
                )
    return texts


def self_signed_p12(directory, passphrase=b"sandi-uji", common_name="Kepala DPMPTSP Uji"):
    """A key, a self-signed certificate and their PKCS#12 file in
    ``directory``; return ``(path, certificate)``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DPMPTSP Kabupaten Contoh"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"ptsp", key, certificate, None, BestAvailableEncryption(passphrase)
    )
    path = os.path.join(directory, "ttd.p12")
    with open(path, "wb") as f:
        f.write(data)
    return path, certificate


class IssueCase(unittest.TestCase):
    """An office whose SIP-DOKTER permits are valid five years."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        setup_office(self.portal)
        # negotiate again now that the site's language is Indonesian
        setLanguageBinding(self.request)
        self.portal["layanan"]["sip-dokter"].validity_years = 5
        self.app = apply(self.portal, submitted=MONDAY)
        to_pending_approval(self.portal, self.app)
        logout()

    def new_application(self, permit_code="sip-dokter", applicant="budi", **extra):
        login(self.portal, TEST_USER_NAME)  # Manager since setup_office
        application = apply(
            self.portal, permit_code=permit_code, applicant=applicant, submitted=MONDAY, **extra
        )
        to_pending_approval(self.portal, application)
        logout()
        return application

    def state(self, obj=None):
        return api.content.get_state(obj or self.app)
