"""Issue 16 §1: no serious or critical axe-core violation (wcag2a, wcag2aa,
wcag21aa) on the pages a citizen, an editor and an officer use, at 390x844
and 1280x900, in Indonesian and in English, on the demo site served at
``localhost`` (themed: Plone does not theme 127.0.0.1).

One chromium (the layer's); per viewport and language one browser context
per role, logged in once (by a POST of the login form, so the login page
itself is loaded only as an anonymous page), and every page loaded once.
The violations of all pages are collected and reported together.

The language is Plone's cookie negotiation (``plone.use_cookie_negotiation``
is on for the distribution): the ``I18N_LANGUAGE`` cookie; without it the
site's default, Indonesian.
"""

from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from plone.testing.zope import logout
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.constants import REVISION_STATE
from ptsp_portal.demo import accounts
from ptsp_portal.drafts import saving
from ptsp_portal.security import ratelimit
from ptsp_portal.testing import DISTRIBUTION_BROWSER_TESTING
from ptsp_portal.testing import SITE_ID
from tests.browser import axe
from tests.browser import htmlcs
from tests.browser.base import BrowserMixin
from tests.browser.base import PHONE
from tests.forms import files
from urllib.parse import urlsplit
from zope.component.hooks import setSite

import re
import transaction
import unittest

DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "Sandi-Aksesibel-2026"
MANAGER = "pengelola-situs"
PERMIT_TYPE = "surat-izin-praktik-dokter"
FEE_PERMIT_TYPE = "persetujuan-bangunan-gedung"  # the demo's fee-bearing permit (PBG)

# No allowance for upload inputs any more: the permit forms' upload widget
# (phoneforms/templates/file_input.pt, issue 16 §5) and the control panel's
# logo upload name their <input type=file>.  Kept empty so that an allowance
# needs a name and a reason here.
PENDING_UPLOAD_LABEL = frozenset()


# the same for HTML_CodeSniffer's codes of an unlabelled input
UPLOAD_LABEL_RULES = (
    "label",
    "WCAG2AA.Principle1.Guideline1_3.1_3_1.F68",
    "WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.InputFile.Name",
)


def pending_upload_label(page_label, rule, html):
    return page_label in PENDING_UPLOAD_LABEL and rule in UPLOAD_LABEL_RULES and 'type="file"' in html


# HTML_CodeSniffer only: plone.app.users' register_form.pt is an
# <article id="content"> inside the main template's #content (F77, duplicate
# id: WCAG 2.1 4.1.1 Parsing, which WCAG 2.2 removed and axe no longer tags
# wcag2a).  Not a barrier; left to whoever overrides that template.
HTMLCS_REGISTER_DUPLICATE_ID = ("registration", "WCAG2AA.Principle4.Guideline4_1.4_1_1.F77", 'id="content"')


def known_htmlcs(page_label, code, html):
    page, rule, marker = HTMLCS_REGISTER_DUPLICATE_ID
    return page_label == page and code == rule and marker in html


class TestAccessibility(BrowserMixin, unittest.TestCase):
    layer = DISTRIBUTION_BROWSER_TESTING

    def setUp(self):
        ratelimit.reset()
        self.addCleanup(ratelimit.reset)
        app = self.layer["app"]
        self.site_url = f"{app.absolute_url()}/{SITE_ID}"
        # the WSGI server layer serves at localhost, which Plone themes
        self.assertEqual(urlsplit(self.site_url).hostname, "localhost")
        portal = app[SITE_ID]
        setSite(portal)
        login(app["acl_users"], SITE_OWNER_NAME)
        try:
            self.set_up_content(portal)
            transaction.commit()
        finally:
            logout()

    def set_up_content(self, portal):
        acl_users = api.portal.get_tool("acl_users")
        for account in (
            accounts.CITIZEN,
            accounts.VERIFIER,
            accounts.EDITOR,
            accounts.COMPLAINT_HANDLER,
            accounts.FRONT_OFFICE,
            accounts.CASHIER,
        ):
            self.assertIsNotNone(acl_users.getUserById(account.login), account.login)
            acl_users.userSetPassword(account.login, PASSWORD)
        api.user.create(
            email="pengelola@example.org", username=MANAGER, password=PASSWORD, roles=("Manager",)
        )
        catalog = api.portal.get_tool("portal_catalog")

        def first(**query):
            brains = catalog.unrestrictedSearchResults(**query)
            self.assertTrue(brains, query)
            return brains[0]._unrestrictedGetObject()

        applications = {
            state: first(portal_type=PERMIT_APPLICATION, review_state=state, Creator=accounts.CITIZEN.login)
            for state in ("submitted", REVISION_STATE, "issued")
        }
        self.submitted = applications["submitted"]
        self.revision = applications[REVISION_STATE]
        self.issued = applications["issued"]
        self.assertTrue(self.issued.verification_code)
        self.permit = portal["layanan"][PERMIT_TYPE]
        self.form = self.permit["formulir"]
        self.news = first(portal_type="News Item")
        self.regulation = first(portal_type="Regulation")
        self.complaint = first(portal_type="Complaint")
        # a draft in Permohonan Saya
        self.draft = saving.save(
            self.permit, accounts.CITIZEN.login, {"tempat_praktik": "Klinik Draf Sehat"}, {}
        )

    # --- pages -------------------------------------------------------------

    def pages(self):
        """``(role, label, url or callable)``: the callable gets the page and
        leaves it in the state to check."""
        site = self.site_url
        form_url = self.form.absolute_url()
        anonymous = [
            ("front page", site),
            ("catalogue", f"{site}/layanan"),
            ("permit page", self.permit.absolute_url()),
            ("tracking", f"{site}/@@lacak"),
            ("tracking result", f"{site}/@@lacak?nomor={self.submitted.tracking_number}"),
            ("verification", f"{site}/@@verifikasi/{self.issued.verification_code}"),
            ("regulations", f"{site}/regulasi"),
            ("regulation", self.regulation.absolute_url()),
            ("news", f"{site}/berita"),
            ("news item", self.news.absolute_url()),
            ("login", f"{site}/login"),
            ("registration", f"{site}/@@register"),
            ("password reset", f"{site}/mail_password_form"),
            ("complaint form", f"{site}/@@pengaduan"),
            ("complaint tracking", f"{site}/@@lacak-pengaduan"),
            ("skm", f"{site}/@@skm"),
            ("statistics", f"{site}/@@statistik"),
            ("service standard", f"{site}/@@standar-pelayanan"),
            ("permit page with a fee calculator", f"{site}/layanan/{FEE_PERMIT_TYPE}"),
        ]
        citizen = [
            ("form (empty)", form_url),
            ("form (with errors)", self.submit_empty),
            ("form (after an upload)", self.submit_one_file),
            ("form (a draft)", f"{form_url}?draf={self.draft.draft_id}"),
            ("thank-you page", f"{form_url}/@@permohonan-terkirim?nomor={self.submitted.tracking_number}"),
            ("Permohonan Saya (with a draft)", f"{site}/@@permohonan-saya"),
            ("application", self.submitted.absolute_url()),
            ("revision page", f"{self.revision.absolute_url()}/@@perbaiki"),
            ("issued application", self.issued.absolute_url()),
            ("claiming a counter application", f"{site}/@@klaim-permohonan"),
        ]
        # the counter and the cash desk (issue 18)
        front_office = [
            ("counter", f"{site}/@@loket"),
            ("counter form", f"{form_url}/@@loket-formulir"),
        ]
        cashier = [
            ("cash desk", f"{site}/@@kasir"),
            ("fee statistics", f"{site}/@@statistik-retribusi"),
        ]
        officer = [
            ("queue", f"{site}/permohonan"),
            ("application (officer)", self.submitted.absolute_url()),
        ]
        complaint_handler = [
            ("complaints queue", f"{site}/pengaduan/@@pengaduan-antrian"),
            ("complaint (handler)", f"{self.complaint.absolute_url()}/@@tangani-pengaduan"),
        ]
        editor = [
            ("front page (editor)", site),
            ("news item (editor)", self.news.absolute_url()),
        ]
        manager = [
            ("PTSP control panel", f"{site}/@@ptsp-settings"),
        ]
        return {
            None: anonymous,
            accounts.CITIZEN.login: citizen,
            accounts.VERIFIER.login: officer,
            accounts.COMPLAINT_HANDLER.login: complaint_handler,
            accounts.EDITOR.login: editor,
            accounts.FRONT_OFFICE.login: front_office,
            accounts.CASHIER.login: cashier,
            MANAGER: manager,
        }

    def submit_empty(self, page):
        page.goto(self.form.absolute_url())
        with page.expect_navigation():
            page.locator("[name='form.buttons.submit']").click()

    def submit_one_file(self, page):
        page.goto(self.form.absolute_url())
        row = next(r for r in self.permit.requirements if r.get("required") and "pdf" in r["file_types"])
        page.locator(f"input[type=file][name='form.widgets.{row['id']}']").set_input_files(
            {"name": f"{row['id']}.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}
        )
        with page.expect_navigation():
            page.locator("[name='form.buttons.submit']").click()

    # --- the run -------------------------------------------------------------

    def role_page(self, user_id, language):
        page = self.new_page()
        if language != "id":
            page.context.add_cookies([{"name": "I18N_LANGUAGE", "value": language, "url": self.site_url}])
        if user_id is not None:
            response = page.context.request.post(
                f"{self.site_url}/login",
                form={"__ac_name": user_id, "__ac_password": PASSWORD, "buttons.login": "Masuk"},
            )
            self.assertEqual(response.status, 200)
            cookies = {c["name"] for c in page.context.cookies()}
            self.assertIn("__ac", cookies, f"{user_id} is not logged in")
        return page

    def check_all(self, viewport, language):
        self.viewport = viewport
        found = []
        checked = 0
        for user_id, pages in self.pages().items():
            page = self.role_page(user_id, language)
            for label, target in pages:
                if callable(target):
                    target(page)
                else:
                    response = page.goto(target)
                    self.assertLess(response.status, 400, f"{label}: {target}")
                self.assertEqual(page.locator("html").get_attribute("lang"), language, label)
                for rule, impact, selector, help, html, summary in axe.nodes(axe.check(page)):
                    if pending_upload_label(label, rule, html):
                        continue
                    found.append(
                        f"[{label}] {rule} ({impact}) at {selector}: {help} -- {html[:140]} -- {summary}"
                    )
                # the second engine: HTML_CodeSniffer's WCAG2AA errors
                for error in htmlcs.check(page):
                    code, html = error["code"], error["html"]
                    if pending_upload_label(label, code, html) or known_htmlcs(label, code, html):
                        continue
                    found.append(
                        f"[{label}] HTML_CodeSniffer {code}: {error['message'][:120]} -- {html[:140]}"
                    )
                checked += 1
            page.context.close()
        self.assertGreater(checked, 30)
        if found:
            self.fail(
                f"axe-core and HTML_CodeSniffer, {viewport['width']}x{viewport['height']}, {language}: "
                f"{len(found)} serious/critical violations or errors:\n" + "\n".join(found)
            )

    def test_phone_indonesian(self):
        self.check_all(PHONE, "id")

    def test_phone_english(self):
        self.check_all(PHONE, "en")

    def test_desktop_indonesian(self):
        self.check_all(DESKTOP, "id")

    def test_desktop_english(self):
        self.check_all(DESKTOP, "en")

    def test_toolbar_pin_and_unpin_are_working_buttons(self):
        # a11y/toolbar.pt: buttons instead of anchors without href
        self.viewport = DESKTOP
        page = self.role_page(accounts.EDITOR.login, "id")
        # where an editor edits (the toolbar is for those who edit where they
        # are, look/chrome.py; on the front page an editor has the account menu)
        page.goto(f"{self.site_url}/berita")
        body = page.locator("body")
        expect(body).to_have_class(re.compile(r"\bplone-toolbar-left-expanded\b"))
        unpin = page.locator("#edit-zone button.toolbar-collapse")
        expect(unpin).to_have_attribute("type", "button")
        # "Unpin" until Plone's catalogue (or h-i18n's) translates it
        expect(unpin).to_have_accessible_name(re.compile(r"\S"))
        unpin.click()
        expect(body).not_to_have_class(re.compile(r"\bplone-toolbar-left-expanded\b"))
        # collapsed, the icons keep their names for screen readers
        self.assertEqual([], [v for v in axe.check(page) if v["id"] == "link-name"])
        page.locator("#edit-zone button.toolbar-expand").click()
        expect(body).to_have_class(re.compile(r"\bplone-toolbar-left-expanded\b"))
        expect(page.locator("#edit-zone a.toolbar-collapse, #edit-zone a.toolbar-expand")).to_have_count(0)
