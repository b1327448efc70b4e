"""Citizen accounts: Plone's registration with our settings, member fields
and their checks, and the way back to the permit page."""

from email import message_from_bytes
from email import policy
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.users.browser.register import getRegisterSchema
from plone.app.users.browser.userdatapanel import getUserDataSchema
from plone.protect.authenticator import createToken
from Products.CMFPlone.tests.utils import MockMailHost
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.my_applications.base import CITIZEN_SERVER_TESTING
from tests.my_applications.base import session
from tests.workflow.base import NIK
from tests.workflow.base import setup_office
from urllib.parse import urlencode
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

import html
import re
import transaction
import unittest

BAD_NIK_MESSAGE = "NIK tidak valid: harus 16 angka sesuai KTP elektronik."
BAD_PHONE_MESSAGE = "Nomor telepon tidak valid untuk Indonesia."
REGISTRATION = {
    "form.widgets.fullname": "Dewi Lestari",
    "form.widgets.email": "dewi@example.org",
    "form.widgets.nik": NIK,
    "form.widgets.phone": "0812-3456-7890",
    "form.widgets.address": "Jl. Melati No. 5, Desa Sukamaju",
}


def reset_request(request):
    request.form.clear()
    request.other.pop("_register_schema", None)
    request.other.pop("_userdata_schema", None)
    request.response.setStatus(200)
    request.response.headers.pop("location", None)


class AccountCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        self.portal.MailHost = MockMailHost("MailHost")  # rolled back with the test
        api.portal.set_registry_record("plone.smtp_host", "localhost")
        setup_office(self.portal)
        logout()

    def post(self, view_name, form, context=None):
        reset_request(self.request)
        self.request.form.update(form)
        self.request.form["_authenticator"] = createToken()
        self.request.environ["REQUEST_METHOD"] = "POST"
        view = getMultiAdapter((context or self.portal, self.request), name=view_name)
        return html.unescape(view() or "")

    def register(self, **changes):
        form = {**REGISTRATION, "form.buttons.register": "Daftar"}
        for key, value in changes.items():
            name = f"form.widgets.{key}"
            if value is None:
                form.pop(name, None)
            else:
                form[name] = value
        return self.post("register", form)


class TestSettings(AccountCase):
    def test_security_settings(self):
        self.assertIs(api.portal.get_registry_record("plone.enable_self_reg"), True)
        self.assertIs(api.portal.get_registry_record("plone.use_email_as_login"), True)
        self.assertIs(api.portal.get_registry_record("plone.enable_user_pwd_choice"), False)

    def test_anonymous_may_register(self):
        roles = [
            r["name"]
            for r in self.portal.rolesOfPermission("Add portal member")
            if r["selected"] == "SELECTED"
        ]
        self.assertIn("Anonymous", roles)

    def test_member_properties(self):
        memberdata = api.portal.get_tool("portal_memberdata")
        for name in ("nik", "phone", "address", "ptsp_return_url"):
            self.assertTrue(memberdata.hasProperty(name), name)
        # Plone's own fields stay
        for name in ("description", "location", "home_page"):
            self.assertTrue(memberdata.hasProperty(name), name)

    def test_register_schema(self):
        schema = getRegisterSchema()
        for name in ("fullname", "email", "nik", "phone", "address"):
            self.assertIn(name, schema)
        self.assertNotIn("location", schema)
        self.assertEqual(schema["nik"].title, "NIK")

    def test_user_data_schema(self):
        login(self.portal, "budi")
        schema = getUserDataSchema()
        for name in ("fullname", "email", "nik", "phone", "address"):
            self.assertIn(name, schema)

    def test_accounts_made_with_a_user_name_keep_it(self):
        # the demo citizen and accounts created in code with a user name
        self.assertEqual(api.user.get(userid="budi").getUserName(), "budi")


class TestRegistration(AccountCase):
    def test_form_fields_without_password(self):
        reset_request(self.request)
        self.request.environ["REQUEST_METHOD"] = "GET"
        page = html.unescape(getMultiAdapter((self.portal, self.request), name="register")())
        for name in ("fullname", "email", "nik", "phone", "address"):
            self.assertIn(f'name="form.widgets.{name}"', page)
        self.assertNotIn('name="form.widgets.username"', page)
        self.assertNotIn('name="form.widgets.password"', page)
        self.assertIn("NIK", page)

    def test_register_mails_the_link_to_set_the_password(self):
        self.register()
        user = api.user.get(username="dewi@example.org")
        self.assertIsNotNone(user)
        self.assertEqual(user.getUserName(), "dewi@example.org")  # email is the login
        self.assertEqual(user.getId(), "dewi-lestari")  # Plone's id from the full name
        self.assertEqual(user.getProperty("fullname"), "Dewi Lestari")
        self.assertEqual(user.getProperty("nik"), NIK)
        self.assertEqual(user.getProperty("phone"), "0812-3456-7890")
        self.assertEqual(user.getProperty("address"), "Jl. Melati No. 5, Desa Sukamaju")
        self.assertEqual(len(self.portal.MailHost.messages), 1)
        message = message_from_bytes(self.portal.MailHost.messages[0], policy=policy.default)
        self.assertIn("dewi@example.org", message["To"])
        text = message.get_content()
        self.assertRegex(text, re.escape(self.portal.absolute_url()) + r"/passwordreset/\w+")

    def test_bad_nik_and_phone_refused_in_indonesian(self):
        page = self.register(nik="1234", phone="12345")
        self.assertIn(BAD_NIK_MESSAGE, page)
        self.assertIn(BAD_PHONE_MESSAGE, page)
        self.assertIsNone(api.user.get(username="dewi@example.org"))
        self.assertEqual(self.portal.MailHost.messages, [])

    def test_foreign_phone_refused(self):
        page = self.register(phone="+1 202 555 0143")
        self.assertIn(BAD_PHONE_MESSAGE, page)
        self.assertIsNone(api.user.get(username="dewi@example.org"))

    def test_applicant_fields_required_on_registration(self):
        page = self.register(nik=None, address="")
        # at each field and again in the error summary (phoneforms)
        self.assertEqual(page.count("Wajib diisi."), 4)
        self.assertEqual(page.count('href="#form-widgets-nik"'), 1)
        self.assertEqual(page.count('href="#form-widgets-address"'), 1)
        self.assertIsNone(api.user.get(username="dewi@example.org"))

    def test_came_from_returns_to_the_permit_page(self):
        permit_url = self.portal["layanan"]["sip-dokter"].absolute_url()
        form = {**REGISTRATION, "form.buttons.register": "Daftar", "came_from": permit_url}
        self.post("register", form)
        self.assertEqual(self.request.response.getHeader("location"), permit_url)
        self.assertIsNotNone(api.user.get(username="dewi@example.org"))

    def test_came_from_outside_the_site_ignored(self):
        form = {**REGISTRATION, "form.buttons.register": "Daftar", "came_from": "https://evil.example.com/"}
        self.post("register", form)
        self.assertIsNone(self.request.response.getHeader("location"))
        user = api.user.get(username="dewi@example.org")
        self.assertEqual(user.getProperty("ptsp_return_url"), "")

    def redirect_after_login(self, came_from=None):
        from plone.base.interfaces import IRedirectAfterLogin

        adapter = getMultiAdapter((self.portal, self.request), IRedirectAfterLogin)
        return adapter(came_from, True)

    def test_first_login_after_registering_goes_back_to_the_form(self):
        """The mailed link sets the password and logs in (no came_from any
        more): the citizen lands on the form they registered from, once."""
        form_url = self.portal["layanan"]["sip-dokter"].absolute_url() + "/formulir"
        self.post("register", {**REGISTRATION, "form.buttons.register": "Daftar", "came_from": form_url})
        self.assertIs(api.portal.get_registry_record("plone.autologin_after_password_reset"), True)
        user = api.user.get(username="dewi@example.org")
        self.assertEqual(user.getProperty("ptsp_return_url"), form_url)
        login(self.portal, user.getUserName())
        self.assertEqual(self.redirect_after_login(), form_url)
        self.assertEqual(self.redirect_after_login(), None)  # only once
        # an explicit came_from of a later login wins
        self.assertEqual(
            self.redirect_after_login("http://nohost/plone/berita"), "http://nohost/plone/berita"
        )


class TestPersonalInformation(AccountCase):
    def save(self, **widgets):
        login(self.portal, "budi")
        form = {
            "form.widgets.fullname": "Budi Santoso",
            "form.widgets.email": "budi@example.org",
            "form.buttons.save": "Simpan",
        }
        form.update({f"form.widgets.{k}": v for k, v in widgets.items()})
        return self.post("personal-information", form)

    def test_bad_nik_refused(self):
        page = self.save(nik="3201010101900", phone="0812 3456 7890")
        self.assertIn(BAD_NIK_MESSAGE, page)
        self.assertEqual(api.user.get(userid="budi").getProperty("nik"), "")

    def test_good_values_saved(self):
        self.save(nik=NIK, phone="0812 3456 7890", address="Jl. Merdeka No. 1")
        user = api.user.get(userid="budi")
        self.assertEqual(user.getProperty("nik"), NIK)
        self.assertEqual(user.getProperty("phone"), "0812 3456 7890")
        self.assertEqual(user.getProperty("address"), "Jl. Merdeka No. 1")

    def test_fields_stay_optional_for_other_accounts(self):
        # officers created by an administrator have no NIK; they can still save
        self.save(location="Kantor DPMPTSP")
        self.assertEqual(api.user.get(userid="budi").getProperty("location"), "Kantor DPMPTSP")


class TestApplyBox(AccountCase):
    def render(self, permit="sip-dokter"):
        reset_request(self.request)
        self.request.environ["REQUEST_METHOD"] = "GET"
        permit_type = self.portal["layanan"][permit]
        view = getMultiAdapter((permit_type, self.request), name="view")
        return html.unescape(view())

    def permit(self, online=True, with_form=False):
        """sip-dokter, online or not, with or without its form ``formulir``
        (which the EasyForm integration may already have created)."""
        permit_type = self.portal["layanan"]["sip-dokter"]
        permit_type.online = online
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, "test-user")
        if with_form and "formulir" not in permit_type:
            api.content.create(container=permit_type, type="EasyForm", id="formulir", title="Formulir")
        elif not with_form and "formulir" in permit_type:
            api.content.delete(permit_type["formulir"], check_linkintegrity=False)
        logout()
        return permit_type

    def test_anonymous_login_and_register_come_back(self):
        permit_type = self.permit()
        page = self.render()
        self.assertIn("<!-- apply box -->", page)
        self.assertIn("Ajukan permohonan", page)
        came_from = urlencode({"came_from": permit_type.absolute_url()})
        portal_url = self.portal.absolute_url()
        self.assertIn(f'href="{portal_url}/login?{came_from}"', page)
        self.assertIn(f'href="{portal_url}/@@register?{came_from}"', page)
        self.assertIn(f'href="{portal_url}/@@lacak"', page)
        self.assertNotIn("/formulir", page)

    def test_member_gets_the_form(self):
        permit_type = self.permit(with_form=True)
        login(self.portal, "budi")
        page = self.render()
        self.assertIn(f'href="{permit_type.absolute_url()}/formulir"', page)
        self.assertIn("/@@permohonan-saya", page)
        self.assertNotIn("/login?came_from", page)

    def test_anonymous_login_and_register_lead_to_the_form(self):
        permit_type = self.permit(with_form=True)
        page = self.render()
        came_from = urlencode({"came_from": permit_type.absolute_url() + "/formulir"})
        portal_url = self.portal.absolute_url()
        self.assertIn(f'href="{portal_url}/login?{came_from}"', page)
        self.assertIn(f'href="{portal_url}/@@register?{came_from}"', page)

    def test_member_without_form(self):
        self.permit(with_form=False)
        login(self.portal, "budi")
        page = self.render()
        self.assertNotIn("/formulir", page)
        self.assertIn("Formulir daring untuk layanan ini belum tersedia", page)

    def test_counter_only_permit(self):
        self.permit(online=False)
        page = self.render()
        self.assertNotIn("/login?came_from", page)
        self.assertIn("diajukan langsung di loket", page)
        self.assertIn("/@@lacak", page)

    def test_no_register_link_without_self_registration(self):
        self.permit()
        api.portal.set_registry_record("plone.enable_self_reg", False)
        page = self.render()
        self.assertNotIn("@@register", page)
        self.assertIn("/login?came_from", page)


class TestRegistrationOverHttp(unittest.TestCase):
    """The real form, anonymous, through the WSGI server."""

    layer = CITIZEN_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.portal.MailHost = MockMailHost("MailHost")
        api.portal.set_registry_record("plone.smtp_host", "localhost")
        setup_office(self.portal)
        transaction.commit()

    def test_register_form_keeps_came_from(self):
        http = session(self, self.portal, api=False)
        http.headers["Accept"] = "text/html"
        permit_url = self.portal["layanan"]["sip-dokter"].absolute_url()
        response = http.get("@@register", params={"came_from": permit_url})
        self.assertEqual(response.status_code, 200)
        page = html.unescape(response.text)
        self.assertIn('name="form.widgets.nik"', page)
        self.assertRegex(page, r'<input[^>]*name="came_from"[^>]*value="' + re.escape(permit_url))
