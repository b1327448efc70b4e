"""Upgrade steps of the ``ptsp_portal:default`` profile."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.folder.default import DefaultOrdering
from ptsp_portal.testing import INTEGRATION_TESTING
from ptsp_portal.upgrades import unordered_applications_folder
from zope.annotation.interfaces import IAnnotations

import unittest

PROFILE = "ptsp_portal:default"


class TestUnorderedApplicationsFolder(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        # /permohonan as a site made before version 1001 has it: ordered
        self.folder = api.content.create(
            container=self.portal, type="Folder", id="permohonan", title="Permohonan"
        )
        for index in (1, 2, 3):
            api.content.create(container=self.folder, type="Document", id=f"item-{index}", title=f"Item {index}")

    def found(self):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(
            path={"query": "/".join(self.folder.getPhysicalPath()), "depth": 1}
        )
        return sorted(brain.getId for brain in brains)

    def test_profile_version(self):
        setup = api.portal.get_tool("portal_setup")
        self.assertEqual(setup.getLastVersionForProfile(PROFILE), ("1002",))

    def test_step_registered(self):
        setup = api.portal.get_tool("portal_setup")
        steps = setup.listUpgrades(PROFILE, show_old=True)
        self.assertIn(("1000",), [step["source"] for step in steps])
        self.assertIn(("1001",), [step["dest"] for step in steps])

    def test_folder_becomes_unordered(self):
        self.assertEqual(self.folder.getOrdering().__class__.__name__, "DefaultOrdering")
        self.assertIn(DefaultOrdering.ORDER_KEY, IAnnotations(self.folder))
        unordered_applications_folder(self.portal.portal_setup)
        self.assertEqual(self.folder._ordering, "unordered")
        self.assertNotIn(DefaultOrdering.ORDER_KEY, IAnnotations(self.folder))
        self.assertNotIn(DefaultOrdering.POS_KEY, IAnnotations(self.folder))
        # nothing is lost: the items are there, listed and still found
        self.assertEqual(sorted(self.folder.objectIds()), ["item-1", "item-2", "item-3"])
        self.assertEqual(len(self.folder.contentValues()), 3)
        self.assertEqual(self.found(), ["item-1", "item-2", "item-3"])
        # new items can be added and removed
        api.content.create(container=self.folder, type="Document", id="item-4", title="Item 4")
        api.content.delete(self.folder["item-1"])
        self.assertEqual(sorted(self.folder.objectIds()), ["item-2", "item-3", "item-4"])

    def test_step_runs_twice(self):
        unordered_applications_folder(self.portal.portal_setup)
        unordered_applications_folder(self.portal.portal_setup)
        self.assertEqual(self.folder._ordering, "unordered")

    def test_site_without_the_folder(self):
        api.content.delete(self.folder)
        unordered_applications_folder(self.portal.portal_setup)  # no error


class TestRevisionByTheApplicant(unittest.TestCase):
    """1001 -> 1002, on a site whose documents and workflow are as before."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.app = apply(self.portal)
        api.portal.get_tool("portal_workflow").doActionFor(
            self.app, "request_revision", comment="Ulang KTP"
        )
        # as 1001 left them
        self.app["ktp"].manage_permission("Modify portal content", (), acquire=True)
        self.app.manage_permission("Add portal content", ("Owner", "Manager"), acquire=False)
        api.portal.get_tool("portal_memberdata").manage_delProperties(["ptsp_return_url"])
        api.portal.set_registry_record("plone.autologin_after_password_reset", False)

    def test_step(self):
        from ptsp_portal.upgrades import revision_by_the_applicant

        roles = lambda obj, permission: {  # noqa: E731
            r["name"] for r in obj.rolesOfPermission(permission) if r["selected"]
        }
        self.assertIn("Owner", roles(self.app, "Add portal content"))
        revision_by_the_applicant(self.portal.portal_setup)
        self.assertEqual(roles(self.app, "Add portal content"), {"Manager"})
        self.assertEqual(roles(self.app["ktp"], "Modify portal content"), {"Manager"})
        self.assertEqual(self.app["ktp"].acquiredRolesAreUsedBy("Modify portal content"), "")
        self.assertTrue(api.portal.get_tool("portal_memberdata").hasProperty("ptsp_return_url"))
        self.assertIs(api.portal.get_registry_record("plone.autologin_after_password_reset"), True)
