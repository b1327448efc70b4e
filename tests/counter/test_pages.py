"""The counter's pages on the integration site: the permit type's own form
submitted at the counter (the same questions and upload checks), and who
may open @@loket."""

from AccessControl import Unauthorized
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.protect.authenticator import createToken
from ptsp_portal.audit import store
from ptsp_portal.forms.action import APPLICATION_KEY
from ptsp_portal.interfaces import IBrowserLayer
from tests.forms import files
from tests.forms.base import OfficeTestCase
from tests.forms.base import upload
from tests.workflow.base import add_user
from z3c.form.interfaces import IFormLayer
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.globalrequest import setRequest
from zope.interface import alsoProvides

WALK_IN = {
    "applicant_name": "Sulastri Wulandari",
    "applicant_nik": "3201015507850003",
    "applicant_phone": "0812-7777-1234",
    "applicant_address": "Dusun Krajan RT 02 RW 01, Desa Sukamaju",
}


class TestLoketForm(OfficeTestCase):
    def setUp(self):
        super().setUp()
        add_user("loket", "Lina Loket", ["ptsp-frontoffice"])
        self.form = self.permit["formulir"]

    def post(self, data, uploads, button=True, view_name="@@loket-formulir", raw=None):
        request = self.layer["request"].clone()
        request.method = "POST"
        request["REQUEST_METHOD"] = "POST"
        alsoProvides(request, IBrowserLayer, IFormLayer, IAttributeAnnotatable)
        values = {f"form.widgets.{k}": v for k, v in data.items()}
        for name, file_upload in uploads.items():
            values[f"form.widgets.{name}"] = file_upload
        if button:
            values["form.buttons.submit"] = "Ajukan permohonan"
        values["_authenticator"] = createToken()
        values.update(raw or {})
        request.form.update(values)
        for key, value in values.items():
            request[key] = value
        setRequest(request)
        view = self.form.restrictedTraverse(view_name)
        view.request = request
        view.form_instance.request = request
        body = view()
        return view, request, body

    def test_walk_in_without_email(self):
        self.as_user("loket")
        uploads = {"ktp": upload(files.jpeg(), "ktp.jpg", "image/jpeg")}
        view, request, body = self.post(WALK_IN, uploads)
        errors = [e.message for e in view.form_instance.widgets.errors]
        self.assertEqual(errors, [])
        application = request.get(APPLICATION_KEY)
        self.assertIsNotNone(application, body[:2000])
        self.assertIn(application.tracking_number, body)
        self.assertIn(view.claim_code, body)
        self.assertEqual((application.channel, application.filed_by), ("counter", "loket"))
        self.assertEqual(application.applicant_email, "")
        self.assertEqual(list(application.users_with_local_role("Owner")), [])

    def test_same_upload_checks(self):
        self.as_user("loket")
        uploads = {"ktp": upload(b"MZ\x90\x00 program", "ktp.jpg", "image/jpeg")}
        view, request, body = self.post(WALK_IN, uploads)
        self.assertIsNone(request.get(APPLICATION_KEY))
        found = self.portal.portal_catalog.unrestrictedSearchResults(portal_type="PermitApplication")
        self.assertEqual(len(found), 0)

    def test_citizen_cannot_open_the_counter(self):
        self.as_user("budi")
        with self.assertRaises(Unauthorized):
            self.form.restrictedTraverse("@@loket-formulir")
        with self.assertRaises(Unauthorized):
            self.portal.restrictedTraverse("@@loket")

    def test_lookup_by_nik_prefills_and_is_logged(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.user.get(userid="siti").setMemberProperties(
            {"nik": "3201014107920005", "phone": "0813-1111-2222", "address": "Jl. Melati 2"}
        )
        from ptsp_portal.accounts import nik_claims

        nik_claims.fill_from_members()
        self.as_user("loket")
        request = self.layer["request"]
        request.method = "POST"
        request.form["nik"] = "3201014107920005"
        page = self.portal.restrictedTraverse("@@loket")()
        self.assertIn("Siti Aminah", page)
        rows = store.query({"action": "lookup", "user_id": "loket"})
        self.assertTrue(rows and "320101******0005" in rows[0]["detail"], rows)
        # the form opened from it holds the account's values, not the officer's
        view, request, body = self.post({}, {}, button=False, raw={"nik": "3201014107920005"})
        self.assertIn('value="Siti Aminah"', body)
        self.assertNotIn('value="Lina Loket"', body)
        self.assertNotIn("invalid-feedback", body)  # an opening, not a submission
