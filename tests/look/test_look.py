"""The office's look and the citizen's chrome, as pages render them
(issue 16 §3, §4): the contrast refusal in the web form and over REST, the
header's logo and name, the stylesheet of the set colours, the footer, the
toolbar only for who edits, no Plone logo or colophon, no byline on
functional pages."""

from plone import api
from plone.restapi.testing import RelativeSession
from plone.testing.zope import Browser
from ptsp_portal.testing import DISTRIBUTION_SERVER_TESTING
from ptsp_portal.testing import DISTRIBUTION_TESTING
from ptsp_portal.testing import SITE_ID
from zope.component.hooks import setSite

import re
import transaction
import unittest

PASSWORD = "rahasia-12345"
USERS = {
    "pengelola": ("Manager",),
    "warga": (),
    "editor": (),
}
LIGHT = "#7fb3d5"  # white on it: 2.26:1
DARK = "#0b4f6c"


def make_users(portal):
    for user_id, roles in USERS.items():
        if api.user.get(username=user_id) is None:
            api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
        if roles:
            api.user.grant_roles(username=user_id, roles=roles)
    api.group.add_user(groupname="ptsp-editors", username="editor")
    transaction.commit()


class TestLookPages(unittest.TestCase):
    layer = DISTRIBUTION_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.app[SITE_ID]
        setSite(self.portal)
        make_users(self.portal)
        self.url = self.portal.absolute_url()

    def browser(self, user_id=None):
        browser = Browser(self.app)
        browser.handleErrors = False
        if user_id:
            browser.addHeader("Authorization", f"Basic {user_id}:{PASSWORD}")
        return browser

    def record(self, name):
        transaction.begin()
        return api.portal.get_registry_record(f"ptsp_portal.{name}")

    def settings_form(self, **values):
        browser = self.browser("pengelola")
        browser.open(f"{self.url}/@@ptsp-settings")
        for name, value in values.items():
            browser.getControl(name=f"form.widgets.{name}").value = value
        browser.getControl(name="form.buttons.save").click()
        return browser

    # §3 the contrast refusal in the web form
    def test_form_refuses_white_on_a_light_primary(self):
        browser = self.settings_form(colour_primary=LIGHT)
        self.assertIn("Teks putih pada tombol warna utama", browser.contents)
        self.assertIn("#ffffff pada #7fb3d5 hanya berkontras 2,26:1", browser.contents)
        self.assertIsNone(self.record("colour_primary"))

    def test_form_refuses_a_bad_colour_code(self):
        browser = self.settings_form(colour_link="biru")
        self.assertIn("kode heksadesimal", browser.contents)
        self.assertIsNone(self.record("colour_link"))

    def test_form_saves_readable_colours_into_the_stylesheet(self):
        self.settings_form(
            colour_primary=DARK,
            colour_link=DARK,
            colour_footer_background="#f8f9fa",
            colour_footer_text="#212529",
        )
        self.assertEqual(self.record("colour_primary"), DARK)
        self.assertEqual(self.record("colour_footer_background"), "#f8f9fa")
        browser = self.browser()
        browser.open(f"{self.url}/@@ptsp-tampilan.css")
        self.assertTrue(browser.headers["content-type"].startswith("text/css"))
        css = browser.contents
        self.assertIn(f"--ptsp-primary: {DARK}", css)
        self.assertIn(f"--ptsp-navbar-bg: {DARK}", css)
        self.assertIn(f"--ptsp-link: {DARK}", css)
        self.assertIn("--ptsp-footer-bg: #f8f9fa; --ptsp-footer-text: #212529", css)
        self.assertIn("--ptsp-footer-link: #212529", css)
        # not set: nothing written, the portal's default stays
        self.assertNotIn("#content-header {", css)
        browser.open(self.url)
        self.assertIn(f'href="{self.url}/@@ptsp-tampilan.css"', browser.contents)
        self.assertNotIn(' style="--bs', browser.contents)

    def test_stylesheet_is_public_in_the_shared_cache(self):
        browser = self.browser()
        browser.open(f"{self.url}/@@ptsp-tampilan.css")
        self.assertIn("public", browser.headers["cache-control"])
        self.assertIn("s-maxage", browser.headers["cache-control"])

    def test_no_stylesheet_link_without_colours(self):
        browser = self.browser()
        browser.open(self.url)
        self.assertNotIn("@@ptsp-tampilan.css", browser.contents)

    # §3 the header and the footer
    def test_header_shows_the_office_logo_and_name(self):
        api.portal.set_registry_record(
            "ptsp_portal.office_name", "Pemerintah Kabupaten Contoh\nDPMPTSP Kabupaten Contoh"
        )
        transaction.commit()
        browser = self.browser()
        browser.open(self.url)
        logo = re.search(r'<a id="portal-logo".*?</a>', browser.contents, re.S).group(0)
        self.assertIn(f'src="{self.url}/@@ptsp-logo"', logo)
        self.assertIn("Pemerintah Kabupaten Contoh", logo)
        self.assertIn('<span class="ptsp-office-name-main">DPMPTSP Kabupaten Contoh</span>', logo)
        # the office's logo is Plone's site logo too: shared links show it
        self.assertIn(f'content="{self.url}/@@site-logo/dpmptsp-logo.svg"', browser.contents)
        browser.open(f"{self.url}/@@ptsp-logo")
        self.assertEqual(browser.headers["content-type"], "image/svg+xml")
        self.assertIn("sandbox", browser.headers["content-security-policy"])
        self.assertIn(
            b"DPMPTSP", browser.contents.encode() if isinstance(browser.contents, str) else browser.contents
        )

    def test_footer_is_the_office_s(self):
        api.portal.set_registry_record("ptsp_portal.footer_phone", "(0271) 999 888")
        transaction.commit()
        browser = self.browser()
        browser.open(self.url)
        footer = browser.contents[browser.contents.index('id="portal-footer-wrapper"') :]
        self.assertIn("Jl. Contoh No. 1", footer)
        self.assertIn('href="tel:0271999888"', footer)
        self.assertIn("Senin–Kamis 08.00–15.00 WIB", footer)
        self.assertIn('href="https://www.instagram.com/dpmptsp.contoh"', footer)
        self.assertIn(">Instagram<", footer)

    def assert_no_plone_branding(self, html):
        self.assertNotIn("Powered by Plone", html)
        self.assertNotIn("Didukung oleh Plone", html)
        self.assertNotIn("portal-colophon", html)
        self.assertNotIn("plone-logo", html)
        self.assertNotIn("logo.png", html)
        self.assertNotIn('href="http://plone.org', html)

    def test_no_plone_logo_or_colophon_for_anonymous_and_citizen(self):
        for user_id in (None, "warga"):
            browser = self.browser(user_id)
            for path in ("", "/layanan", "/login" if user_id is None else "/@@permohonan-saya"):
                browser.open(self.url + path)
                self.assert_no_plone_branding(browser.contents)

    # §4 the toolbar and the header's account menu
    def test_citizen_gets_no_toolbar_but_an_account_menu(self):
        browser = self.browser("warga")
        for path in ("", "/@@permohonan-saya", "/layanan"):
            browser.open(self.url + path)
            self.assertNotIn('id="edit-bar"', browser.contents, path)
            self.assertNotIn("pat-toolbar", browser.contents, path)
            menu = re.search(r'<nav class="ptsp-account-menu".*?</nav>', browser.contents, re.S).group(0)
            self.assertIn(f'href="{self.url}/@@permohonan-saya"', menu)
            self.assertIn(f'href="{self.url}/@@personal-information"', menu)
            self.assertIn(f'href="{self.url}/logout"', menu)
            self.assertIn("Keluar", menu)

    def test_editor_and_manager_keep_the_toolbar(self):
        browser = self.browser("editor")
        browser.open(f"{self.url}/berita")
        self.assertIn('id="edit-bar"', browser.contents)
        self.assertNotIn("ptsp-account-menu", browser.contents)
        browser = self.browser("pengelola")
        browser.open(self.url)
        self.assertIn('id="edit-bar"', browser.contents)

    def test_anonymous_gets_masuk_and_daftar(self):
        browser = self.browser()
        browser.open(self.url)
        links = re.search(r'<nav class="ptsp-anon-links".*?</nav>', browser.contents, re.S).group(0)
        self.assertIn(f'href="{self.url}/login"', links)
        self.assertIn(">Masuk<", links)
        self.assertIn(f'href="{self.url}/@@register"', links)
        self.assertIn(">Daftar<", links)
        self.assertNotIn("ptsp-account-menu", browser.contents)

    # §4 no byline on functional pages
    def test_no_byline_on_functional_pages(self):
        browser = self.browser("warga")
        for path in ("/@@permohonan-saya", "/@@lacak"):
            browser.open(self.url + path)
            self.assertNotIn("section-byline", browser.contents, path)
        # a news item keeps it (the byline itself is Plone's, shown to members)
        news = api.content.find(portal_type="News Item", review_state="published")[0]
        browser.open(news.getURL())
        self.assertIn("section-byline", browser.contents)


class TestLookRest(unittest.TestCase):
    layer = DISTRIBUTION_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["app"][SITE_ID]
        setSite(self.portal)
        make_users(self.portal)
        self.session = RelativeSession(f"{self.layer['app'].absolute_url()}/{SITE_ID}/++api++", test=self)
        self.session.headers.update({"Accept": "application/json"})
        self.session.auth = ("pengelola", PASSWORD)

    def record(self, name):
        transaction.begin()
        return api.portal.get_registry_record(f"ptsp_portal.{name}")

    def test_patch_refuses_white_on_a_light_primary(self):
        response = self.session.patch("@controlpanels/ptsp-settings", json={"colour_primary": LIGHT})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn(
            "Teks putih pada tombol warna utama: #ffffff pada #7fb3d5 hanya berkontras 2,26:1, "
            "minimal 4,5:1 agar terbaca (WCAG 2.1 AA). Pilih warna yang lebih gelap atau lebih terang.",
            response.json()["message"],
        )
        self.assertIsNone(self.record("colour_primary"))

    def test_patch_checks_against_the_stored_colours(self):
        # the link alone: read on the stored (default) breadcrumb bar too
        response = self.session.patch("@controlpanels/ptsp-settings", json={"colour_link": "#007bb1"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Warna tautan pada latar remah roti (breadcrumb)", response.text)
        self.assertIn("3,96:1", response.text)
        self.assertIsNone(self.record("colour_link"))
        # a light footer alone: the stored (default, light) footer text is read on it
        response = self.session.patch(
            "@controlpanels/ptsp-settings", json={"colour_footer_background": "#f8f9fa"}
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Warna teks kaki halaman pada latarnya", response.text)
        self.assertIsNone(self.record("colour_footer_background"))
        footer = {"colour_footer_background": "#f8f9fa", "colour_footer_text": "#212529"}
        response = self.session.patch("@controlpanels/ptsp-settings", json={**footer, "colour_link": DARK})
        self.assertEqual(response.status_code, 204, response.text)
        data = self.session.get("@controlpanels/ptsp-settings").json()["data"]
        self.assertEqual((data["colour_link"], data["colour_footer_background"]), (DARK, "#f8f9fa"))

    def test_patch_passing_primary(self):
        response = self.session.patch("@controlpanels/ptsp-settings", json={"colour_primary": DARK})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.record("colour_primary"), DARK)
        css = self.session.get(f"{self.portal.absolute_url()}/@@ptsp-tampilan.css")
        self.assertIn(f"--ptsp-primary: {DARK}", css.text)
