"""An issued permit, end to end on the demo site: the approver approves, the
citizen downloads the PDF, an anonymous visitor on a phone opens the
verification URL decoded from the PDF's QR code and reads "Berlaku"; after
``revoke`` the same page says "Dicabut"."""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ptsp_portal.applications.intake import create_application
from ptsp_portal.documents import permit_document
from ptsp_portal.security import ratelimit
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from tests.documents.base import decode_qr_codes
from zope.component.hooks import setSite

import re
import requests
import transaction
import unittest

PASSWORD = "rahasia-12345"
NIK = "3273014509880002"
REASON = "Pemegang izin tidak lagi berpraktik di lokasi yang tercantum."
COMMENT = "Laporan inspeksi internal no. 12/INSP: rincian tidak untuk publik."
USERS = {
    "verifikator-uji": ("Vera Verifikasi", ("ptsp-verifiers",)),
    "teknis-uji": ("Tono Teknis", ("ptsp-reviewers",)),
    "pejabat-uji": ("Kartika Kadis", ("ptsp-approvers",)),
    "dewi-lestari": ("Dewi Lestari", ()),
}


class TestPermitVerification(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING

    def setUp(self):
        ratelimit.reset()
        self.addCleanup(ratelimit.reset)
        self.site_url = f"{self.layer['app'].absolute_url()}/{SITE_ID}"
        self.portal = self.layer["app"][SITE_ID]
        setSite(self.portal)
        with api.env.adopt_roles(["Manager"]):
            for user_id, (fullname, groups) in USERS.items():
                api.user.create(
                    email=f"{user_id}@example.org",
                    username=user_id,
                    password=PASSWORD,
                    properties={"fullname": fullname},
                )
                for group in groups:
                    api.group.add_user(groupname=group, username=user_id)
        permit_type = self.portal["layanan"]["surat-izin-praktik-dokter"]
        permit_type.validity_years = 5
        self.application = create_application(
            permit_type,
            "dewi-lestari",
            {
                "applicant_name": "Dewi Lestari",
                "applicant_nik": NIK,
                "applicant_email": "dewi-lestari@example.org",
                "applicant_phone": "0813-2222-3333",
                "applicant_address": "Jl. Anggrek No. 5, Kabupaten Contoh",
                "form_data": {"tempat_praktik": "Klinik Pratama Melati"},
            },
            {
                row["id"]: (f"{row['id']}.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")
                for row in permit_type.requirements or []
                if row.get("required")
            },
        )
        self.transition("verifikator-uji", "accept")
        self.transition("teknis-uji", "recommend", "Sarana praktik sesuai.")
        transaction.commit()

    def transition(self, user_id, action, comment="", **extra):
        login(self.portal, user_id)
        try:
            api.portal.get_tool("portal_workflow").doActionFor(
                self.application, action, comment=comment, **extra
            )
        finally:
            logout()

    def download(self, auth):
        url = f"{permit_document(self.application).absolute_url()}/@@download/file"
        response = requests.get(url, auth=auth, allow_redirects=False, timeout=60)
        self.addCleanup(response.close)
        return response

    def test_approve_download_verify_revoke(self):
        # the approver approves; the permit document is made on the way
        self.transition("pejabat-uji", "approve")
        transaction.commit()
        self.assertEqual(api.content.get_state(self.application), "issued")

        # the citizen downloads the PDF with her own account; nobody else can
        response = self.download(("dewi-lestari", PASSWORD))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"))
        self.assertNotEqual(self.download(None).status_code, 200)

        # the QR code printed on it opens the verification page
        (url,) = decode_qr_codes(response.content)
        self.assertRegex(url, "^" + re.escape(f"{self.site_url}/@@verifikasi/") + r"[A-Za-z0-9_-]{24}$")

        page = self.new_page()
        page.goto(url)
        status = page.locator(".ptsp-verification-status")
        expect(status).to_have_attribute("data-status", "valid")
        expect(status).to_contain_text("Berlaku")
        facts = page.locator(".ptsp-verification-facts")
        expect(facts).to_contain_text(self.application.permit_number)
        expect(facts).to_contain_text("D**i L*****i")
        body = page.locator("body").inner_text()
        for secret in (NIK, "Dewi Lestari", "Anggrek", "Melati", "0813", self.application.tracking_number):
            self.assertNotIn(secret, body)
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)

        # revoked: the same page says so at once, with the public reason
        # (never the approver's internal comment)
        self.transition("pejabat-uji", "revoke", COMMENT, revocation_public_reason=REASON)
        transaction.commit()
        page.reload()
        expect(status).to_have_attribute("data-status", "revoked")
        expect(status).to_contain_text("Dicabut")
        expect(facts).to_contain_text(REASON)
        self.assertNotIn(COMMENT, page.locator("body").inner_text())
