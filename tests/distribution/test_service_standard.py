"""The service pledge (maklumat pelayanan) and the "Standar Pelayanan"
overview (issue 15 §5): on the demo site, reachable from the front page and
from the footer of every page; the overview lists every permit type with
its public components and links the accountability channels."""

from lxml import html
from plone import api
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.testing import OFFICE_SITE_ID
from tests.base import DemoSiteHttpTestCase

import requests
import transaction

PLEDGE_TEXT = "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan"


def page(url):
    response = requests.get(url, allow_redirects=False)
    assert response.status_code == 200, (url, response.status_code)
    return response, html.fromstring(response.content)


def hrefs(tree, xpath="//a"):
    return [a.get("href") for a in tree.xpath(xpath) if a.get("href")]


def footer_links(tree):
    footers = tree.xpath('//footer[@id="portal-footer-wrapper"] | //*[@id="portal-footer"]')
    assert footers, "no footer"
    return [a.get("href") for footer in footers for a in footer.iter("a") if a.get("href")]


class TestServiceStandard(DemoSiteHttpTestCase):
    def setUp(self):
        super().setUp()
        self.pledge_url = f"{self.site_url}/maklumat-pelayanan"
        self.overview_url = f"{self.site_url}/@@standar-pelayanan"

    def test_pledge_page_is_published_demo_content(self):
        response, tree = page(self.pledge_url)
        self.assertIn(PLEDGE_TEXT, response.text)
        self.assertEqual(tree.xpath("//h1")[0].text_content().strip(), "Maklumat Pelayanan")
        self.assertEqual(api.content.get_state(self.portal["maklumat-pelayanan"]), "published")

    def test_reachable_from_the_front_page(self):
        _response, tree = page(self.site_url)
        links = hrefs(tree, '//*[contains(@class, "ptsp-home-standards")]//a')
        self.assertIn(self.pledge_url, links)
        self.assertIn(self.overview_url, links)
        for url in links:
            page(url)  # each answers 200

    def test_reachable_from_the_footer_of_every_page(self):
        for path in (
            "",
            "/layanan",
            "/regulasi",
            "/layanan/persetujuan-bangunan-gedung",
            "/maklumat-pelayanan",
        ):
            with self.subTest(path=path):
                _response, tree = page(f"{self.site_url}{path}")
                links = footer_links(tree)
                self.assertIn(self.pledge_url, links)
                self.assertIn(self.overview_url, links)

    def test_overview_lists_every_permit_type_and_the_channels(self):
        response, tree = page(self.overview_url)
        catalog = api.portal.get_tool("portal_catalog")
        permit_types = catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE)
        self.assertEqual(len(permit_types), 10)
        links = hrefs(tree, '//*[contains(@class, "ptsp-standard")]//a')
        for brain in permit_types:
            url = f"{self.site_url}/layanan/{brain.getId}"
            self.assertIn(url, links, brain.Title)
            self.assertIn(f"{url}#persyaratan", links, brain.Title)
            self.assertIn(f"{url}#biaya", links, brain.Title)
        self.assertEqual(len(tree.xpath('//article[contains(@class, "ptsp-standard")]')), 10)
        pbg = self.portal["layanan"]["persetujuan-bangunan-gedung"]
        self.assertIn(f"{pbg.absolute_url()}#dasar-hukum", links)
        self.assertIn(pbg.output_product, response.text)
        channels = hrefs(tree, '//*[contains(@class, "ptsp-accountability")]//a')
        self.assertEqual(
            channels,
            [
                self.pledge_url,
                f"{self.site_url}/@@pengaduan",
                f"{self.site_url}/@@skm",
                f"{self.site_url}/@@statistik",
            ],
        )

    def test_overview_follows_the_permit_types(self):
        pbg = self.portal["layanan"]["persetujuan-bangunan-gedung"]
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=pbg, transition="retract")
        transaction.commit()
        response, _tree = page(self.overview_url)
        self.assertNotIn(pbg.title, response.text)  # no longer public: no longer listed

    def test_overview_may_be_kept_by_a_shared_cache(self):
        response, _tree = page(self.overview_url)
        self.assertIn("s-maxage=", response.headers["Cache-Control"])

    def test_an_office_without_a_pledge_page_links_none(self):
        office = f"{self.layer['app'].absolute_url()}/{OFFICE_SITE_ID}"
        for url in (office, f"{office}/@@standar-pelayanan"):
            response, tree = page(url)
            self.assertNotIn("maklumat-pelayanan", response.text, url)
            self.assertIn(f"{office}/@@standar-pelayanan", footer_links(tree), url)
        self.assertEqual(requests.get(f"{office}/maklumat-pelayanan").status_code, 404)
