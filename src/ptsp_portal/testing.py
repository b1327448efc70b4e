"""plone.app.testing layers for the PTSP portal.

- ``INTEGRATION_TESTING`` / ``FUNCTIONAL_TESTING``: our profile installed on
  plone.app.testing's site ``plone``.
- ``DISTRIBUTION_TESTING``: a second site, ``ptsp``, created from the ``ptsp``
  distribution with its demo content, exactly as ``make start`` creates it
  (its mail kept by a ``MockMailHost``: tests that want real SMTP replace
  it); and a third, ``kantor``, created from it without demo content, as
  for a real office.
- ``DISTRIBUTION_SERVER_TESTING``: the same, served over HTTP by the WSGI
  server layer for browser (Playwright) and REST tests.
"""

from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.distribution.testing import PloneDistributionFixture
from plone.testing import Layer
from plone.testing import zope as zope_testing
from Products.CMFPlone.tests.utils import MockMailHost

import os
import tempfile

# Compile our .po catalogues when loaded, as the rendered zope.conf does.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")
# plone.exportimport commits in the middle of an import; inside the layers'
# DemoStorage that commit fails (POSKeyError from the indexing queue), so the
# layer imports the demo content in one transaction instead.
os.environ.setdefault("IMPORTER_COMMIT_DISABLE", "1")

SITE_ID = "ptsp"
SITE_ANSWERS = {
    "site_id": SITE_ID,
    "title": "DPMPTSP Kabupaten Contoh",
    "description": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "default_language": "id",
    "portal_timezone": "Asia/Jakarta",
    "setup_content": True,
}
OFFICE_SITE_ID = "kantor"
OFFICE_SITE_ANSWERS = {
    **SITE_ANSWERS,
    "site_id": OFFICE_SITE_ID,
    "title": "DPMPTSP Kabupaten Nyata",
    "setup_content": False,
}


class PtspPortalLayer(PloneSandboxLayer):
    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.app.contenttypes
        import plone.classicui
        import ptsp_portal

        self.loadZCML(package=plone.app.contenttypes)
        self.loadZCML(package=plone.classicui)
        self.loadZCML(package=ptsp_portal)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "plone.app.contenttypes:default")
        applyProfile(portal, "ptsp_portal:default")
        # Indonesian first, English available: as a site from the distribution
        from plone import api

        api.portal.set_registry_record("plone.available_languages", ["id", "en"])
        api.portal.set_registry_record("plone.default_language", "id")


FIXTURE = PtspPortalLayer()
INTEGRATION_TESTING = IntegrationTesting(bases=(FIXTURE,), name="PtspPortal:Integration")
FUNCTIONAL_TESTING = FunctionalTesting(bases=(FIXTURE,), name="PtspPortal:Functional")


class PtspDistributionFixture(PloneDistributionFixture):
    """Zope with our ZCML and the site ``ptsp`` created from the ``ptsp``
    distribution, demo content included (plone.distribution's own fixture)."""

    PACKAGE_NAME = "ptsp_portal"
    SITES = (("ptsp", SITE_ANSWERS), ("ptsp", OFFICE_SITE_ANSWERS))
    _distribution_products = (
        ("plone.app.contenttypes", {"loadZCML": True}),
        ("plone.restapi", {"loadZCML": True}),
        ("plone.distribution", {"loadZCML": True}),
        ("plone.classicui", {"loadZCML": True}),
    )

    def setUpDefaultContent(self, app):
        super().setUpDefaultContent(app)
        # the demo's mail would go to a catcher on 127.0.0.1:8025 that the
        # tests do not run (or, worse, somebody else's): kept in memory
        portal = app[SITE_ID]
        portal._delObject("MailHost")
        portal._setObject("MailHost", MockMailHost("MailHost"))


DISTRIBUTION_FIXTURE = PtspDistributionFixture()
# plone.testing's (not plone.app.testing's) FunctionalTesting: the site is
# ``ptsp``, not plone.app.testing's ``plone``; tests take it from ``app``.
DISTRIBUTION_TESTING = zope_testing.FunctionalTesting(
    bases=(DISTRIBUTION_FIXTURE,), name="PtspDistribution:Functional"
)
DISTRIBUTION_SERVER_TESTING = zope_testing.FunctionalTesting(
    bases=(DISTRIBUTION_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE),
    name="PtspDistribution:Server",
)


CHROMIUM = os.environ.get("PTSP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class PlaywrightLayer(Layer):
    """One headless Debian chromium (Playwright, sync API) for a test run.

    Provides ``browser``; tests open their own contexts (see tests/browser).
    """

    def setUp(self):
        from playwright.sync_api import sync_playwright

        self._profile = tempfile.TemporaryDirectory()
        self._playwright = sync_playwright().start()
        self["browser"] = self._playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )

    def tearDown(self):
        self["browser"].close()
        del self["browser"]
        self._playwright.stop()
        self._profile.cleanup()


PLAYWRIGHT_FIXTURE = PlaywrightLayer(name="PtspPortal:Playwright")
DISTRIBUTION_BROWSER_TESTING = zope_testing.FunctionalTesting(
    bases=(DISTRIBUTION_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE, PLAYWRIGHT_FIXTURE),
    name="PtspDistribution:Browser",
)
