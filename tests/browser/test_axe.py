"""The axe-core helper (tests/browser/axe.py) reports what it must: a page
with known violations fails, a clean page passes, and the helper works
under a strict Content-Security-Policy like the portal's."""

from ptsp_portal.testing import PLAYWRIGHT_FIXTURE
from tests.browser import axe
from tests.browser import htmlcs
from tests.browser.base import BrowserMixin

import unittest

BAD = """<!DOCTYPE html>
<html lang="id"><head><title>Contoh buruk</title></head>
<body><main>
  <h1>Formulir</h1>
  <p style="color: #aaaaaa; background: #ffffff">Teks abu-abu muda yang sulit dibaca</p>
  <input type="text" name="nama">
</main></body></html>"""

# stricter for scripts than the portal's policy (ptsp_portal.security.headers:
# no inline or eval): axe runs all the same
CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"

GOOD = """<!DOCTYPE html>
<html lang="id"><head><title>Contoh baik</title></head>
<body><main>
  <h1>Formulir</h1>
  <p style="color: #212529; background: #ffffff">Teks yang mudah dibaca</p>
  <label for="nama">Nama</label> <input type="text" id="nama" name="nama">
</main></body></html>"""


class TestAxeHelper(BrowserMixin, unittest.TestCase):
    layer = PLAYWRIGHT_FIXTURE

    def test_known_violations_are_reported(self):
        page = self.new_page()
        page.set_content(BAD)
        violations = axe.check(page)
        rules = {v["id"]: v for v in violations}
        self.assertEqual(set(rules), {"color-contrast", "label"})
        self.assertEqual(rules["label"]["impact"], "critical")
        self.assertEqual(rules["color-contrast"]["impact"], "serious")
        self.assertEqual(rules["label"]["nodes"][0]["target"], ["input"])
        # and the assertion fails, naming rule, impact, target and help
        with self.assertRaises(AssertionError) as raised:
            axe.assert_accessible(self, page, label="contoh")
        message = str(raised.exception)
        self.assertIn("serious/critical violations on contoh", message)
        self.assertIn("label (critical) at input: Form elements must have labels", message)
        self.assertIn("color-contrast (serious) at p:", message)
        self.assertIn("#aaaaaa", message)  # the colours axe measured

    def test_clean_page_passes(self):
        page = self.new_page()
        page.set_content(GOOD)
        self.assertEqual(axe.check(page), [])
        axe.assert_accessible(self, page)
        self.assertEqual(htmlcs.check(page), [])

    def test_html_codesniffer_reports_the_same_page(self):
        # the second engine (pa11y's default runner)
        page = self.new_page()
        page.set_content(BAD)
        codes = [error["code"] for error in htmlcs.check(page)]
        self.assertTrue([c for c in codes if ".1_4_3.G18" in c], codes)  # contrast
        self.assertTrue([c for c in codes if c.endswith(".F68")], codes)  # unlabelled input

    def test_only_the_wcag_a_and_aa_tags_run(self):
        # "region" (content outside landmarks) is a best practice, not WCAG
        page = self.new_page()
        page.set_content('<html lang="id"><head><title>t</title></head><body><p>lepas</p></body></html>')
        self.assertEqual(axe.check(page, impacts=("minor", "moderate", "serious", "critical")), [])

    def test_strict_content_security_policy(self):
        # the portal refuses inline and foreign scripts; axe still runs
        page = self.new_page()
        page.route(
            "http://ptsp.test/",
            lambda route: route.fulfill(
                body=BAD,
                content_type="text/html",
                headers={"Content-Security-Policy": CSP},
            ),
        )
        page.goto("http://ptsp.test/")
        self.assertEqual({v["id"] for v in axe.check(page)}, {"color-contrast", "label"})
