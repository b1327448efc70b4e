"""People and content for the complaint tests, on the integration site."""

from plone import api
from plone.app.testing import logout
from ptsp_portal.complaints import filing
from ptsp_portal.forms.model import Upload
from ptsp_portal.security import ratelimit
from tests.workflow.base import add_user
from tests.workflow.base import apply
from tests.workflow.base import setup_office

import base64

# the smallest valid PDF the upload checks accept
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
ZIP = b"PK\x03\x04" + b"\x00" * 60
VALID = {
    "kind": "complaint",
    "subject": "Antrean loket terlalu lama",
    "description": "Saya menunggu tiga jam di loket pendaftaran tanpa kepastian.",
}


def setup_complaints(portal):
    """The office of the back-office tests, and a complaint handler."""
    setup_office(portal)
    add_user("penanganan", "Pena Penanganan", ["ptsp-complaint-handlers"])
    ratelimit.reset()
    return portal["pengaduan"]


def file_as(request, data=None, upload=None, user_id=None):
    """A complaint filed (as the anonymous visitor unless ``user_id``)."""
    if user_id is None:
        logout()
    return filing.file_complaint(request, {**VALID, **(data or {})}, upload, user_id)


def pdf_upload():
    return Upload("bukti.pdf", "application/pdf", PDF)


def b64(data):
    return base64.b64encode(data).decode("ascii")


__all__ = [
    "PDF",
    "VALID",
    "ZIP",
    "add_user",
    "api",
    "apply",
    "b64",
    "file_as",
    "pdf_upload",
    "setup_complaints",
]
