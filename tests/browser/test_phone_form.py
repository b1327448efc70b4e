"""Phone-first permit form (issue 16 §5) in Debian's chromium at 390x844: a
citizen submits the form with mistakes, lands on the error summary (focused,
announced), follows a link to a document's field, uploads the documents
(their inputs named by their labels, with ``accept`` and the size hint) and
submits."""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from tests.browser.base import PHONE
from tests.forms import files
from zope.component.hooks import setSite

import re
import transaction
import unittest

PERMIT_TYPE = "surat-izin-praktik-dokter"
CITIZEN = "warga-ponsel"
PASSWORD = "Sandi-Ponsel-2026"


class TestPermitFormOnPhone(BrowserMixin, unittest.TestCase):
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
                    email="warga.ponsel@example.org",
                    username=CITIZEN,
                    password=PASSWORD,
                    properties={
                        "fullname": "Putri Ponsel",
                        "nik": "3201014506900078",
                        "phone": "0812 7777 8888",
                        "address": "Jl. Melati No. 3, Desa Contoh",
                    },
                )
            self.permit = portal["layanan"][PERMIT_TYPE]
            self.rows = [r for r in self.permit.requirements if r.get("required")]
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

    def active_id(self, page):
        return page.evaluate("document.activeElement && document.activeElement.id")

    def test_errors_summary_link_upload_submit(self):
        page = self.new_page()
        self.log_in(page)
        page.goto(self.form_url)
        # every upload is found by its label (its accessible name)
        for row in self.rows:
            field = page.get_by_label(row["title"], exact=False).and_(page.locator("input[type=file]"))
            expect(field).to_have_count(1)
            expect(field).to_have_attribute("name", f"form.widgets.{row['id']}")
            hint = page.locator(f"#{field.get_attribute('aria-describedby').split()[0]}")
            expect(hint).to_be_visible()
            expect(hint).to_contain_text(f"maks. {row['max_size_mb']} MB")
        photo = next(r for r in self.rows if set(r["file_types"]) <= {"jpg", "png"})
        expect(page.locator(f"#form-widgets-{photo['id']}")).to_have_attribute("capture", "environment")

        # a mistake and no documents: the summary, focused
        first = self.rows[0]
        page.locator(f"#form-widgets-{first['id']}").set_input_files(self.file_for(first))
        page.locator("#form-widgets-applicant_nik").fill("12345")
        with page.expect_navigation():
            page.locator("[name='form.buttons.submit']").click()
        summary = page.locator("#ptsp-error-summary")
        expect(summary).to_be_visible()
        expect(summary.locator("[role=alert] h2")).to_have_text("Ada masalah")
        self.assertEqual(self.active_id(page), "ptsp-error-summary")
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
        links = summary.locator("a")
        expect(links.first).to_have_attribute("href", "#form-widgets-applicant_nik")
        # the answers and the document sent stay
        expect(page.locator("#form-widgets-applicant_address")).to_have_value("Jl. Melati No. 3, Desa Contoh")
        expect(page.locator(f"#formfield-form-widgets-{first['id']}")).to_contain_text(f"{first['id']}.")

        # a link goes to its field, which takes the focus
        second = self.rows[1]
        summary.locator(f"a[href='#form-widgets-{second['id']}']").click()
        self.assertEqual(self.active_id(page), f"form-widgets-{second['id']}")
        expect(page.locator(f"#form-widgets-{second['id']}")).to_be_in_viewport()

        # correct, upload the rest, submit
        page.locator("#form-widgets-applicant_nik").fill("3201014506900078")
        for row in self.rows[1:]:
            page.locator(f"#form-widgets-{row['id']}").set_input_files(self.file_for(row))
        with page.expect_navigation():
            page.locator("[name='form.buttons.submit']").click()
        expect(page).to_have_url(re.compile(r"/@@permohonan-terkirim\?nomor="))
