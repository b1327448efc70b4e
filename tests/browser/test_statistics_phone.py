"""The public statistics on a phone (390 × 844): the demo site's figures,
drawn without a script, readable without scrolling sideways, filtered by
permit type, downloadable."""

from playwright.sync_api import expect
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin

import unittest


class TestStatisticsOnPhone(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING

    def setUp(self):
        self.site_url = f"{self.layer['app'].absolute_url()}/{SITE_ID}"

    def test_read_filter_and_download(self):
        page = self.new_page(java_script_enabled=False)  # nothing on the page needs a script
        page.goto(f"{self.site_url}/@@statistik")
        expect(page.get_by_role("heading", name="Statistik pelayanan")).to_be_visible()
        # the demo's applications are counted (received this year)
        received = page.locator(".ptsp-statistics-card").first.locator("dd")
        self.assertGreater(int(received.inner_text()), 0)
        chart = page.locator("svg.ptsp-chart-months")
        expect(chart).to_be_visible()
        self.assertGreater(chart.locator("rect").count(), 0)
        box = chart.bounding_box()
        self.assertLessEqual(box["x"] + box["width"], 390)
        # tables for screen readers, with captions and header cells
        table = page.get_by_role("table", name="Permohonan per bulan: Semua jenis izin")
        expect(table).to_be_attached()
        self.assertGreater(table.locator("th[scope=row]").count(), 0)
        # no sideways scrolling of the page (wide tables scroll in their own box)
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)

        # one permit type, chosen in the form
        option = page.locator("#ptsp-statistics-type option").nth(1)
        title = option.inner_text().strip()
        page.select_option("#ptsp-statistics-type", index=1)
        page.get_by_role("button", name="Tampilkan").click()
        expect(page.locator(".ptsp-statistics h2")).to_contain_text(title)
        expect(page.locator("svg.ptsp-chart-times")).to_be_visible()

        with page.expect_download() as download:
            page.get_by_role("link", name="Unduh CSV").click()
        self.assertTrue(download.value.suggested_filename.startswith("statistik-"))
        with open(download.value.path(), encoding="utf-8-sig") as csv_file:
            self.assertTrue(csv_file.readline().startswith("year,month,permit_type_id"))

    def test_bad_year_says_so(self):
        page = self.new_page()
        response = page.goto(f"{self.site_url}/@@statistik?year=abad-ini")
        self.assertEqual(response.status, 400)
        expect(page.locator(".ptsp-statistics-error")).to_contain_text("Tahun harus berupa angka")
