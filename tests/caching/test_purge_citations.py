"""A change of a regulation reaches the cache everywhere it shows (issue 15
§4): its own page and the regulations listing (security/purging.py's
listings), the JDIHN feed at both addresses and the pages of the permit
types whose legal basis cites it."""

from plone import api
from plone.cachepurging.purger import DEFAULT_PURGER
from plone.cachepurging.utils import getPathsToPurge
from ptsp_portal.security.purging import JDIHN_FEED
from ptsp_portal.security.purging import RegulationCitationsPurgePaths
from ptsp_portal.security.purging import SERVICE_STANDARD
from tests.base import DemoSiteHttpTestCase
from tests.caching.test_varnish import Varnish

import requests
import time
import transaction

# UU 28/2002 is the legal basis of PBG and SLF in the demo; not of SIP Dokter
REGULATION = "regulasi/uu-28-2002-bangunan-gedung"
CITING = ("layanan/persetujuan-bangunan-gedung", "layanan/sertifikat-laik-fungsi")
NOT_CITING = "layanan/surat-izin-praktik-dokter"


class TestCitationPaths(DemoSiteHttpTestCase):
    def test_paths_of_a_regulation(self):
        regulation = self.portal.unrestrictedTraverse(REGULATION)
        paths = RegulationCitationsPurgePaths(regulation).getRelativePaths()
        site = "/" + self.portal.virtual_url_path()
        for name in JDIHN_FEED:
            self.assertIn(f"{site}/{name}", paths)
        for citing in CITING:
            self.assertIn(f"{site}/{citing}", paths)
            self.assertIn(f"{site}/{citing}/view", paths)
        self.assertFalse([p for p in paths if NOT_CITING in p], paths)
        # with plone.app.caching's own paths and our listings, once each
        everything = list(getPathsToPurge(regulation, self.portal.REQUEST))
        for expected in (f"{site}/{REGULATION}", f"{site}/regulasi", f"{site}/{CITING[0]}"):
            self.assertIn(expected, everything)

    def test_a_permit_type_purges_the_service_standard_overview(self):
        permit_type = self.portal.unrestrictedTraverse(CITING[0])
        everything = list(getPathsToPurge(permit_type, self.portal.REQUEST))
        site = "/" + self.portal.virtual_url_path()
        for name in SERVICE_STANDARD:
            self.assertIn(f"{site}/{name}", everything)

    def test_a_regulation_nobody_cites(self):
        regulation = self.portal.unrestrictedTraverse(
            "regulasi/perpres-33-2012-jaringan-dokumentasi-dan-informasi-hukum-nasional"
        )
        paths = RegulationCitationsPurgePaths(regulation).getRelativePaths()
        self.assertFalse([p for p in paths if "/layanan/" in p], paths)


class TestPurgeCitingPages(DemoSiteHttpTestCase):
    """Through Varnish, as tests/caching/test_varnish.py's TestPurgeOnEdit:
    an editor renames a regulation; the permit pages citing it and the feed
    are read fresh at once, a page not citing it stays in the cache."""

    USERS = {"editor-citations": ("ptsp-editors",)}
    PURGING = "plone.cachepurging.interfaces.ICachePurgingSettings."

    def setUp(self):
        super().setUp()
        self.varnish = Varnish(self.layer["host"], self.layer["port"])
        self.addCleanup(self.varnish.stop)
        self.addCleanup(DEFAULT_PURGER.stopThreads, True)
        self.front = f"{self.varnish.url}/{self.site_url.rsplit('/', 1)[1]}"
        self.title = self.portal.unrestrictedTraverse(REGULATION).title

    def proxies(self, *urls):
        api.portal.set_registry_record(self.PURGING + "enabled", True)
        api.portal.set_registry_record(self.PURGING + "cachingProxies", urls)
        transaction.commit()

    def get(self, path):
        return requests.get(f"{self.front}/{path}", allow_redirects=False, timeout=30)

    def cached(self, path):
        self.get(path)
        answer = self.get(path)
        self.assertEqual((answer.status_code, answer.headers["X-Cache"]), (200, "HIT"), path)
        return answer

    def wait_for(self, path, title):
        for _attempt in range(300):
            answer = self.get(path)
            if answer.headers["X-Cache"] == "MISS" and title in answer.text:
                return answer
            time.sleep(0.1)
        self.fail(f"{path}: still {answer.headers['X-Cache']} with the old title, no purge arrived")

    def test_edit_purges_citing_permit_pages_and_the_feed(self):
        self.proxies(self.varnish.url)
        pages = (*CITING, "integrasi-jdihn", "++api++/@jdihn")
        for path in (*pages, NOT_CITING):
            self.cached(path)
        for path in CITING:
            self.assertIn(self.title, self.get(path).text)
        new_title = f"{self.title} (judul baru)"
        session = self.session("editor-citations")
        answer = session.patch(REGULATION, json={"title": new_title})
        self.assertEqual(answer.status_code, 204, answer.text)
        for path in pages:
            with self.subTest(path=path):
                self.wait_for(path, new_title)
        # a permit type that does not cite it keeps its stored page
        self.assertEqual(self.get(NOT_CITING).headers["X-Cache"], "HIT")

    def test_without_the_purge_the_permit_page_would_be_stale(self):
        self.proxies()
        self.cached(CITING[0])
        session = self.session("editor-citations")
        self.assertEqual(session.patch(REGULATION, json={"title": f"{self.title} (basi)"}).status_code, 204)
        stale = self.get(CITING[0])
        self.assertEqual(stale.headers["X-Cache"], "HIT")
        self.assertNotIn("(basi)", stale.text)
