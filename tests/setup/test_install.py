"""The add-on profile installs and uninstalls cleanly."""

from AccessControl.PermissionRole import rolesForPermissionOn
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.base.utils import get_installer
from plone.browserlayer import utils as browserlayer_utils
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import INTEGRATION_TESTING

import unittest


class TestInstall(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.installer = get_installer(self.portal, self.layer["request"])

    def test_installed(self):
        self.assertTrue(self.installer.is_product_installed("ptsp_portal"))

    def test_dependencies_installed(self):
        for name in ("plone.restapi", "collective.easyform"):
            self.assertTrue(self.installer.is_product_installed(name), name)

    def test_browserlayer(self):
        self.assertIn(IBrowserLayer, browserlayer_utils.registered_layers())

    def test_types(self):
        types = api.portal.get_tool("portal_types")
        self.assertIn("PermitType", types)
        self.assertIn("Regulation", types)

    def test_catalog_indexes(self):
        catalog = api.portal.get_tool("portal_catalog")
        for name in ("permit_code", "sector", "regulation_type", "regulation_year", "regulation_status"):
            self.assertIn(name, catalog.indexes())
        for name in ("service_days", "fee_amount", "regulation_number"):
            self.assertIn(name, catalog.schema())

    def test_anonymous_may_use_restapi(self):
        roles = [
            r["name"] for r in self.portal.rolesOfPermission("plone.restapi: Use REST API") if r["selected"]
        ]
        self.assertIn("Anonymous", roles)

    def test_portraits_not_public(self):
        portraits = self.portal.portal_memberdata.portraits
        self.assertEqual(set(rolesForPermissionOn("View", portraits)), {"Manager", "Site Administrator"})


class TestUninstall(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.content.create(
            container=self.portal,
            type="Regulation",
            id="uu-25-2009",
            title="UU 25/2009",
            regulation_type="uu",
            number="25",
            year=2009,
        )
        self.installer = get_installer(self.portal, self.layer["request"])
        self.installer.uninstall_product("ptsp_portal")

    def test_uninstalled(self):
        self.assertFalse(self.installer.is_product_installed("ptsp_portal"))

    def test_browserlayer_removed(self):
        self.assertNotIn(IBrowserLayer, browserlayer_utils.registered_layers())

    def test_types_and_content_removed(self):
        self.assertNotIn("Regulation", api.portal.get_tool("portal_types"))
        self.assertNotIn("uu-25-2009", self.portal)

    def test_portraits_as_plone_has_them(self):
        self.assertIn("Anonymous", rolesForPermissionOn("View", self.portal.portal_memberdata.portraits))

    def test_indexes_removed(self):
        self.assertNotIn("regulation_year", api.portal.get_tool("portal_catalog").indexes())

    def test_site_still_renders(self):
        self.assertIn("<html", self.portal())
