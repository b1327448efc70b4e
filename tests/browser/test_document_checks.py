"""The verifier's workbench in chromium at 1280×900 (issue 19 §1–3): a PDF
and a JPEG previewed on the application page (their pixels, not only the
elements), verdicts saved, the revision reason pre-filled from them, accept
refused, the shortcuts, "Berikutnya"; then the applicant's revision page
highlighting the failed documents, on a phone."""

from io import BytesIO
from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.applications.intake import create_application
from ptsp_portal.audit import store
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.audit.test_access_log import temporary_log
from tests.browser.base import BrowserMixin
from tests.browser.base import PHONE
from tests.forms import files
from zope.component.hooks import setSite

import datetime
import PIL.Image
import re
import transaction
import unittest

PASSWORD = "rahasia-12345"
DESKTOP = {"width": 1280, "height": 900}
PERMIT_TYPE = "surat-izin-praktik-dokter"
PDF_COLOUR = (20, 60, 200)  # the PDF page, blue
JPEG_COLOUR = (200, 30, 30)  # files.jpeg(), red
REQUIREMENTS = [
    {"id": "ktp", "title": "KTP", "description": "KTP pemohon yang masih berlaku.", "required": True,
     "file_types": ["jpg", "pdf"], "max_size_mb": 5},
    {"id": "surat-sehat", "title": "Surat sehat", "description": "Dari dokter, paling lama 3 bulan.",
     "required": True, "file_types": ["pdf"], "max_size_mb": 5},
]  # fmt: skip

# the pixel at the middle of an element, as the page drew it
MIDDLE_PIXEL = """(element) => {
  let canvas = element;
  if (element.tagName === "IMG") {
    canvas = document.createElement("canvas");
    canvas.width = element.naturalWidth;
    canvas.height = element.naturalHeight;
    canvas.getContext("2d").drawImage(element, 0, 0);
  }
  const data = canvas.getContext("2d").getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data;
  return [data[0], data[1], data[2]];
}"""


def coloured_pdf():
    buffer = BytesIO()
    PIL.Image.new("RGB", (300, 400), PDF_COLOUR).save(buffer, "PDF")
    return buffer.getvalue()


def near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


class TestDocumentChecksInTheBrowser(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING
    viewport = DESKTOP

    def setUp(self):
        self.log_path = temporary_log(self)
        app = self.layer["app"]
        self.site_url = f"{app.absolute_url()}/{SITE_ID}"
        portal = app[SITE_ID]
        setSite(portal)
        from plone.testing.zope import login
        from plone.testing.zope import logout

        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            for user_id, fullname, group in (
                ("vera", "Vera Verifikasi", "ptsp-verifiers"),
                ("budi", "Budi Santoso", None),
            ):
                api.user.create(
                    email=f"{user_id}@example.org",
                    username=user_id,
                    password=PASSWORD,
                    properties={"fullname": fullname},
                )
                if group:
                    api.group.add_user(groupname=group, username=user_id)
            permit_type = portal["layanan"][PERMIT_TYPE]
            permit_type.requirements = REQUIREMENTS
            data = {
                "applicant_name": "Budi Santoso",
                "applicant_nik": "3201010101900001",
                "applicant_email": "budi@example.org",
                "applicant_phone": "0812-3456-7890",
                "applicant_address": "Jl. Merdeka No. 10, Kabupaten Contoh",
                "form_data": {"tempat_praktik": "Klinik Pratama Sehat"},
            }
            documents = {
                "ktp": ("ktp.jpg", "image/jpeg", files.jpeg()),
                "surat-sehat": ("surat-sehat.pdf", "application/pdf", coloured_pdf()),
            }
            # submitted long ago: first in every officer's queue
            first = datetime.datetime(2020, 1, 6, 9, 0)
            application = create_application(permit_type, "budi", data, documents, submitted=first)
            following = create_application(
                permit_type, "budi", data, documents, submitted=first + datetime.timedelta(days=1)
            )
            self.app_url = application.absolute_url()
            self.app_path = "/".join(application.getPhysicalPath())
            self.next_number = following.tracking_number
            self.tracking_number = application.tracking_number
            transaction.commit()
        finally:
            logout()

    def log_in(self, user_id, url):
        page = self.new_page()
        page.goto(f"{self.site_url}/login")
        page.locator("#__ac_name").fill(user_id)
        page.locator("#__ac_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("[name='buttons.login']").click()
        expect(page.locator("#__ac_password")).to_have_count(0)
        page.goto(url)
        return page

    def test_verifier_checks_with_previews_and_asks_for_revision(self):
        page = self.log_in("vera", self.app_url)
        expect(page.locator("h1")).to_contain_text(self.tracking_number)
        panel = page.locator("#pemeriksaan")
        expect(panel).to_contain_text("KTP pemohon yang masih berlaku.")
        expect(panel).to_contain_text("Dari dokter, paling lama 3 bulan.")
        expect(panel.locator("#periksa-ktp .ptsp-check-types")).to_contain_text("JPG, PDF")

        # the PDF page, drawn by pdf.js into the canvas
        pdf = panel.locator("#periksa-surat-sehat figure.ptsp-preview-pdf")
        expect(pdf).to_have_attribute("data-rendered", "1", timeout=30000)
        expect(pdf.locator(".ptsp-pdf-page")).to_have_text("1 / 1")
        canvas = pdf.locator("canvas")
        self.assertGreater(canvas.evaluate("c => c.width"), 200)
        self.assertTrue(near(canvas.evaluate(MIDDLE_PIXEL), PDF_COLOUR), canvas.evaluate(MIDDLE_PIXEL))
        # the JPEG, loaded and scaled into the row
        image = panel.locator("#periksa-ktp figure.ptsp-preview-image img")
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        self.assertEqual(image.evaluate("img => img.naturalWidth"), 64)
        self.assertTrue(near(image.evaluate(MIDDLE_PIXEL), JPEG_COLOUR), image.evaluate(MIDDLE_PIXEL))
        self.assertLessEqual(image.bounding_box()["width"], panel.bounding_box()["width"])
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), DESKTOP["width"])

        # both previews were read through the documents' own download, logged
        downloads = {row["path"] for row in store.query({"action": "download", "user_id": "vera"})}
        self.assertEqual(
            downloads, {f"{self.app_path}/ktp/@@download", f"{self.app_path}/surat-sehat/@@download"}
        )

        # shortcuts: typing in a note never triggers one; "d" goes to the first unchecked row
        note = page.locator("#periksa-ktp-note")
        note.fill("")
        note.press_sequentially("ndtp")
        expect(page).to_have_url(self.app_url)
        expect(note).to_have_value("ndtp")
        note.fill("")
        page.locator("body").click(position={"x": 5, "y": 5})
        page.keyboard.press("d")
        expect(page.locator("#periksa-ktp-sesuai")).to_be_focused()

        # verdicts: a failed check without a note is refused, nothing saved
        page.locator("#periksa-ktp-tidak").check()
        with page.expect_navigation():
            page.locator(".ptsp-checks-save").click()
        expect(page.locator("#periksa-ktp .invalid-feedback")).to_contain_text("catatan wajib")
        page.locator("#periksa-ktp-note").fill("foto buram")
        page.locator("#periksa-surat-sehat-tidak").check()
        page.locator("#periksa-surat-sehat-note").fill("sudah kedaluwarsa")
        with page.expect_navigation():
            page.locator(".ptsp-checks-save").click()
        expect(page.locator("#global_statusmessage")).to_contain_text("Hasil pemeriksaan dokumen disimpan")
        expect(page.locator("#periksa-ktp")).to_have_class(re.compile("ptsp-check-tidak-sesuai"))
        expect(page.locator(".ptsp-timeline")).to_contain_text("KTP: tidak sesuai (foto buram)")

        # accept is refused, the reason is pre-filled from the failed checks
        expect(page.locator("button[name=workflow_action][value=accept]")).to_have_count(0)
        expect(page.locator(".ptsp-accept-refused")).to_contain_text("KTP, Surat sehat")
        expect(page.locator("#ptsp-comment")).to_have_value("KTP: foto buram; Surat sehat: sudah kedaluwarsa")
        page.keyboard.press("p")
        revision = page.locator("button[name=workflow_action][value=request_revision]")
        expect(revision).to_be_focused()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator(".ptsp-state")).to_have_text("Perlu Perbaikan")

        # Berikutnya ("n"): the next application awaiting the verifier
        page.locator("body").click(position={"x": 5, "y": 5})
        with page.expect_navigation():
            page.keyboard.press("n")
        expect(page.locator("h1")).to_contain_text(self.next_number)

        # the applicant, on a phone: exactly the failed documents are highlighted
        self.viewport = PHONE
        page = self.log_in("budi", f"{self.app_url}/@@perbaiki")
        expect(page.locator(".ptsp-to-fix")).to_have_count(2)
        expect(page.locator("#perbaiki-dok-ktp-wrapper")).to_contain_text("Diminta diganti oleh petugas")
        expect(page.locator("#pemeriksaan")).to_have_count(0)
