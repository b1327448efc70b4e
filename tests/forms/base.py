"""Helpers of the form tests: the office of tests/workflow (with its permit
forms) and web submissions through EasyForm's real form view."""

from io import BytesIO
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.protect.authenticator import createToken
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.workflow.base import NIK
from tests.workflow.base import setup_office
from z3c.form.interfaces import IFormLayer
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.globalrequest import setRequest
from zope.interface import alsoProvides
from ZPublisher.HTTPRequest import FileUpload

import unittest

APPLICANT = {
    "applicant_name": "Budi Santoso",
    "applicant_nik": NIK,
    "applicant_email": "budi@example.org",
    "applicant_phone": "0812-3456-7890",
    "applicant_address": "Jl. Merdeka No. 1, Kabupaten Contoh",
}


class _FieldStorage:
    def __init__(self, data, filename, content_type, name):
        self.file = BytesIO(data)
        self.filename = filename
        self.name = name
        self.headers = {"content-type": content_type}


def upload(data, filename, content_type="application/octet-stream", name="file"):
    """A ``FileUpload`` as the publisher makes it from a multipart form."""
    return FileUpload(_FieldStorage(data, filename, content_type, name))


def applications(portal):
    return portal.portal_catalog.unrestrictedSearchResults(portal_type="PermitApplication")


def stray_files(portal):
    """Files anywhere that are not inside an application."""
    return [
        b.getPath()
        for b in portal.portal_catalog.unrestrictedSearchResults(portal_type="File")
        if "/permohonan/" not in b.getPath()
    ]


class OfficeTestCase(unittest.TestCase):
    """The office of the back-office tests, with its permit forms."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.folder = setup_office(self.portal)
        self.layanan = self.portal["layanan"]
        self.permit = self.layanan["sip-dokter"]

    def as_user(self, user_id):
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        if user_id is None:
            logout()
        else:
            login(self.portal, user_id)

    def as_manager(self):
        login(self.portal, TEST_USER_NAME)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def set_rows(self, permit, rows):
        permit.requirements = rows
        from zope.lifecycleevent import modified

        modified(permit)

    def post_form(self, form, data, uploads=None, authenticated=True):
        """Submit EasyForm's form view of ``form`` as a browser would."""
        request = self.layer["request"].clone()
        request.method = "POST"
        request["REQUEST_METHOD"] = "POST"
        alsoProvides(request, IBrowserLayer, IFormLayer, IAttributeAnnotatable)
        values = {f"form.widgets.{k}": v for k, v in data.items()}
        for name, file_upload in (uploads or {}).items():
            values[f"form.widgets.{name}"] = file_upload
        values["form.buttons.submit"] = "Ajukan permohonan"
        if authenticated:
            values["_authenticator"] = createToken()
        request.form.update(values)
        for key, value in values.items():
            request[key] = value
        setRequest(request)
        view = form.restrictedTraverse("@@view")
        view.request = request
        view.form_instance.request = request
        body = view()
        return view, request, body
