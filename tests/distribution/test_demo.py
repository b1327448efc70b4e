"""The demo site's accounts, mail and guide; and a site for a real office
(``SETUP_CONTENT=false``) that has the office but none of the demo."""

from plone import api
from plone.testing.zope import Browser
from ptsp_portal.accounts import registration
from ptsp_portal.demo import accounts
from ptsp_portal.demo import mail
from ptsp_portal.testing import DISTRIBUTION_TESTING
from ptsp_portal.testing import OFFICE_SITE_ID
from ptsp_portal.testing import SITE_ID
from zope.component.hooks import setSite

import transaction
import unittest


def delete_accounts(*logins):
    with api.env.adopt_roles(["Manager"]):
        for login in logins or [account.login for account in accounts.DEMO_ACCOUNTS]:
            api.user.delete(username=login)


def authenticates(portal, login, password):
    credentials = {"login": login, "password": password}
    return portal.acl_users.source_users.authenticateCredentials(credentials) is not None


GROUPS = ("ptsp-verifiers", "ptsp-reviewers", "ptsp-approvers", "ptsp-officers", "ptsp-editors")


class SiteCase(unittest.TestCase):
    layer = DISTRIBUTION_TESTING
    site_id = SITE_ID

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.app[self.site_id]
        setSite(self.portal)

    def browser(self):
        browser = Browser(self.app)
        browser.handleErrors = False
        return browser

    def status_of(self, url):
        browser = self.browser()
        browser.raiseHttpErrors = False
        browser.handleErrors = True
        browser.open(url)
        return int(browser.headers["status"].split()[0]), browser.contents


class TestDemoAccounts(SiteCase):
    def test_one_account_per_role_in_its_group(self):
        self.assertEqual(
            [(a.login, a.group) for a in accounts.DEMO_ACCOUNTS],
            [
                ("warga-contoh", None),
                ("verifikator-contoh", "ptsp-verifiers"),
                ("peninjau-contoh", "ptsp-reviewers"),
                ("penyetuju-contoh", "ptsp-approvers"),
                ("editor-contoh", "ptsp-editors"),
                ("penanganan-contoh", "ptsp-complaint-handlers"),
                ("loket-contoh", "ptsp-frontoffice"),
                ("kasir-contoh", "ptsp-cashiers"),
            ],
        )
        for account in accounts.DEMO_ACCOUNTS:
            user = api.user.get(username=account.login)
            self.assertIsNotNone(user, account.login)
            self.assertEqual(user.getProperty("email"), account.email)
            groups = {group.getId() for group in api.group.get_groups(user=user)}
            if account.group:
                self.assertIn(account.group, groups)
            # no account is more than its role: no Manager, no Site Administrator
            self.assertFalse({"Manager", "Site Administrator"} & set(user.getRoles()), account.login)
        self.assertEqual(accounts.existing_demo_accounts(), list(accounts.DEMO_ACCOUNTS))
        self.assertTrue(accounts.is_demo())

    def test_roles_where_they_work(self):
        permohonan = self.portal["permohonan"]
        for login, role in (
            ("verifikator-contoh", "Verifier"),
            ("peninjau-contoh", "TechnicalReviewer"),
            ("penyetuju-contoh", "Approver"),
        ):
            self.assertIn(role, api.user.get_roles(username=login, obj=permohonan), login)
        self.assertIn("Editor", api.user.get_roles(username="editor-contoh", obj=self.portal["layanan"]))
        for login in ("warga-contoh", "editor-contoh"):
            self.assertFalse(
                {"Verifier", "TechnicalReviewer", "Approver"}
                & set(api.user.get_roles(username=login, obj=permohonan))
            )

    def test_citizen_has_what_registration_asks(self):
        user = api.user.get(username="warga-contoh")
        self.assertEqual(user.getProperty("fullname"), "Budi Santoso")
        self.assertEqual(user.getProperty("nik"), accounts.CITIZEN_PROPERTIES["nik"])
        self.assertTrue(user.getProperty("phone"))
        self.assertTrue(user.getProperty("address"))

    def test_demo_steps_taken_by_the_demo_officers(self):
        brains = self.portal.portal_catalog.unrestrictedSearchResults(
            portal_type="PermitApplication", review_state="issued"
        )
        application = brains[0]._unrestrictedGetObject()
        history = application.workflow_history["ptsp_application_workflow"]
        actors = {entry["action"]: entry["actor"] for entry in history if entry.get("action")}
        self.assertEqual(actors["accept"], "verifikator-contoh")
        self.assertEqual(actors["recommend"], "peninjau-contoh")
        self.assertEqual(actors["approve"], "penyetuju-contoh")

    def test_new_passwords(self):
        passwords = accounts.new_passwords(accounts.DEMO_ACCOUNTS)
        self.assertEqual(sorted(passwords), sorted(a.login for a in accounts.DEMO_ACCOUNTS))
        self.assertEqual(len(set(passwords.values())), len(passwords))
        for login, password in passwords.items():
            self.assertGreaterEqual(len(password), 16)
            self.assertTrue(authenticates(self.portal, login, password), login)
        again = accounts.new_passwords([accounts.VERIFIER])
        self.assertNotEqual(again["verifikator-contoh"], passwords["verifikator-contoh"])
        self.assertFalse(authenticates(self.portal, "verifikator-contoh", passwords["verifikator-contoh"]))
        self.assertTrue(authenticates(self.portal, "verifikator-contoh", again["verifikator-contoh"]))
        # an account the site does not have gets none
        delete_accounts("editor-contoh")
        self.assertNotIn("editor-contoh", accounts.new_passwords(accounts.DEMO_ACCOUNTS))


class TestDemoMail(SiteCase):
    def test_mailhost_points_at_the_catcher_with_a_sender(self):
        self.assertEqual(api.portal.get_registry_record("plone.smtp_host"), "127.0.0.1")
        self.assertEqual(api.portal.get_registry_record("plone.smtp_port"), mail.demo_mail_port())
        self.assertEqual(api.portal.get_registry_record("plone.email_from_address"), mail.SENDER)
        self.assertEqual(api.portal.get_registry_record("plone.email_from_name"), self.portal.Title())
        self.assertEqual(mail.demo_catcher_port(), mail.demo_mail_port())
        self.assertTrue(registration.mail_configured())
        self.assertFalse(registration.registration_unavailable())

    def test_no_catcher_once_the_demo_accounts_are_gone(self):
        delete_accounts()
        self.assertFalse(accounts.is_demo())
        self.assertIsNone(mail.demo_catcher_port())

    def test_no_catcher_for_a_real_server(self):
        api.portal.set_registry_record("plone.smtp_host", "smtp.kabupaten.go.id")
        self.assertIsNone(mail.demo_catcher_port())


class TestGuide(SiteCase):
    def test_front_page_links_the_guide(self):
        browser = self.browser()
        browser.open(self.portal.absolute_url())
        link = browser.getLink("Coba portal ini")
        self.assertEqual(link.url, f"{self.portal.absolute_url()}/@@coba-portal")

    def test_guide_lists_the_accounts_that_exist(self):
        delete_accounts("editor-contoh")
        transaction.commit()
        browser = self.browser()
        browser.open(f"{self.portal.absolute_url()}/@@coba-portal")
        html = browser.contents
        for login in ("warga-contoh", "verifikator-contoh", "peninjau-contoh", "penyetuju-contoh"):
            self.assertIn(f'data-login="{login}"', html)
        self.assertNotIn('data-login="editor-contoh"', html)
        self.assertNotIn("editor-contoh", html)
        for text in ("Verifikator", "Peninjau teknis", "Penyetuju", "Warga (pemohon)"):
            self.assertIn(text, html)
        self.assertNotIn("sandi:", html)

    def test_guide_links_the_five_things(self):
        browser = self.browser()
        browser.open(f"{self.portal.absolute_url()}/@@coba-portal")
        for anchor in ("coba-baca", "coba-ajukan", "coba-proses", "coba-verifikasi", "coba-lacak"):
            self.assertIn(f'id="{anchor}"', browser.contents)
        browser.getLink("Verifikasi izin contoh").click()
        self.assertIn("/@@verifikasi/", browser.url)
        self.assertIn("Berlaku", browser.contents)
        browser.open(f"{self.portal.absolute_url()}/@@coba-portal")
        browser.getLink("Lacak permohonan").click()
        self.assertIn("@@lacak?nomor=", browser.url)
        self.assertIn("ptsp-tracking-result", browser.contents)

    def test_no_guide_once_the_demo_accounts_are_gone(self):
        delete_accounts()
        transaction.commit()
        status, _html = self.status_of(f"{self.portal.absolute_url()}/@@coba-portal")
        self.assertEqual(status, 404)
        browser = self.browser()
        browser.open(self.portal.absolute_url())
        self.assertNotIn("coba-portal", browser.contents)


class TestOfficeSite(SiteCase):
    """``SETUP_CONTENT=false``: the site for a real office."""

    site_id = OFFICE_SITE_ID

    def test_no_demo_account(self):
        acl_users = self.portal.acl_users
        for account in accounts.DEMO_ACCOUNTS:
            self.assertIsNone(acl_users.getUserById(account.login), account.login)
            self.assertIsNone(api.user.get(username=account.login))
        self.assertFalse(accounts.is_demo())

    def test_no_demo_content(self):
        catalog = self.portal.portal_catalog
        for portal_type in ("PermitType", "Regulation", "News Item", "PermitApplication"):
            self.assertEqual(len(catalog.unrestrictedSearchResults(portal_type=portal_type)), 0, portal_type)

    def test_the_office_is_there(self):
        for name in ("layanan", "regulasi", "berita", "permohonan"):
            self.assertIn(name, self.portal.objectIds())
            self.assertEqual(list(self.portal[name].objectIds()), [], name)
        self.assertEqual(self.portal.getLayout(), "beranda")
        self.assertEqual(self.portal["layanan"].getLayout(), "permit-catalogue")
        self.assertEqual(self.portal["permohonan"]._ordering, "unordered")
        for group in GROUPS:
            self.assertIsNotNone(api.group.get(groupname=group), group)
        roles = dict(self.portal["permohonan"].get_local_roles())
        self.assertIn("Verifier", roles["ptsp-verifiers"])
        self.assertIn("Approver", roles["ptsp-approvers"])
        self.assertIn("Editor", dict(self.portal["layanan"].get_local_roles())["ptsp-editors"])
        self.assertEqual(api.content.get_state(self.portal["permohonan"]), "private")

    def test_no_demo_mail_and_no_catcher(self):
        self.assertFalse(api.portal.get_registry_record("plone.email_from_address"))
        self.assertNotEqual(api.portal.get_registry_record("plone.smtp_port"), mail.demo_mail_port())
        self.assertIsNone(mail.demo_catcher_port())
        self.assertFalse(registration.mail_configured())

    def test_no_guide(self):
        status, _html = self.status_of(f"{self.portal.absolute_url()}/@@coba-portal")
        self.assertEqual(status, 404)
        browser = self.browser()
        browser.open(self.portal.absolute_url())
        self.assertNotIn("coba-portal", browser.contents)
        self.assertNotIn("Ini situs demo", browser.contents)


class TestRegistrationWithoutMail(SiteCase):
    """No mail on a production site: registration says so, in Indonesian."""

    site_id = OFFICE_SITE_ID
    ADDRESS = "Jl. Pemuda No. 1, Kota Nyata\nTelepon (0271) 123456, dpmptsp@nyata.go.id"

    def setUp(self):
        super().setUp()
        api.portal.set_registry_record("ptsp_portal.office_name", "Dinas Penanaman Modal dan PTSP")
        api.portal.set_registry_record("ptsp_portal.office_address", self.ADDRESS)
        with api.env.adopt_roles(["Manager"]):
            self.permit = api.content.create(
                container=self.portal["layanan"],
                type="PermitType",
                id="izin-reklame",
                title="Izin Reklame",
                code="REK",
                online=True,
            )
            api.content.transition(self.permit, "publish")
        transaction.commit()

    def test_register_page_in_indonesian_with_the_office_contact(self):
        self.assertTrue(registration.registration_unavailable())
        browser = self.browser()
        browser.open(f"{self.portal.absolute_url()}/@@register")
        html = browser.contents
        self.assertIn("Pendaftaran akun belum tersedia", html)
        self.assertIn("Telepon (0271) 123456, dpmptsp@nyata.go.id", html)
        self.assertIn("Dinas Penanaman Modal dan PTSP", html)
        self.assertNotIn("valid email setup", html)
        self.assertNotIn('name="form.buttons.register"', html)

    def test_login_page_sign_up_leads_there(self):
        browser = self.browser()
        browser.open(f"{self.portal.absolute_url()}/login")
        browser.getLink(url="@@register").click()
        self.assertIn("Pendaftaran akun belum tersedia", browser.contents)

    def test_permit_page_says_so_instead_of_the_link(self):
        browser = self.browser()
        browser.open(self.permit.absolute_url())
        html = browser.contents
        self.assertNotIn("ptsp-apply-register", html)
        self.assertNotIn("Daftar akun baru", html)
        self.assertIn("Pendaftaran akun secara daring belum tersedia", html)
        self.assertIn("dpmptsp@nyata.go.id", html)

    def test_with_mail_set_registration_is_open(self):
        api.portal.set_registry_record("plone.email_from_address", "ptsp@nyata.go.id")
        transaction.commit()
        self.assertFalse(registration.registration_unavailable())
        browser = self.browser()
        browser.open(self.permit.absolute_url())
        self.assertIn("ptsp-apply-register", browser.contents)
        self.assertNotIn("Pendaftaran akun secara daring belum tersedia", browser.contents)
        browser.getLink("Daftar akun baru").click()
        self.assertIn('name="form.buttons.register"', browser.contents)
        self.assertNotIn("Pendaftaran akun belum tersedia", browser.contents)

    def test_registration_refused_when_self_registration_is_off(self):
        api.portal.set_registry_record("plone.enable_self_reg", False)
        transaction.commit()
        self.assertFalse(registration.registration_unavailable())
        browser = self.browser()
        browser.open(self.permit.absolute_url())
        self.assertNotIn("ptsp-apply-register", browser.contents)
        self.assertNotIn("Pendaftaran akun secara daring belum tersedia", browser.contents)
        browser.raiseHttpErrors = False
        browser.handleErrors = True
        browser.open(f"{self.portal.absolute_url()}/@@register")
        # Plone's login form: anonymous may not register at all
        self.assertNotIn("Pendaftaran akun belum tersedia", browser.contents)
        self.assertIn("__ac_password", browser.contents)
