"""An editor still builds the questions of a permit form in the browser,
now that the form belongs to the office (issue 10), in chromium against the
demo site."""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser.base import BrowserMixin
from zope.component.hooks import setSite

import transaction
import unittest

PASSWORD = "rahasia-12345"
FORM = "layanan/surat-izin-praktik-bidan/formulir"


class TestEditorBuildsAQuestion(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING
    viewport = {"width": 1280, "height": 900}

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
                email="edi@example.org",
                username="edi",
                password=PASSWORD,
                properties={"fullname": "Edi Editor"},
            )
            api.group.add_user(groupname="ptsp-editors", username="edi")
            transaction.commit()
        finally:
            logout()

    def test_editor_adds_a_question_but_no_action(self):
        page = self.new_page()
        page.goto(f"{self.site_url}/login")
        page.locator("#__ac_name").fill("edi")
        page.locator("#__ac_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("[name='buttons.login']").click()
        expect(page.locator("#__ac_password")).to_have_count(0)

        page.goto(f"{self.site_url}/{FORM}/@@fields/@@add-field")
        page.locator("#form-widgets-title").fill("Tempat praktik")
        page.locator("#form-widgets-__name__").fill("tempat_praktik")
        values = page.locator("#form-widgets-factory option").evaluate_all(
            "options => options.map(o => o.value)"
        )
        textline = next(v for v in values if "textline" in v.lower())
        page.locator("#form-widgets-factory").select_option(textline)
        with page.expect_navigation():
            page.locator("#form-buttons-add").click()
        self.portal._p_jar.sync()
        form = self.portal.unrestrictedTraverse(FORM)
        self.assertIn('name="tempat_praktik"', form.fields_model)
        # the question is on the fields page; the expression overrides are not
        # offered to the editor on its edit page
        page.goto(f"{self.site_url}/{FORM}/@@fields/tempat_praktik")
        expect(page.locator("#form-widgets-title")).to_have_value("Tempat praktik")
        expect(page.locator("[name$='TDefault']")).to_have_count(0)
        # the action screen offers the editor nothing that sends or stores data
        page.goto(f"{self.site_url}/{FORM}/@@actions/@@add-action")
        options = page.locator("#form-widgets-factory option").all_text_contents()
        self.assertFalse([o for o in options if "Mailer" in o or "Save Data" in o], options)
