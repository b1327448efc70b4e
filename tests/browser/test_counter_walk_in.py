"""A walk-in filing at the counter, in chromium at 1280x900 (a counter's
desktop): the officer looks the NIK up (no account), opens the permit
type's form, types the citizen's data from the KTP, attaches the scans,
submits, and gets the tracking number, the claim code and the receipt."""

from io import BytesIO
from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from tests.forms import files
from zope.component.hooks import setSite

import re
import transaction
import unittest

PASSWORD = "rahasia-12345"
DESKTOP = {"width": 1280, "height": 900}
PERMIT_TYPE = "surat-izin-praktik-dokter"
NIK = "3201015507850003"


class TestWalkIn(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING
    viewport = DESKTOP

    def setUp(self):
        from plone.testing.zope import login
        from plone.testing.zope import logout

        app = self.layer["app"]
        self.site_url = f"{app.absolute_url()}/{SITE_ID}"
        self.portal = app[SITE_ID]
        setSite(self.portal)
        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            api.user.create(
                email="lina@example.org",
                username="lina",
                password=PASSWORD,
                properties={"fullname": "Lina Loket"},
            )
            api.group.add_user(groupname="ptsp-frontoffice", username="lina")
            self.permit = self.portal["layanan"][PERMIT_TYPE]
            self.rows = [r for r in self.permit.requirements if r.get("required")]
            transaction.commit()
        finally:
            logout()

    def upload(self, row):
        if "pdf" in row["file_types"]:
            return {"name": f"{row['id']}.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}
        return {"name": f"{row['id']}.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg(640, 480)}

    def test_walk_in_filing(self):
        from pypdf import PdfReader

        page = self.new_page()
        page.goto(f"{self.site_url}/login")
        page.locator("#__ac_name").fill("lina")
        page.locator("#__ac_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("[name='buttons.login']").click()
        page.goto(f"{self.site_url}/@@loket")
        expect(page.locator("h1")).to_contain_text("Loket")
        page.locator("#ptsp-counter-nik").fill(NIK)
        with page.expect_navigation():
            page.locator("button[name=cari]").click()
        expect(page.locator(".ptsp-counter-none")).to_be_visible()
        with page.expect_navigation():
            page.locator(".ptsp-counter-permits button", has_text=self.permit.Title()).click()
        expect(page).to_have_url(re.compile(r"/formulir/@@loket-formulir$"))
        expect(page.locator("#form-widgets-applicant_nik")).to_have_value(NIK)
        expect(page.locator("#form-widgets-applicant_name")).to_have_value("")
        expect(page.locator(".invalid-feedback")).to_have_count(0)
        page.locator("#form-widgets-applicant_name").fill("Sulastri Wulandari")
        page.locator("#form-widgets-applicant_phone").fill("0812 7777 1234")
        page.locator("#form-widgets-applicant_address").fill("Dusun Krajan RT 02 RW 01, Desa Sukamaju")
        for row in self.rows:
            page.locator(f"input[type=file][name='form.widgets.{row['id']}']").set_input_files(
                self.upload(row)
            )
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), DESKTOP["width"])
        with page.expect_navigation():
            page.locator("[name='form.buttons.submit']").click()
        expect(page.locator("h1")).to_contain_text("Permohonan diterima di loket")
        number = page.locator(".ptsp-counter-number").inner_text().strip()
        code = page.locator(".ptsp-counter-code").inner_text().strip()
        self.assertRegex(number, r"^[A-Z0-9]+-\d{4}-\d{6}$")
        self.assertRegex(code, r"^[A-Z2-9]{5}-[A-Z2-9]{5}$")
        # the receipt buttons post the code to the receipt: print it as the button would
        form = page.locator("form", has=page.locator("button", has_text="80 mm"))
        action = form.get_attribute("action")
        response = page.request.post(
            action, form={"ukuran": "80mm", "claim_code": code, "_authenticator": self.token(page, form)}
        )
        self.assertEqual(response.status, 200)
        self.assertEqual(response.headers["content-type"], "application/pdf")
        text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages)
        self.assertIn(number, text)
        self.assertIn(code, text)
        self.portal._p_jar.sync()
        found = self.portal.portal_catalog.unrestrictedSearchResults(tracking_number=number)
        application = found[0]._unrestrictedGetObject()
        self.assertEqual((application.channel, application.filed_by), ("counter", "lina"))
        self.assertEqual(application.applicant_nik, NIK)
        self.assertEqual(sorted(application.objectIds()), sorted(row["id"] for row in self.rows))

    def token(self, page, form):
        field = form.locator("input[name=_authenticator]")
        return field.get_attribute("value") if field.count() else ""
