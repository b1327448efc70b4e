"""A citizen on a phone finds a permit and reads what it needs."""

from playwright.sync_api import expect
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from zope.component.hooks import setSite

import re
import unittest


class TestCitizenOnPhone(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING

    def setUp(self):
        self.site_url = f"{self.layer['app'].absolute_url()}/{SITE_ID}"
        portal = self.layer["app"][SITE_ID]
        setSite(portal)
        catalog = portal.portal_catalog
        featured = catalog.unrestrictedSearchResults(
            portal_type="PermitType", sort_on="getObjPositionInParent"
        )[:6]
        # a featured permit whose time and fee are fixed
        self.permit = [
            b._unrestrictedGetObject() for b in featured if b.service_days and b.fee_amount is not None
        ][0]

    def test_front_page_to_permit_requirements_fee_and_sla(self):
        page = self.new_page(locale="en-US")
        page.goto(self.site_url)
        # Indonesian by default, even for a browser that asks for English
        expect(page.locator("html")).to_have_attribute("lang", "id")
        expect(page.get_by_role("heading", name="Layanan unggulan")).to_be_visible()
        # no horizontal scrolling on a 390 px wide phone
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 390)

        page.locator(".ptsp-featured").get_by_role("link", name=self.permit.Title()).click()
        expect(page).to_have_url(re.compile(re.escape(self.permit.absolute_url()) + "/?$"))
        expect(page.get_by_role("heading", name="Persyaratan")).to_be_visible()
        first_requirement = self.permit.requirements[0]["title"]
        expect(page.locator(".ptsp-requirements")).to_contain_text(first_requirement)
        expect(page.locator(".ptsp-fact-time")).to_contain_text(f"{self.permit.service_days} hari kerja")
        fee = page.locator(".ptsp-fact-fee")
        if self.permit.fee_amount:
            expect(fee).to_contain_text("Rp ")
        else:
            expect(fee).to_contain_text("Gratis")
        # the key facts are on the first phone screen
        box = page.locator(".ptsp-facts").bounding_box()
        self.assertLess(box["y"] + box["height"], 844 * 1.5)

    def test_search_from_front_page_reaches_catalogue(self):
        page = self.new_page()
        page.goto(self.site_url)
        word = self.permit.Title().split()[-1]
        page.locator(".ptsp-hero input[name=q]").fill(word)
        page.locator(".ptsp-hero button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/layanan\?q="))
        expect(page.locator(".ptsp-catalogue")).to_contain_text(self.permit.Title())
