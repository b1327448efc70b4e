"""A newcomer on the demo site, as ``make start`` leaves it (issue 13): the
guide "Coba portal ini" lists the demo accounts; a citizen registers on a
phone, opens the confirmation mail in the demo inbox (the real catcher of
scripts/demo, on loopback) and sets a password from its link, applies, and
reads the notification; each demo officer logs in with the password make
site made and takes the file one step, to an issued permit; the editor
edits news and is refused the application; and every mail the portal sent
is in the inbox, in Indonesian."""

from playwright.sync_api import expect
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from plone.testing.zope import logout
from Products.MailHost.MailHost import MailHost
from ptsp_portal.applications.intake import application_id
from ptsp_portal.demo import accounts
from ptsp_portal.demo.mail import INBOX_URL_VARIABLE
from ptsp_portal.demo.mail import use_demo_mail
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from scripts.demo.catcher import Catcher
from scripts.demo.inbox import body_text
from scripts.demo.inbox import Inbox
from scripts.demo.inbox import recipients
from tests.browser.base import BrowserMixin
from tests.browser.base import PHONE
from tests.forms import files
from tests.notifications.test_smtp import free_port
from unittest import mock
from zope.component.hooks import setSite

import os
import re
import tempfile
import time
import transaction
import unittest

PERMIT_TYPE = "surat-izin-praktik-dokter"
EMAIL = "sari.wulandari@example.org"
NIK = "3201014506900002"
PASSWORD = "Sandi-Warga-2026"
DESKTOP = {"width": 1280, "height": 900}
# words of Plone's and our mails in English: none may reach a citizen
ENGLISH = re.compile(r"\b(Dear|Welcome|password|Please|Your|account|click|Regards)\b")


class TestNewcomer(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING
    viewport = PHONE

    def setUp(self):
        app = self.layer["app"]
        self.portal = app[SITE_ID]
        self.site_url = self.portal.absolute_url()
        setSite(self.portal)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.catcher = Catcher(os.path.join(tmp.name, "demo-mail"), free_port(), free_port()).start()
        self.addCleanup(self.catcher.stop)
        self.inbox = Inbox(self.catcher.maildir)
        patcher = mock.patch.dict(os.environ, {INBOX_URL_VARIABLE: self.catcher.inbox_url})
        patcher.start()
        self.addCleanup(patcher.stop)
        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            # the layer keeps mail in memory; make start's site sends to the catcher
            self.portal._delObject("MailHost")
            self.portal._setObject("MailHost", MailHost("MailHost"))
            use_demo_mail(self.portal, port=self.catcher.smtp_port)
            # what make site does for a new demo site
            self.passwords = accounts.new_passwords(accounts.DEMO_ACCOUNTS)
            self.permit = self.portal["layanan"][PERMIT_TYPE]
            self.rows = [r for r in self.permit.requirements if r.get("required")]
            transaction.commit()
        finally:
            logout()

    # --- helpers ---------------------------------------------------------

    def open_mail(self, page, address, subject_part, timeout=20):
        """In the demo inbox: the newest mail to ``address`` whose subject
        has ``subject_part``, opened by clicking it."""
        deadline = time.time() + timeout
        while True:
            page.goto(f"{self.catcher.inbox_url}?kepada={address}")
            link = page.locator("a.subject", has_text=subject_part)
            if link.count():
                break
            if time.time() > deadline:
                self.fail(f"no mail to {address} about {subject_part!r}: {page.locator('body').inner_text()}")
            time.sleep(0.3)
        self.assert_fits_phone(page)
        with page.expect_navigation():
            link.first.click()
        expect(page.locator("h1")).to_contain_text(subject_part)
        return page.locator("pre.body")

    def assert_fits_phone(self, page):
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"], page.url)

    def log_in(self, login_name, password, viewport=DESKTOP):
        self.viewport = viewport
        page = self.new_page()
        page.goto(f"{self.site_url}/login")
        page.locator("#__ac_name").fill(login_name)
        page.locator("#__ac_password").fill(password)
        with page.expect_navigation():
            page.locator("[name='buttons.login']").click()
        expect(page.locator("#__ac_password")).to_have_count(0)
        return page

    def act(self, page, action, comment=""):
        page.locator("#ptsp-comment").fill(comment)
        with page.expect_navigation():
            page.locator(f"button[name=workflow_action][value={action}]").click()

    # --- the visit ---------------------------------------------------------

    def test_newcomer_end_to_end(self):
        page = self.new_page()

        # the front page of a demo leads to the guide, which names every account
        page.goto(self.site_url)
        with page.expect_navigation():
            page.locator(".ptsp-demo-guide").click()
        expect(page.locator("h1")).to_have_text("Coba portal ini")
        rows = page.locator(".ptsp-demo-accounts tbody tr")
        expect(rows).to_have_count(len(accounts.DEMO_ACCOUNTS))
        for account in accounts.DEMO_ACCOUNTS:
            expect(page.locator(f"tr[data-login='{account.login}']")).to_contain_text(str(account.role))
        expect(page.locator(".ptsp-inbox a")).to_have_attribute("href", self.catcher.inbox_url)
        expect(page.locator("body")).not_to_contain_text(self.passwords["warga-contoh"])
        self.assert_fits_phone(page)

        # 1. read a permit, register from its apply box, on the phone
        with page.expect_navigation():
            page.locator("#coba-baca a").click()
        expect(page.locator("h1")).to_have_text(self.permit.Title())
        with page.expect_navigation():
            page.locator(".ptsp-apply-register").click()
        page.locator("#form-widgets-fullname").fill("Sari Wulandari")
        page.locator("#form-widgets-email").fill(EMAIL)
        page.locator("#form-widgets-nik").fill(NIK)
        page.locator("#form-widgets-phone").fill("0813 2222 3333")
        page.locator("#form-widgets-address").fill("Jl. Kenanga No. 7, Desa Sukamaju, Kecamatan Contoh")
        with page.expect_navigation():
            page.locator("[name='form.buttons.register']").click()

        # 2. the confirmation mail in the demo inbox: its link sets the password
        inbox = self.new_page()
        mail = self.open_mail(inbox, EMAIL, "Aktifkan akun Anda")
        expect(mail).to_contain_text("Yth. Sari Wulandari,")
        self.assert_fits_phone(inbox)
        link = mail.locator("a[href*='/passwordreset/']")
        expect(link).to_have_count(1)
        with inbox.expect_navigation():
            link.click()
        if inbox.locator("#userid").count():
            inbox.locator("#userid").fill(EMAIL)
        inbox.locator("#password").fill(PASSWORD)
        inbox.locator("#password2").fill(PASSWORD)
        with inbox.expect_navigation():
            inbox.locator("button[type=submit]").last.click()
        # logged in, back at the permit's form, prefilled from the registration
        expect(inbox).to_have_url(re.compile(re.escape(self.permit.absolute_url()) + r"/formulir/?$"))
        expect(inbox.locator("#form-widgets-applicant_nik")).to_have_value(NIK)

        # 3. apply
        for row in self.rows:
            jpeg = "pdf" not in row["file_types"]
            payload = (
                {"name": f"{row['id']}.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg(640, 480)}
                if jpeg
                else {"name": f"{row['id']}.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}
            )
            inbox.locator(f"input[type=file][name='form.widgets.{row['id']}']").set_input_files(payload)
        with inbox.expect_navigation():
            inbox.locator("[name='form.buttons.submit']").click()
        number = inbox.locator("#ptsp-tracking-number").inner_text().strip()
        self.assertRegex(number, r"^[A-Z0-9]+-\d{4}-\d{6}$")
        expect(self.open_mail(inbox, EMAIL, "Permohonan diterima")).to_contain_text(number)
        expect(self.open_mail(inbox, accounts.VERIFIER.email, "Tugas baru")).to_contain_text(number)

        # 4. each demo officer, with the password make site made, takes a step
        application_url = f"{self.site_url}/permohonan/{application_id(number)}"
        for account, action, comment, state, told in (
            (accounts.VERIFIER, "accept", "", "Peninjauan Teknis", accounts.REVIEWER.email),
            (
                accounts.REVIEWER,
                "recommend",
                "Tempat praktik sesuai.",
                "Menunggu Persetujuan",
                accounts.APPROVER.email,
            ),
            (accounts.APPROVER, "approve", "", "Izin Terbit", None),
        ):
            officer = self.log_in(account.login, self.passwords[account.login])
            officer.goto(application_url)
            self.act(officer, action, comment)
            expect(officer.locator(".ptsp-state")).to_have_text(state)
            expect(self.open_mail(inbox, EMAIL, f"Status permohonan: {state}")).to_contain_text(number)
            if told:
                expect(self.open_mail(inbox, told, f"Tugas baru: {state}")).to_contain_text(number)

        # the citizen follows it by number, without an account
        page.goto(f"{self.site_url}/@@lacak?nomor={number}")
        expect(page.locator(".ptsp-tracking-result")).to_contain_text("Izin Terbit")

        # 5. the editor keeps the news current, and sees no application
        editor = self.log_in("editor-contoh", self.passwords["editor-contoh"])
        news = self.portal["berita"].objectIds()[0]
        editor.goto(f"{self.site_url}/berita/{news}/edit")
        editor.locator("#form-widgets-IDublinCore-title").fill("Jadwal layanan diperbarui")
        with editor.expect_navigation():
            editor.locator("#form-buttons-save").click()
        expect(editor.locator("h1")).to_have_text("Jadwal layanan diperbarui")
        editor.goto(application_url)
        expect(editor).to_have_url(re.compile(r"/insufficient-privileges"))
        expect(editor.locator("body")).not_to_contain_text(number)

        # 6. the demo citizen's own account, with applications in several states
        citizen = self.log_in("warga-contoh", self.passwords["warga-contoh"], viewport=PHONE)
        citizen.goto(f"{self.site_url}/@@permohonan-saya")
        expect(citizen.locator(".ptsp-app-row")).to_have_count(7)

        # every mail the portal sent is in the inbox, in Indonesian
        mails = self.inbox.entries()
        sent = sorted((", ".join(recipients(m)), str(m["Subject"]).replace(number, "N")) for _k, m in mails)
        self.assertEqual(
            sent,
            sorted(
                [
                    (EMAIL, f"Aktifkan akun Anda di {self.portal.Title()}"),
                    (EMAIL, "[N] Permohonan diterima"),
                    (accounts.VERIFIER.email, "[N] Tugas baru: Diajukan"),
                    (EMAIL, "[N] Status permohonan: Peninjauan Teknis"),
                    (accounts.REVIEWER.email, "[N] Tugas baru: Peninjauan Teknis"),
                    (EMAIL, "[N] Status permohonan: Menunggu Persetujuan"),
                    (accounts.APPROVER.email, "[N] Tugas baru: Menunggu Persetujuan"),
                    (EMAIL, "[N] Status permohonan: Izin Terbit"),
                    (EMAIL, "[N] Survei Kepuasan Masyarakat"),  # the SKM invitation
                ]
            ),
        )
        for _key, message in mails:
            text = f"{message['Subject']}\n{body_text(message)}"
            self.assertIsNone(ENGLISH.search(text), f"English in a mail to {recipients(message)}:\n{text}")
            self.assertNotIn("${", text)
