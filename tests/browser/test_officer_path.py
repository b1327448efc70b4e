"""Officers and the applicant move one application to "Izin Terbit" through
its detail page, in chromium against the demo site."""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.applications.intake import create_application
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from tests.browser.base import PHONE
from zope.component.hooks import setSite

import re
import transaction
import unittest

PASSWORD = "rahasia-12345"
DESKTOP = {"width": 1280, "height": 900}
PERMIT_TYPE = "surat-izin-praktik-dokter"
PEOPLE = (
    # user id, full name, group
    ("vera", "Vera Verifikasi", "ptsp-verifiers"),
    ("tono", "Tono Teknis", "ptsp-reviewers"),
    ("kartika", "Kartika Kadis", "ptsp-approvers"),
    ("budi", "Budi Santoso", None),
)


class TestOfficerPath(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING
    viewport = DESKTOP

    def setUp(self):
        app = self.layer["app"]
        self.site_url = f"{app.absolute_url()}/{SITE_ID}"
        portal = app[SITE_ID]
        setSite(portal)
        from plone.testing.zope import login
        from plone.testing.zope import logout

        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            for user_id, fullname, group in PEOPLE:
                api.user.create(
                    email=f"{user_id}@example.org",
                    username=user_id,
                    password=PASSWORD,
                    properties={"fullname": fullname},
                )
                if group:
                    api.group.add_user(groupname=group, username=user_id)
            permit_type = portal["layanan"][PERMIT_TYPE]
            self.assertTrue(permit_type.online)
            documents = {
                row["id"]: (f"{row['id']}.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")
                for row in permit_type.requirements
                if row.get("required")
            }
            application = create_application(
                permit_type,
                "budi",
                {
                    "applicant_name": "Budi Santoso",
                    "applicant_nik": "3201010101900001",
                    "applicant_email": "budi@example.org",
                    "applicant_phone": "0812-3456-7890",
                    "applicant_address": "Jl. Merdeka No. 10, Kabupaten Contoh",
                    "form_data": {"tempat_praktik": "Klinik Pratama Sehat"},
                },
                documents,
            )
            self.app_url = application.absolute_url()
            self.tracking_number = application.tracking_number
            self.first_document = permit_type.requirements[0]
            transaction.commit()
        finally:
            logout()

    # --- helpers ---------------------------------------------------------

    def log_in(self, user_id, viewport=None):
        if viewport is not None:
            self.viewport = viewport
        page = self.new_page()
        page.goto(f"{self.site_url}/login")
        page.locator("#__ac_name").fill(user_id)
        page.locator("#__ac_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("[name='buttons.login']").click()
        expect(page.locator("#__ac_password")).to_have_count(0)
        page.goto(self.app_url)
        expect(page.locator("h1")).to_contain_text(self.tracking_number)
        return page

    def act(self, page, action, comment=""):
        page.locator("#ptsp-comment").fill(comment)
        with page.expect_navigation():
            page.locator(f"button[name=workflow_action][value={action}]").click()

    def state(self, page):
        return page.locator(".ptsp-state")

    # --- the path --------------------------------------------------------

    def test_from_submission_to_issued_permit(self):
        # the verifier asks for a revision; without a reason it is refused
        page = self.log_in("vera")
        expect(self.state(page)).to_have_text("Diajukan")
        expect(page.locator("#dokumen")).to_contain_text(self.first_document["title"])
        link = page.locator("#dokumen a.ptsp-doc-link").first
        expect(link).to_have_attribute("href", re.compile(r"/@@download/file$"))
        expect(page.locator(".ptsp-action-request_revision")).to_have_attribute(
            "data-comment-required", "true"
        )
        self.act(page, "request_revision", "")
        expect(page.locator(".ptsp-error")).to_contain_text("Alasan wajib diisi")
        expect(page.locator(".ptsp-error")).to_contain_text("Minta perbaikan")
        expect(self.state(page)).to_have_text("Diajukan")
        reason = "Pindaian STR tidak terbaca; unggah ulang dalam PDF yang jelas."
        self.act(page, "request_revision", reason)
        expect(self.state(page)).to_have_text("Perlu Perbaikan")
        expect(page.locator(".ptsp-timeline")).to_contain_text(reason)
        expect(page.locator(".ptsp-timeline")).to_contain_text("Vera Verifikasi")
        page.locator("#ptsp-internal-notes").fill("Hubungi pemohon bila belum diunggah dalam 3 hari.")
        with page.expect_navigation():
            page.locator("[name='form.buttons.save_notes']").click()
        expect(page.locator("#ptsp-internal-notes")).to_have_value(
            "Hubungi pemohon bila belum diunggah dalam 3 hari."
        )

        # the citizen, on a phone, reads the reason and resubmits
        page = self.log_in("budi", viewport=PHONE)
        expect(self.state(page)).to_have_text("Perlu Perbaikan")
        expect(page.locator(".ptsp-last-comment")).to_contain_text(reason)
        timeline = page.locator(".ptsp-timeline")
        expect(timeline).to_contain_text("Petugas Verifikasi")
        expect(timeline).not_to_contain_text("Vera")
        expect(page.locator("#catatan-internal")).to_have_count(0)
        expect(page.locator("body")).not_to_contain_text("Hubungi pemohon")
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
        self.act(page, "resubmit")
        expect(self.state(page)).to_have_text("Diajukan")
        expect(page.locator("button[name=workflow_action][value=resubmit]")).to_have_count(0)

        # verifier accepts, reviewer recommends, approver approves
        self.viewport = DESKTOP
        for user_id, action, comment, state in (
            ("vera", "accept", "", "Peninjauan Teknis"),
            ("tono", "recommend", "Lokasi praktik sesuai hasil kunjungan.", "Menunggu Persetujuan"),
            ("kartika", "approve", "", "Izin Terbit"),
        ):
            page = self.log_in(user_id)
            self.act(page, action, comment)
            expect(self.state(page)).to_have_text(state)
            expect(page.locator("#global_statusmessage")).to_contain_text(
                f"berhasil. Status permohonan sekarang: {state}."
            )

        expect(self.state(page)).to_have_text("Izin Terbit")
        steps = page.locator(".ptsp-timeline > li")
        expect(steps).to_have_count(6)
        for name in ("Budi Santoso", "Vera Verifikasi", "Tono Teknis", "Kartika Kadis"):
            expect(page.locator(".ptsp-timeline")).to_contain_text(name)
        for title in (
            "Permohonan diajukan",
            "Minta perbaikan",
            "Ajukan kembali",
            "Terima berkas",
            "Rekomendasikan",
            "Setujui",
        ):
            expect(page.locator(".ptsp-timeline")).to_contain_text(title)
        # what is left to the approver is revoking it
        expect(page.locator("button[name=workflow_action]")).to_have_count(1)
        expect(page.locator(".ptsp-action-revoke")).to_have_attribute("data-comment-required", "true")

        # and the citizen sees the issued permit, with role titles only
        page = self.log_in("budi", viewport=PHONE)
        expect(self.state(page)).to_have_text("Izin Terbit")
        timeline = page.locator(".ptsp-timeline")
        for title in ("Pemohon", "Petugas Verifikasi", "Tim Teknis", "Pejabat Penandatangan"):
            expect(timeline).to_contain_text(title)
        for name in ("Vera", "Tono", "Kartika"):
            expect(timeline).not_to_contain_text(name)
        expect(timeline).to_contain_text("Lokasi praktik sesuai hasil kunjungan.")
