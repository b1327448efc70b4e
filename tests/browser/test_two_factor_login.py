"""Two-factor login on the Classic UI, in chromium on a phone: an officer who
must use a second factor enrols on the login form (QR code shown, first code
typed) and later logs in with the password and then the code."""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.security import loginlock
from ptsp_portal.security.twofactor import plugin as twofactor
from ptsp_portal.security.twofactor import totp
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from unittest import mock
from zope.component.hooks import setSite

import os
import transaction
import unittest

PASSWORD = "rahasia-12345"
OFFICER = "vina"


def decode_qr_codes(png):
    from PIL import Image

    import io
    import zxingcpp

    with Image.open(io.BytesIO(png)) as image:
        return [result.text for result in zxingcpp.read_barcodes(image)]


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


class TestTwoFactorLogin(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING

    def setUp(self):
        app = self.layer["app"]
        self.site_url = f"{app.absolute_url()}/{SITE_ID}"
        self.portal = app[SITE_ID]
        setSite(self.portal)
        from plone.testing.zope import login
        from plone.testing.zope import logout

        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            api.user.create(
                email=f"{OFFICER}@example.org",
                username=OFFICER,
                password=PASSWORD,
                properties={"fullname": "Vina Verifikasi"},
            )
            api.group.add_user(groupname="ptsp-verifiers", username=OFFICER)
            api.portal.set_registry_record("ptsp_portal.two_factor_required", True)
            transaction.commit()
        finally:
            logout()
        loginlock.reset()
        self.addCleanup(loginlock.reset)
        import time

        self.clock = Clock(float(int(time.time()) // 30 * 30 + 1))
        patcher = mock.patch.object(totp, "clock", self.clock)
        patcher.start()
        self.addCleanup(patcher.stop)

    def code(self, secret):
        return totp.code_at(secret, self.clock.now)

    def password_step(self, page):
        page.goto(f"{self.site_url}/login")
        page.locator("#__ac_name").fill(OFFICER)
        page.locator("#__ac_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("[name='buttons.login']").click()

    def code_step(self, page, code):
        page.locator("#ptsp-2fa-code").fill(code)
        with page.expect_navigation():
            page.locator("[name='ptsp_2fa_submit']").click()

    def screenshot(self, page, name):
        folder = os.environ.get("PTSP_SCREENSHOTS")
        if folder:
            page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)

    def test_enrol_then_log_in_with_the_code(self):
        page = self.new_page()
        self.password_step(page)
        # not logged in: the QR code and the key to enrol, a field for the first code
        expect(page.locator(".ptsp-2fa-qr svg")).to_be_visible()
        expect(page.locator("#ptsp-2fa-code")).to_be_visible()
        expect(page.locator("#__ac_password")).to_have_count(0)
        self.screenshot(page, "2fa-enrol")
        secret = page.locator(".ptsp-2fa-secret").inner_text().replace(" ", "")
        # the QR code on the screen is the otpauth URI of that secret, issued by the office
        (uri,) = decode_qr_codes(page.locator(".ptsp-2fa-qr svg").screenshot())
        self.assertTrue(uri.startswith(f"otpauth://totp/DPMPTSP%20Kabupaten%20Contoh:{OFFICER}?"), uri)
        self.assertIn(f"secret={secret}", uri)
        self.code_step(page, "000000" if self.code(secret) != "000000" else "111111")
        expect(page.locator(".ptsp-2fa-login .alert")).to_contain_text("salah")
        self.assertEqual(page.locator(".ptsp-2fa-secret").inner_text().replace(" ", ""), secret)
        self.code_step(page, self.code(secret))
        expect(page.locator("#ptsp-2fa-code")).to_have_count(0)
        transaction.begin()
        self.assertEqual(twofactor.get(self.portal.acl_users).factor(OFFICER).secret, secret)
        page.goto(f"{self.site_url}/@@ptsp-2fa")
        expect(page.locator(".ptsp-2fa-active")).to_be_visible()

        # another day, another browser: the password, then the code
        self.clock.now += 24 * 3600
        page = self.new_page()
        self.password_step(page)
        expect(page.locator(".ptsp-2fa-qr")).to_have_count(0)
        expect(page.locator("#ptsp-2fa-code")).to_be_visible()
        self.screenshot(page, "2fa-code")
        self.code_step(page, self.code(secret))
        page.goto(f"{self.site_url}/@@ptsp-2fa")
        expect(page.locator(".ptsp-2fa-active")).to_be_visible()
        # the personal bar links to it
        expect(page.locator("a[href$='@@ptsp-2fa']").first).to_have_count(1)
