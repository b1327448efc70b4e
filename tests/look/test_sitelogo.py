"""The office's logo is Plone's site logo too (look/sitelogo.py)."""

from plone import api
from plone.formwidget.namedfile.converter import b64encode_file
from ptsp_portal.testing import INTEGRATION_TESTING

import unittest

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'


class TestSiteLogo(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_follows_the_office_logo(self):
        logo = b64encode_file("kantor.svg", SVG)
        api.portal.set_registry_record("ptsp_portal.office_logo", logo)
        self.assertEqual(api.portal.get_registry_record("plone.site_logo"), logo)
        api.portal.get_tool("portal_registry")["ptsp_portal.office_logo"] = None
        self.assertIsNone(api.portal.get_registry_record("plone.site_logo"))

    def test_other_records_leave_it(self):
        own = b64encode_file("situs.svg", SVG)
        api.portal.get_tool("portal_registry")["plone.site_logo"] = own
        api.portal.set_registry_record("ptsp_portal.office_name", "Kantor")
        self.assertEqual(api.portal.get_registry_record("plone.site_logo"), own)
