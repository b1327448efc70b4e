"""plone.app.testing layers for the PTSP portal.

- ``INTEGRATION_TESTING`` / ``FUNCTIONAL_TESTING``: our profile installed on
  plone.app.testing's site ``plone``.
- ``DISTRIBUTION_TESTING``: a second site, ``ptsp``, created from the ``ptsp``
  distribution with its demo content, exactly as ``make start`` creates it.
- ``DISTRIBUTION_SERVER_TESTING``: the same, served over HTTP by the WSGI
  server layer for browser (Playwright) and REST tests.
"""

from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import SITE_OWNER_NAME
from plone.testing import Layer
from plone.testing import zodb
from plone.testing import zope as zope_testing

import os

# Compile our .po catalogues when loaded, as the rendered zope.conf does.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

SITE_ID = "ptsp"
SITE_ANSWERS = {
    "site_id": SITE_ID,
    "title": "DPMPTSP Kabupaten Contoh",
    "description": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "default_language": "id",
    "portal_timezone": "Asia/Jakarta",
    "setup_content": True,
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


FIXTURE = PtspPortalLayer()
INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="PtspPortal:Integration"
)
FUNCTIONAL_TESTING = FunctionalTesting(bases=(FIXTURE,), name="PtspPortal:Functional")


def create_site(app, answers=SITE_ANSWERS):
    """Create a site from the ``ptsp`` distribution as the site owner."""
    from plone.distribution.api import site as site_api
    from Testing.makerequest import makerequest

    app = makerequest(app)
    zope_testing.login(app["acl_users"], SITE_OWNER_NAME)
    return site_api.create(app, "ptsp", answers)


class PtspDistributionLayer(Layer):
    """A site created from the ``ptsp`` distribution, demo content included."""

    defaultBases = (FIXTURE,)

    def setUp(self):
        self["zodbDB"] = zodb.stackDemoStorage(
            self.get("zodbDB"), name="PtspDistribution"
        )
        with zope_testing.zopeApp(db=self["zodbDB"]) as app:
            create_site(app)

    def tearDown(self):
        self["zodbDB"].close()
        del self["zodbDB"]


DISTRIBUTION_FIXTURE = PtspDistributionLayer()
DISTRIBUTION_TESTING = FunctionalTesting(
    bases=(DISTRIBUTION_FIXTURE,), name="PtspDistribution:Functional"
)
DISTRIBUTION_SERVER_TESTING = FunctionalTesting(
    bases=(DISTRIBUTION_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE),
    name="PtspDistribution:Server",
)
