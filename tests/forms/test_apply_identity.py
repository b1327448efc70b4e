"""An application belongs to a verified account (issue 12, §3), over HTTP on
the demo site: the account's name, NIK and email win over the body's and
mail goes only to the account's address; filing for somebody else needs a
surat kuasa; the contract's keys are reserved; limits per account."""

from aiosmtpd.controller import Controller
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from Products.MailHost.MailHost import MailHost
from tests.forms.test_rest import document
from tests.forms.test_rest import PERMIT
from tests.forms.test_rest import RestTestCase
from tests.notifications.test_smtp import Collector
from tests.notifications.test_smtp import free_port
from tests.security.test_permit_form_security import with_field

import time
import transaction

ACCOUNT_NIK = "3201014506900002"
ACCOUNT_EMAIL = "warga-ber-nik@example.org"
OTHER = {
    "applicant_name": "Orang Lain",
    "applicant_nik": "3201010101900001",
    "applicant_email": "korban@example.org",
}
REPRESENTED = {
    "nik": "3201010101900001",
    "name": "Siti Aminah",
    "phone": "0813-1111-2222",
    "address": "Jl. Melati No. 2, Kabupaten Contoh",
}


class IdentityTestCase(RestTestCase):
    USERS = {
        "warga-a": (),
        "warga-c": (),
        "warga-d": (),
        "warga-e": (),
        "verifikator": ("ptsp-verifiers", "ptsp-officers"),
    }

    def setUp(self):
        super().setUp()
        member = api.user.get(username="warga-nik")
        if member is None:
            member = api.user.create(
                email=ACCOUNT_EMAIL,
                username="warga-nik",
                password=self.password(),
                properties={"fullname": "Dewi Lestari", "nik": ACCOUNT_NIK},
            )
        transaction.commit()

    def password(self):
        from tests.base import PASSWORD

        return PASSWORD

    def page(self, user_id, url):
        response = self.session(user_id, api=False).get(url)
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.text


class TestAccountWins(IdentityTestCase):
    def setUp(self):
        super().setUp()
        self.collector = Collector()
        port = free_port()
        self.smtpd = Controller(self.collector, hostname="127.0.0.1", port=port)
        self.smtpd.start()
        self.addCleanup(self.smtpd.stop)
        if not isinstance(self.portal.MailHost, MailHost):
            self.portal._delObject("MailHost")
            self.portal._setObject("MailHost", MailHost("MailHost"))
        api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
        api.portal.set_registry_record("plone.smtp_port", port)
        previous = api.portal.get_registry_record("plone.email_from_address")
        api.portal.set_registry_record("plone.email_from_address", "ptsp@example.org")
        transaction.commit()

        def restore():
            api.portal.get_tool("portal_registry")["plone.email_from_address"] = previous
            transaction.commit()

        self.addCleanup(restore)

    def verifiers(self):
        """The verifiers' addresses (their task mail), the demo's included."""
        return {user.getProperty("email") for user in api.user.get_users(groupname="ptsp-verifiers")}

    def received(self, seconds=10):
        """Every recipient the SMTP server got mail for (mail is sent after commit)."""
        deadline = time.time() + seconds
        while time.time() < deadline and not self.collector.envelopes:
            time.sleep(0.1)
        time.sleep(0.3)
        return {address for rcpt, _message in self.collector.take() for address in rcpt}

    def test_account_values_override_the_body_and_mail_goes_to_the_account(self):
        session = self.session("warga-nik")
        response = self.post(session, self.payload(session, **OTHER))
        self.assertEqual(response.status_code, 201, response.text)
        application = self.get(response.json()["@id"])
        self.assertEqual(application.applicant_nik, ACCOUNT_NIK)
        self.assertEqual(application.applicant_email, ACCOUNT_EMAIL)
        self.assertEqual(application.applicant_name, "Dewi Lestari")
        self.assertTrue(application.applicant_nik_verified)
        self.assertEqual(application.filed_by, "warga-nik")
        self.assertEqual(application.channel, "online")
        # the applicant's mail goes to the account; the officer is told too
        self.assertEqual(self.received() - self.verifiers(), {ACCOUNT_EMAIL})
        page = self.page("verifikator", application.absolute_url())
        self.assertNotIn("NIK belum terverifikasi", page)

    def test_account_without_nik_files_unverified(self):
        session = self.session("warga-a")
        response = self.post(session, self.payload(session, **OTHER))
        self.assertEqual(response.status_code, 201, response.text)
        application = self.get(response.json()["@id"])
        self.assertEqual(application.applicant_nik, OTHER["applicant_nik"])
        self.assertEqual(application.applicant_email, "warga-a@example.org")
        self.assertFalse(application.applicant_nik_verified)
        self.assertEqual(self.received() - self.verifiers(), {"warga-a@example.org"})
        page = self.page("verifikator", application.absolute_url())
        self.assertIn("NIK belum terverifikasi", page)

    def post(self, session, body):
        return session.post(f"{PERMIT}/@apply", json=body)


class TestOnBehalfOf(IdentityTestCase):
    def post(self, user_id, body):
        return self.session(user_id).post(f"{PERMIT}/@apply", json=body)

    def test_without_power_of_attorney_400_and_nothing_stored(self):
        before = len(self.applications())
        session = self.session("warga-nik")
        response = self.post("warga-nik", self.payload(session, on_behalf_of=REPRESENTED))
        self.assertEqual(response.status_code, 400, response.text)
        fields = {e["field"] for e in response.json()["error"]["errors"]}
        self.assertIn("power_of_attorney", fields)
        self.assertEqual(len(self.applications()), before)

    def test_with_power_of_attorney_both_are_shown_to_the_officer(self):
        session = self.session("warga-nik")
        from tests.forms import files

        body = self.payload(
            session,
            on_behalf_of=REPRESENTED,
            power_of_attorney=document(files.pdf(), "kuasa.pdf", "application/pdf"),
        )
        response = self.post("warga-nik", body)
        self.assertEqual(response.status_code, 201, response.text)
        application = self.get(response.json()["@id"])
        self.assertEqual(application.on_behalf_of["name"], "Siti Aminah")
        self.assertEqual(application.on_behalf_of["phone"], "+6281311112222")
        self.assertEqual(application.filed_by, "warga-nik")
        self.assertIn("power_of_attorney", application.objectIds())
        page = self.page("verifikator", application.absolute_url())
        self.assertIn("Siti Aminah", page)  # the person represented
        self.assertIn(REPRESENTED["nik"], page)
        self.assertIn("Dewi Lestari", page)  # the filer
        self.assertIn("warga-nik", page)
        self.assertIn("kuasa.pdf", page)

    def test_reserved_keys(self):
        session = self.session("warga-nik")
        for extra, field in (
            ({"draft": "ya"}, "draft"),
            ({"draft_id": "x"}, "draft_id"),
            ({"channel": "counter"}, "channel"),
            ({"filed_by": "warga-a"}, "filed_by"),
            ({"on_behalf_of": "Siti"}, "on_behalf_of"),
        ):
            with self.subTest(field=field):
                response = self.post("warga-nik", self.payload(session, **extra))
                self.assertEqual(response.status_code, 400, response.text)
                errors = {e["field"]: e["message"] for e in response.json()["error"]["errors"]}
                self.assertIn(field, errors)
        # a draft id that is not the account's own is not found (issue 17)
        response = self.post("warga-nik", self.payload(session, draft_id="x"))
        self.assertIn("Draf tidak ditemukan", response.text)

    def test_form_question_with_a_reserved_id_is_refused(self):
        form_path = f"{PERMIT}/formulir"
        self.portal._p_jar.sync()
        before = self.portal.unrestrictedTraverse(form_path).fields_model
        for name in ("channel", "on_behalf_of", "draft"):
            question = (
                f'<field name="{name}" type="zope.schema.TextLine">'
                "<title>Pertanyaan</title><required>False</required></field>"
            )
            response = self.session(SITE_OWNER_NAME).patch(
                form_path, json={"fields_model": with_field(before, question)}
            )
            self.assertEqual(response.status_code, 400, response.text)
            self.assertIn(name, response.text)
        self.portal._p_jar.sync()
        self.assertEqual(self.portal.unrestrictedTraverse(form_path).fields_model, before)


class TestLimits(IdentityTestCase):
    def set_limits(self, pending, per_day):
        previous = (
            api.portal.get_registry_record("ptsp_portal.max_pending_per_account"),
            api.portal.get_registry_record("ptsp_portal.max_submissions_per_day"),
        )
        api.portal.set_registry_record("ptsp_portal.max_pending_per_account", pending)
        api.portal.set_registry_record("ptsp_portal.max_submissions_per_day", per_day)
        transaction.commit()

        def restore():
            api.portal.set_registry_record("ptsp_portal.max_pending_per_account", previous[0])
            api.portal.set_registry_record("ptsp_portal.max_submissions_per_day", previous[1])
            transaction.commit()

        self.addCleanup(restore)

    def post(self, user_id):
        session = self.session(user_id)
        return session.post(f"{PERMIT}/@apply", json=self.payload(session))

    def test_defaults(self):
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.max_pending_per_account"), 50)
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.max_submissions_per_day"), 50)

    def assert_429(self, response, words):
        self.assertEqual(response.status_code, 429, response.text)
        self.assertGreater(int(response.headers["Retry-After"]), 0)
        self.assertIn(words, response.json()["error"]["message"])

    def test_submissions_per_day(self):
        self.set_limits(0, 1)
        self.assertEqual(self.post("warga-c").status_code, 201)
        before = len(self.applications())
        self.assert_429(self.post("warga-c"), "per hari")
        self.assertEqual(len(self.applications()), before)
        # another account is not affected
        self.assertEqual(self.post("warga-e").status_code, 201)

    def test_pending_per_account(self):
        self.set_limits(1, 0)
        self.assertEqual(self.post("warga-d").status_code, 201)
        self.assert_429(self.post("warga-d"), "sedang diproses")
