"""Playwright (sync API) driving Debian's chromium against the WSGI server layer."""

from playwright.sync_api import sync_playwright

import os
import tempfile

CHROMIUM = os.environ.get("PTSP_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class BrowserMixin:
    """Starts one headless chromium per test class; a fresh phone-sized page per test."""

    viewport = PHONE

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._playwright = sync_playwright().start()
        cls._profile = tempfile.TemporaryDirectory()
        cls.browser = cls._playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls._playwright.stop()
        cls._profile.cleanup()
        super().tearDownClass()

    def new_page(self, **context_options):
        context = self.browser.new_context(
            viewport=self.viewport, is_mobile=True, has_touch=True, **context_options
        )
        self.addCleanup(context.close)
        page = context.new_page()
        page.set_default_timeout(30000)
        return page
