"""Save and resume (issue 17) in Debian's chromium at 390x844: a citizen
saves a half-filled permit form on a phone, continues it in a new browser
context (another device) from "Permohonan Saya" with the answers and the
document in place, and submits it; a draft saved through REST is continued
in the browser; a draft is deleted from "Permohonan Saya"."""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.base import rest_session
from tests.browser.base import BrowserMixin
from tests.browser.base import PHONE
from tests.forms import files
from tests.forms.test_rest import document
from zope.component.hooks import setSite

import re
import transaction
import unittest

PERMIT_TYPE = "surat-izin-praktik-dokter"
CITIZEN = "warga-draf"
PASSWORD = "Sandi-Draf-2026"


class TestDraftsOnPhone(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING
    viewport = PHONE

    def setUp(self):
        from plone.testing.zope import login
        from plone.testing.zope import logout

        app = self.layer["app"]
        self.site_url = f"{app.absolute_url()}/{SITE_ID}"
        portal = app[SITE_ID]
        setSite(portal)
        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            if api.user.get(username=CITIZEN) is None:
                api.user.create(
                    email="warga.draf@example.org",
                    username=CITIZEN,
                    password=PASSWORD,
                    properties={
                        "fullname": "Wulan Draf",
                        "nik": "3201014506900077",
                        "phone": "0812 3333 4444",
                        "address": "Jl. Kenanga No. 8, Desa Contoh",
                    },
                )
            self.permit = portal["layanan"][PERMIT_TYPE]
            self.rows = [r for r in self.permit.requirements if r.get("required")]
            self.assertGreaterEqual(len(self.rows), 2)
            transaction.commit()
        finally:
            logout()
        self.form_url = f"{self.permit.absolute_url()}/formulir"

    def log_in(self, page):
        page.goto(f"{self.site_url}/login")
        page.locator("#__ac_name").fill(CITIZEN)
        page.locator("#__ac_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("[name='buttons.login']").click()

    def file_for(self, row):
        if "pdf" in row["file_types"]:
            return {"name": f"{row['id']}.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}
        return {"name": f"{row['id']}.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg(640, 480)}

    def choose(self, page, row):
        page.locator(f"input[type=file][name='form.widgets.{row['id']}']").set_input_files(self.file_for(row))

    def assert_fits_phone(self, page):
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])

    def continue_from_my_applications(self, page):
        page.goto(f"{self.site_url}/@@permohonan-saya")
        row = page.locator(".ptsp-app-draft", has_text=self.permit.Title())
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Draf")
        expect(row).to_contain_text("Berlaku sampai")
        self.assert_fits_phone(page)
        with page.expect_navigation():
            row.locator(".ptsp-draft-continue").click()
        expect(page).to_have_url(re.compile(re.escape(self.form_url) + r"\?draf="))

    def submit_and_get_number(self, page):
        with page.expect_navigation():
            page.locator("[name='form.buttons.submit']").click()
        expect(page).to_have_url(re.compile(r"/@@permohonan-terkirim\?nomor="))
        number = page.locator("#ptsp-tracking-number").inner_text().strip()
        self.assertRegex(number, r"^[A-Z0-9]+-\d{4}-\d{6}$")
        return number

    def assert_no_draft_left(self, page, number):
        page.goto(f"{self.site_url}/@@permohonan-saya")
        expect(page.locator(".ptsp-app-draft")).to_have_count(0)
        expect(page.locator(".ptsp-app-row", has_text=number)).to_have_count(1)

    def test_save_on_phone_resume_on_another_device_submit(self):
        phone = self.new_page()
        self.log_in(phone)
        phone.goto(self.form_url)
        phone.locator("#form-widgets-applicant_phone").fill("0812 5555 6666")
        first = self.rows[0]
        self.choose(phone, first)
        self.assert_fits_phone(phone)
        with phone.expect_navigation():
            phone.locator("[name='form.buttons.save_draft']").click()
        expect(phone).to_have_url(re.compile(r"\?draf="))
        expect(phone.locator("body")).to_contain_text("Draf disimpan")

        # another device: a new browser context, logged in afresh
        other = self.new_page()
        self.log_in(other)
        self.continue_from_my_applications(other)
        expect(other.locator("#form-widgets-applicant_phone")).to_have_value("0812 5555 6666")
        expect(other.locator("body")).to_contain_text(
            f"Sudah diunggah di draf: {self.file_for(first)['name']}"
        )
        for row in self.rows[1:]:
            self.choose(other, row)
        number = self.submit_and_get_number(other)
        self.assert_no_draft_left(other, number)

    def test_save_through_rest_resume_in_browser(self):
        api_session = rest_session(self, f"{self.site_url}/++api++", CITIZEN, password=PASSWORD)
        body = {"draft": True, "applicant_address": "Jl. Kenanga No. 8, Desa Contoh (lewat aplikasi)"}
        for row in self.rows[:-1]:
            payload = self.file_for(row)
            body[row["id"]] = document(payload["buffer"], payload["name"], payload["mimeType"])
        response = api_session.post(f"layanan/{PERMIT_TYPE}/@apply", json=body)
        self.assertEqual(response.status_code, 200, response.text)

        page = self.new_page()
        self.log_in(page)
        self.continue_from_my_applications(page)
        expect(page.locator("#form-widgets-applicant_address")).to_have_value(body["applicant_address"])
        for row in self.rows[:-1]:
            expect(page.locator("body")).to_contain_text(
                f"Sudah diunggah di draf: {self.file_for(row)['name']}"
            )
        self.choose(page, self.rows[-1])
        number = self.submit_and_get_number(page)
        self.assert_no_draft_left(page, number)

    def test_delete_a_draft(self):
        api_session = rest_session(self, f"{self.site_url}/++api++", CITIZEN, password=PASSWORD)
        response = api_session.post(f"layanan/{PERMIT_TYPE}/@apply", json={"draft": True})
        self.assertEqual(response.status_code, 200, response.text)
        page = self.new_page()
        self.log_in(page)
        page.goto(f"{self.site_url}/@@permohonan-saya")
        row = page.locator(".ptsp-app-draft")
        expect(row).to_have_count(1)
        with page.expect_navigation():
            row.locator(".ptsp-draft-delete button").click()
        expect(page.locator("body")).to_contain_text("Draf dihapus")
        expect(page.locator(".ptsp-app-draft")).to_have_count(0)
        draft_id = response.json()["draft_id"]
        self.assertEqual(api_session.get(f"@drafts/{draft_id}").status_code, 404)
