"""The error summary on a failed self-registration (``@@register``)."""

from lxml import html as lxml_html
from tests.accounts.test_accounts import AccountCase


class TestRegistrationSummary(AccountCase):
    def test_summary_links_to_the_fields_in_error(self):
        page = lxml_html.fromstring(self.register(nik="1234", phone="12345"))
        summary = page.get_element_by_id("ptsp-error-summary")
        # at the top of the registration form
        form = summary.getparent()
        self.assertEqual(form.tag, "form")
        self.assertIs(form[0] if form[0].tag != "input" else form[1], summary)
        links = summary.xpath("div[@role='alert']//li/a")
        self.assertEqual([a.get("href") for a in links], ["#form-widgets-nik", "#form-widgets-phone"])
        for link in links:
            self.assertEqual(page.get_element_by_id(link.get("href")[1:]).tag, "input")
        self.assertEqual(page.xpath("//*[contains(@class, 'statusmessage-error')]"), [])
        self.assertNotIn("pat-formautofocus", form.get("class"))

    def test_no_summary_before_a_submit(self):
        from tests.accounts.test_accounts import reset_request
        from zope.component import getMultiAdapter

        reset_request(self.request)
        self.request.environ["REQUEST_METHOD"] = "GET"
        page = getMultiAdapter((self.portal, self.request), name="register")()
        self.assertNotIn("ptsp-error-summary", page)
        self.assertIn('name="form.widgets.nik"', page)
