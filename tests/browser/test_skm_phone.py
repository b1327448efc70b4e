"""A citizen whose permit was issued answers the SKM survey on a phone
(390x844, Debian chromium) from the invitation's link, and the published
index on ``@@skm`` moves.  The demo site starts with its demo responses,
enough for a grade."""

from playwright.sync_api import expect
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.distributions.demo_survey import COUNT
from ptsp_portal.survey.elements import ELEMENT_KEYS
from ptsp_portal.survey.invitations import pending_token
from ptsp_portal.survey.mail import SURVEY_VIEW
from ptsp_portal.survey.storage import get_storage
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from zope.component.hooks import setSite

import re
import unittest


class TestSurveyOnPhone(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING

    def setUp(self):
        self.site_url = f"{self.layer['app'].absolute_url()}/{SITE_ID}"
        portal = self.layer["app"][SITE_ID]
        setSite(portal)
        brains = portal.portal_catalog.unrestrictedSearchResults(
            portal_type=PERMIT_APPLICATION, review_state="issued"
        )
        self.assertTrue(brains, "the demo has an issued application")
        self.token = pending_token(get_storage(portal), brains[0].UID)
        self.assertIsNotNone(self.token, "its applicant was invited")

    def index(self, page):
        page.goto(f"{self.site_url}/@@skm")
        ikm = page.locator(".ptsp-skm-ikm dd").inner_text()
        respondents = int(page.locator(".ptsp-skm-respondents dd").inner_text())
        return ikm, respondents

    def test_answer_after_issued_permit_moves_the_index(self):
        page = self.new_page()
        ikm_before, respondents = self.index(page)
        self.assertEqual(respondents, COUNT)  # the demo's responses: a grade is shown
        expect(page.locator(".ptsp-skm-grade dd")).to_have_text(re.compile(r"^[ABCD] \("))
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)

        page.goto(f"{self.site_url}/{SURVEY_VIEW}?token={self.token}")
        expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)
        # submitting with an element missing keeps the answers and names it
        for key in ELEMENT_KEYS[:-1]:
            page.locator(f"#ptsp-skm-{key} label.ptsp-skm-option").nth(3).tap()  # "4", by its label
        page.get_by_role("button", name="Kirim jawaban").click()
        expect(page.locator(f"#ptsp-skm-{ELEMENT_KEYS[-1]} .invalid-feedback")).to_be_visible()
        # the lowest value everywhere: the index must go down
        for key in ELEMENT_KEYS:
            page.locator(f"#ptsp-skm-{key} input[value='1']").check()
        page.get_by_label("Usia").select_option("26-35")
        page.get_by_role("button", name="Kirim jawaban").click()
        expect(page.locator(".ptsp-skm-thanks")).to_contain_text("Terima kasih")

        ikm_after, respondents_after = self.index(page)
        self.assertEqual(respondents_after, COUNT + 1)
        self.assertLess(float(ikm_after.replace(",", ".")), float(ikm_before.replace(",", ".")))

        # the link works once
        page.goto(f"{self.site_url}/{SURVEY_VIEW}?token={self.token}")
        expect(page.locator(".ptsp-skm-token-error")).to_contain_text("sudah diisi")
