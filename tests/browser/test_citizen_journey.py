"""A citizen's whole way on a phone (issue 4): register and confirm the
address from the mail a real SMTP server received, apply with a PDF and a
JPEG, find the tracking number in "Permohonan Saya" and on ``@@lacak``;
then an officer asks for a revision and the citizen replaces a document and
resubmits.  Chromium (Debian) at 390x844 against the demo site."""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from Products.MailHost.MailHost import MailHost
from ptsp_portal.applications.intake import application_id
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from tests.browser.base import PHONE
from tests.forms import files
from tests.notifications.base import body
from tests.notifications.test_smtp import Collector
from tests.notifications.test_smtp import free_port
from zope.component.hooks import setSite

import re
import time
import transaction
import unittest

PERMIT_TYPE = "surat-izin-praktik-dokter"
EMAIL = "dewi.lestari@example.org"
NEW_PASSWORD = "Sandi-Rahasia-2026"
OFFICER_PASSWORD = "rahasia-12345"
SENDER = "noreply@ptsp.example.org"


class TestCitizenJourney(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING
    viewport = PHONE

    def setUp(self):
        from aiosmtpd.controller import Controller
        from plone.testing.zope import login
        from plone.testing.zope import logout

        app = self.layer["app"]
        self.site_url = f"{app.absolute_url()}/{SITE_ID}"
        portal = app[SITE_ID]
        setSite(portal)
        self.collector = Collector()
        port = free_port()
        self.smtpd = Controller(self.collector, hostname="127.0.0.1", port=port)
        self.smtpd.start()
        self.addCleanup(self.smtpd.stop)
        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            if not isinstance(portal.MailHost, MailHost):  # a test mock
                portal._delObject("MailHost")
                portal._setObject("MailHost", MailHost("MailHost"))
            portal.MailHost.smtp_host = "127.0.0.1"
            portal.MailHost.smtp_port = port
            api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
            api.portal.set_registry_record("plone.smtp_port", port)
            api.portal.set_registry_record("plone.email_from_address", SENDER)
            api.portal.set_registry_record("plone.email_from_name", "DPMPTSP Kabupaten Contoh")
            api.user.create(
                email="vera@example.org",
                username="vera",
                password=OFFICER_PASSWORD,
                properties={"fullname": "Vera Verifikasi"},
            )
            api.group.add_user(groupname="ptsp-verifiers", username="vera")
            self.permit = portal["layanan"][PERMIT_TYPE]
            self.assertTrue(self.permit.online)
            self.rows = [r for r in self.permit.requirements if r.get("required")]
            transaction.commit()
        finally:
            logout()

    # --- helpers ---------------------------------------------------------

    def assert_citizen_chrome(self, page, anonymous=False):
        """The office's header and footer on a phone (issue 16 §3, §4): its
        logo and name, never Plone's logo, colophon or toolbar; "Masuk" and
        "Daftar" for a visitor, the account menu for a citizen."""
        logo = page.locator("#portal-logo")
        expect(logo.locator("img.ptsp-office-logo-img")).to_be_visible()
        expect(logo).to_contain_text("DPMPTSP Kabupaten Contoh")
        expect(page.locator("img[src*='plone-logo'], #portal-colophon")).to_have_count(0)
        expect(page.locator("#portal-footer-wrapper")).not_to_contain_text("Plone")
        expect(page.locator("#portal-footer-wrapper .ptsp-footer-phone")).to_be_visible()
        expect(page.locator("#edit-zone, #edit-bar")).to_have_count(0)
        expect(page.locator("#section-byline")).to_have_count(0)
        if anonymous:
            for name in ("Masuk", "Daftar"):
                link = page.locator(".ptsp-anon-links").get_by_role("link", name=name, exact=True)
                expect(link).to_be_visible()
                self.assert_on_first_screen(link)
            return
        expect(page.locator(".ptsp-anon-links")).to_have_count(0)
        menu = page.locator(".ptsp-account-menu")
        expect(menu).to_be_visible()
        self.assert_on_first_screen(menu.locator("summary"))
        menu.locator("summary").click()
        for name in ("Permohonan Saya", "Profil", "Keluar"):
            link = menu.get_by_role("link", name=name, exact=True)
            expect(link).to_be_visible()
            box = link.bounding_box()
            self.assertGreaterEqual(box["x"], 0, name)
            self.assertLessEqual(box["x"] + box["width"], PHONE["width"], name)
        menu.locator("summary").click()  # closed again

    def assert_on_first_screen(self, locator):
        box = locator.bounding_box()
        self.assertGreaterEqual(box["x"], 0)
        self.assertLessEqual(box["x"] + box["width"], PHONE["width"])
        self.assertLess(box["y"] + box["height"], PHONE["height"] / 2)

    def mail_to(self, address, subject_part="", timeout=20):
        """The newest mail to ``address`` (whose subject contains
        ``subject_part``) that the SMTP server received."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for rcpt, message in reversed(self.received):
                if address in rcpt and subject_part in str(message["Subject"]):
                    return message
            self.received.extend(self.collector.take())
            time.sleep(0.2)
        self.fail(f"no mail to {address} with {subject_part!r}: {[m['Subject'] for _, m in self.received]}")

    def assert_fits_phone(self, page):
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])

    def upload_payload(self, row, jpeg=False):
        if jpeg:
            return {"name": f"{row['id']}.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg(640, 480)}
        return {"name": f"{row['id']}.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}

    # --- the journey -------------------------------------------------------

    def test_register_apply_track_revise_resubmit(self):
        self.received = []
        page = self.new_page()

        # 1. the permit page, anonymous: register from its apply box
        page.goto(self.permit.absolute_url())
        expect(page.get_by_role("heading", name="Persyaratan")).to_be_visible()
        self.assert_fits_phone(page)
        self.assert_citizen_chrome(page, anonymous=True)
        with page.expect_navigation():
            page.locator(".ptsp-apply-register").click()
        expect(page).to_have_url(re.compile(r"/@@register\?came_from="))
        page.locator("#form-widgets-fullname").fill("Dewi Lestari")
        page.locator("#form-widgets-email").fill(EMAIL)
        page.locator("#form-widgets-nik").fill("3201014506900002")
        page.locator("#form-widgets-phone").fill("0812 7777 8888")
        page.locator("#form-widgets-address").fill("Jl. Melati No. 5, Desa Sukamaju, Kecamatan Contoh")
        self.assert_fits_phone(page)
        with page.expect_navigation():
            page.locator("[name='form.buttons.register']").click()

        # 2. the confirmation mail: its link sets the password and logs in
        message = self.mail_to(EMAIL)
        link = re.search(r"https?://\S+/passwordreset/\S+", body(message))
        self.assertIsNotNone(link, body(message))
        page.goto(link.group(0).rstrip(".,)"))
        if page.locator("#userid").count():
            page.locator("#userid").fill(EMAIL)
        page.locator("#password").fill(NEW_PASSWORD)
        page.locator("#password2").fill(NEW_PASSWORD)
        with page.expect_navigation():
            page.locator("button[type=submit]").last.click()
        # straight back to the permit's form, logged in, answers prefilled
        expect(page).to_have_url(re.compile(re.escape(self.permit.absolute_url()) + r"/formulir/?$"))
        expect(page.locator("#form-widgets-applicant_name")).to_have_value("Dewi Lestari")
        expect(page.locator("#form-widgets-applicant_email")).to_have_value(EMAIL)
        expect(page.locator("#form-widgets-applicant_nik")).to_have_value("3201014506900002")

        # 3. the form: a JPEG for the KTP and the photo, PDFs for the rest
        for row in self.rows:
            jpeg = row["id"] == "ktp" or "pdf" not in row["file_types"]
            page.locator(f"input[type=file][name='form.widgets.{row['id']}']").set_input_files(
                self.upload_payload(row, jpeg=jpeg)
            )
        self.assert_fits_phone(page)
        with page.expect_navigation():
            page.locator("[name='form.buttons.submit']").click()
        expect(page).to_have_url(re.compile(r"/@@permohonan-terkirim\?nomor="))
        number = page.locator("#ptsp-tracking-number").inner_text().strip()
        self.assertRegex(number, r"^[A-Z0-9]+-\d{4}-\d{6}$")
        self.assertIn(number, body(self.mail_to(EMAIL, number)))  # the applicant is told

        # 4. "Permohonan Saya" and public tracking
        page.goto(f"{self.site_url}/@@permohonan-saya")
        row = page.locator(".ptsp-app-row", has_text=number)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(self.permit.Title())
        expect(row).to_contain_text("Diajukan")
        self.assert_fits_phone(page)
        self.assert_citizen_chrome(page)
        tracker = self.new_page()  # anyone, not logged in
        tracker.goto(f"{self.site_url}/@@lacak")
        tracker.locator("#ptsp-tracking-number").fill(number)
        with tracker.expect_navigation():
            tracker.locator(".ptsp-tracking-form button[type=submit]").click()
        result = tracker.locator(".ptsp-tracking-result")
        expect(result).to_contain_text(self.permit.Title())
        expect(result).to_contain_text("Diajukan")
        expect(result).not_to_contain_text("Dewi")
        self.assert_fits_phone(tracker)

        # 5. the verifier asks for a new KTP scan
        officer = self.new_page()
        officer.goto(f"{self.site_url}/login")
        officer.locator("#__ac_name").fill("vera")
        officer.locator("#__ac_password").fill(OFFICER_PASSWORD)
        with officer.expect_navigation():
            officer.locator("[name='buttons.login']").click()
        officer.goto(f"{self.site_url}/permohonan/{application_id(number)}")
        # an officer keeps Plone's toolbar where the role applies
        expect(officer.locator("#edit-zone")).to_have_count(1)
        reason = "Pindaian KTP buram; unggah ulang yang jelas."
        officer.locator("#ptsp-comment").fill(reason)
        with officer.expect_navigation():
            officer.locator("button[name=workflow_action][value=request_revision]").click()
        expect(officer.locator(".ptsp-state")).to_have_text("Perlu Perbaikan")
        self.assertIn(reason, body(self.mail_to(EMAIL, "Perlu Perbaikan")))

        # 6. the citizen replaces the KTP and resubmits
        page.goto(f"{self.site_url}/@@permohonan-saya")
        with page.expect_navigation():
            page.locator(".ptsp-app-row", has_text=number).locator("a.ptsp-app-number").click()
        expect(page.locator(".ptsp-last-comment")).to_contain_text(reason)
        with page.expect_navigation():
            page.locator(".ptsp-revise-link").click()
        expect(page.locator(".ptsp-revision-reason")).to_contain_text(reason)
        self.assert_fits_phone(page)
        ktp = self.rows[0]
        self.assertEqual(ktp["id"], "ktp")
        page.locator("#perbaiki-dok-ktp").set_input_files(
            {"name": "ktp-jelas.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}
        )
        page.locator("#perbaiki-catatan").fill("KTP sudah dipindai ulang.")
        with page.expect_navigation():
            page.locator(".ptsp-revision-resubmit").click()
        expect(page.locator(".ptsp-state")).to_have_text("Diajukan")
        expect(page.locator("#dokumen-ktp")).to_contain_text("ktp-jelas.pdf")
        timeline = page.locator(".ptsp-timeline")
        expect(timeline).to_contain_text("KTP sudah dipindai ulang.")
        expect(timeline).to_contain_text("KTP (dokumen diganti)")

        # 7. and it is back in the verifier's queue
        officer.goto(f"{self.site_url}/permohonan")
        expect(officer.locator("body")).to_contain_text(number)
