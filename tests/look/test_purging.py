"""A change of the office's look purges its stylesheet, logo and the site's
pages from the shared cache (look/purging.py)."""

from plone import api
from ptsp_portal.look.purging import LookPurgePaths
from ptsp_portal.testing import INTEGRATION_TESTING
from z3c.caching.interfaces import IPurgeEvent
from zope.component import getGlobalSiteManager

import unittest


class TestLookPurge(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.purged = []
        gsm = getGlobalSiteManager()
        gsm.registerHandler(self.collect, (IPurgeEvent,))
        self.addCleanup(gsm.unregisterHandler, self.collect, (IPurgeEvent,))

    def collect(self, event):
        self.purged.append(event.object)

    def test_paths(self):
        paths = LookPurgePaths(self.portal).getRelativePaths()
        self.assertIn("/plone/@@ptsp-tampilan.css", paths)
        self.assertIn("/plone/ptsp-tampilan.css", paths)
        self.assertIn("/plone/@@ptsp-logo", paths)

    def test_look_records_purge_the_site(self):
        api.portal.set_registry_record("ptsp_portal.colour_primary", "#005a87")
        api.portal.set_registry_record("ptsp_portal.footer_phone", "0271 1")
        self.assertEqual(len(self.purged), 2)
        self.assertIs(self.purged[0], self.portal)

    def test_other_records_do_not(self):
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 12)
        self.assertEqual(self.purged, [])
