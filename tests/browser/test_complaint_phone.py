"""On a phone: a visitor files a complaint without an account, follows it
by its number, a complaint handler answers it, and the visitor reads the
answer with the access code (chromium against the demo site)."""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.security import ratelimit
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from tests.complaints.base import PDF
from zope.component.hooks import setSite

import re
import transaction
import unittest

PASSWORD = "rahasia-12345"
ANSWER = "Mulai Senin loket pendaftaran dibuka dua, antrean paling lama 30 menit."


class TestComplaintOnPhone(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING

    def setUp(self):
        app = self.layer["app"]
        self.site_url = f"{app.absolute_url()}/{SITE_ID}"
        setSite(app[SITE_ID])
        from plone.testing.zope import login
        from plone.testing.zope import logout

        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            api.user.create(
                email="pena@example.org", username="pena", password=PASSWORD, properties={"fullname": "Pena"}
            )
            api.group.add_user(groupname="ptsp-complaint-handlers", username="pena")
            transaction.commit()
        finally:
            logout()
        ratelimit.reset()

    def test_file_follow_answer(self):
        page = self.new_page()
        page.goto(f"{self.site_url}/@@pengaduan")
        expect(page.get_by_role("heading", name="Pemberitahuan privasi")).to_be_visible()
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)
        # phone first: the phone field comes before name and email
        fields = page.locator(".ptsp-complaint-form input[type=tel], .ptsp-complaint-form input[name=name]")
        self.assertEqual(fields.first.get_attribute("name"), "phone")
        page.locator("#complaint-subject").fill("Antrean loket terlalu lama")
        page.locator("#complaint-description").fill(
            "Saya menunggu tiga jam di loket pendaftaran tanpa kepastian."
        )
        page.locator("#complaint-phone").fill("0812 3456 7890")
        page.locator("#complaint-attachment").set_input_files(
            {"name": "bukti.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Kirim pengaduan").click()
        expect(page.get_by_role("heading", name="Pengaduan Anda telah diterima")).to_be_visible()
        number = page.locator(".ptsp-complaint-number").inner_text().strip()
        code = page.locator(".ptsp-complaint-code").inner_text().strip()
        self.assertRegex(number, r"^ADU-\d{4}-\d{6}$")

        # follow it by its number: received, no answer yet
        page.get_by_role("link", name="Ikuti pengaduan ini").click()
        expect(page.locator(".ptsp-tracking-result h2")).to_have_text(number)
        expect(page.locator(".ptsp-tracking-result")).to_contain_text("Diterima")
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)

        # a complaint handler, on a phone too, finds it in the queue and answers
        handler = self.new_page()
        handler.goto(f"{self.site_url}/login")
        handler.locator("#__ac_name").fill("pena")
        handler.locator("#__ac_password").fill(PASSWORD)
        with handler.expect_navigation():
            handler.locator("[name='buttons.login']").click()
        handler.goto(f"{self.site_url}/pengaduan")
        handler.get_by_role("link", name=number).click()
        expect(handler.locator(".ptsp-complainant")).to_contain_text("+6281234567890")
        expect(handler.get_by_role("link", name="Unduh lampiran")).to_be_visible()
        handler.locator("#field-assign").fill("Bidang Pelayanan")
        with handler.expect_navigation():
            handler.get_by_role("button", name="Tugaskan").click()
        expect(handler.locator(".ptsp-complaint-handle .badge").first).to_have_text("Sedang ditangani")
        handler.locator("#field-answer").fill(ANSWER)
        with handler.expect_navigation():
            handler.get_by_role("button", name="Tanggapi").click()
        expect(handler.locator(".ptsp-complaint-handle .badge").first).to_have_text("Sudah ditanggapi")

        # the visitor: the state for anyone with the number, the answer with the code
        page.goto(f"{self.site_url}/@@lacak-pengaduan?nomor={number}")
        expect(page.locator(".ptsp-tracking-result")).to_contain_text("Sudah ditanggapi")
        expect(page.locator(".ptsp-tracking-result")).not_to_contain_text(ANSWER)
        page.locator("#complaint-code").fill(code)
        with page.expect_navigation():
            page.get_by_role("button", name="Lacak").click()
        expect(page).to_have_url(re.compile(r"kode="))
        expect(page.locator(".ptsp-complaint-answer")).to_contain_text(ANSWER)
        expect(page.locator(".ptsp-tracking-result")).not_to_contain_text("+6281234567890")
