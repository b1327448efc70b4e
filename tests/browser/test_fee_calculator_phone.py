"""The fee calculator of the demo's PBG page on a phone (390 × 844): with
JavaScript it asks ``@fee`` and answers in place, without it the page
answers itself; a bad answer is named, in Indonesian."""

from playwright.sync_api import expect
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin

import unittest

PBG = "layanan/persetujuan-bangunan-gedung"


class TestFeeCalculatorOnPhone(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING

    def setUp(self):
        self.url = f"{self.layer['app'].absolute_url()}/{SITE_ID}/{PBG}"

    def test_calculate_in_place(self):
        page = self.new_page()
        page.goto(self.url)
        calculator = page.locator(".ptsp-fee-calculator")
        expect(calculator).to_be_visible()
        expect(calculator.locator(".ptsp-fee-formula")).to_contain_text("Rp 10.000")
        field = page.get_by_label("Luas bangunan (m²)")
        field.fill("120,5")
        with page.expect_response(lambda response: "/@fee?" in response.url) as answered:
            page.get_by_role("button", name="Hitung").click()
        self.assertEqual(answered.value.status, 200)
        result = page.locator("#ptsp-fee-result")
        expect(result).to_contain_text("Rp 1.205.000")
        self.assertNotIn("?", page.url)  # no reload
        # a formula is not an answer
        field.fill("120*2")
        page.get_by_role("button", name="Hitung").click()
        expect(result).to_contain_text("harus berupa angka")
        expect(field).to_have_attribute("aria-invalid", "true")
        # the calculator fits the phone
        box = calculator.bounding_box()
        self.assertLessEqual(box["x"] + box["width"], 390)
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)

    def test_without_javascript(self):
        page = self.new_page(java_script_enabled=False)
        page.goto(self.url)
        page.get_by_label("Luas bangunan (m²)").fill("200")
        page.get_by_role("button", name="Hitung").click()
        expect(page.locator("#ptsp-fee-result")).to_contain_text("Rp 2.000.000")
        self.assertIn("luas_bangunan=200", page.url)
