"""Upgrade steps of the ``ptsp_portal:default`` profile."""

from DateTime import DateTime
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.folder.default import DefaultOrdering
from ptsp_portal.testing import INTEGRATION_TESTING
from unittest import mock
from zope.annotation.interfaces import IAnnotations

import datetime
import unittest

PROFILE = "ptsp_portal:default"


def upgrade(portal, source, destination):
    """Run the upgrade steps registered from ``source`` to ``destination``, in
    their order (profile imports, then code), as the upgrade control panel
    does; the profile ends at ``destination``."""
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE, source)
    steps = setup.listUpgrades(PROFILE, dest=destination, simple=True)
    assert [(s.source, s.dest) for s in steps] == [((source,), (destination,))] * len(steps), steps
    setup.upgradeProfile(PROFILE, destination)
    assert setup.getLastVersionForProfile(PROFILE) == (destination,)
    return [step.title for step in steps]


def unordered_applications_folder(portal):
    return upgrade(portal, "1000", "1001")


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
            api.content.create(
                container=self.folder, type="Document", id=f"item-{index}", title=f"Item {index}"
            )

    def found(self):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(
            path={"query": "/".join(self.folder.getPhysicalPath()), "depth": 1}
        )
        return sorted(brain.getId for brain in brains)

    def test_profile_version(self):
        setup = api.portal.get_tool("portal_setup")
        self.assertEqual(setup.getLastVersionForProfile(PROFILE), ("1026",))

    def test_step_registered(self):
        setup = api.portal.get_tool("portal_setup")
        # a group of steps (upgradeSteps) is listed as a list of them
        steps = [
            step
            for entry in setup.listUpgrades(PROFILE, show_old=True)
            for step in (entry if isinstance(entry, list) else [entry])
        ]
        self.assertIn(("1000",), [step["source"] for step in steps])
        self.assertIn(("1001",), [step["dest"] for step in steps])

    def test_folder_becomes_unordered(self):
        self.assertEqual(self.folder.getOrdering().__class__.__name__, "DefaultOrdering")
        self.assertIn(DefaultOrdering.ORDER_KEY, IAnnotations(self.folder))
        unordered_applications_folder(self.portal)
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
        unordered_applications_folder(self.portal)
        unordered_applications_folder(self.portal)
        self.assertEqual(self.folder._ordering, "unordered")

    def test_site_without_the_folder(self):
        api.content.delete(self.folder)
        unordered_applications_folder(self.portal)  # no error


class TestRevisionByTheApplicant(unittest.TestCase):
    """1001 -> 1002, on a site whose documents and workflow are as before."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.app = apply(self.portal)
        api.portal.get_tool("portal_workflow").doActionFor(self.app, "request_revision", comment="Ulang KTP")
        # as 1001 left them
        self.app["ktp"].manage_permission("Modify portal content", (), acquire=True)
        self.app.manage_permission("Add portal content", ("Owner", "Manager"), acquire=False)
        api.portal.get_tool("portal_memberdata").manage_delProperties(["ptsp_return_url"])
        api.portal.set_registry_record("plone.autologin_after_password_reset", False)

    def test_step(self):
        roles = lambda obj, permission: {  # noqa: E731
            r["name"] for r in obj.rolesOfPermission(permission) if r["selected"]
        }
        self.assertIn("Owner", roles(self.app, "Add portal content"))
        upgrade(self.portal, "1001", "1002")
        self.assertEqual(roles(self.app, "Add portal content"), {"Manager"})
        self.assertEqual(roles(self.app["ktp"], "Modify portal content"), {"Manager"})
        self.assertEqual(self.app["ktp"].acquiredRolesAreUsedBy("Modify portal content"), "")
        self.assertTrue(api.portal.get_tool("portal_memberdata").hasProperty("ptsp_return_url"))
        self.assertIs(api.portal.get_registry_record("plone.autologin_after_password_reset"), True)


class TestOfficeOwnedPermitForms(unittest.TestCase):
    """1002 -> 1003, on a site whose permit form an editor took over."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from BTrees.LOBTree import LOBTree
        from persistent.mapping import PersistentMapping
        from tests.workflow.base import setup_office

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        form = self.form = self.portal["layanan"]["sip-dokter"]["formulir"]
        # as 1002 left it: no workflow of its own, owned by the editor who
        # recreated it, a mailer and a data saver holding an applicant's data
        from AccessControl.Permission import pname

        form.workflow_history.clear()
        for name in [n for n in vars(form) if n.startswith("_") and n.endswith("_Permission")]:
            delattr(form, name)
        self.assertIsNone(getattr(form.aq_base, pname("Delete objects"), None))
        form.changeOwnership(api.user.get("editor").getUser(), recursive=False)
        form.manage_setLocalRoles("editor", ["Owner"])
        form.actions_model = form.actions_model.replace(
            "</schema>",
            '<field name="bocor" type="collective.easyform.actions.Mailer"><title>M</title>'
            "<recipient_email>penyerang@example.org</recipient_email></field>"
            '<field name="simpan" type="collective.easyform.actions.SaveData"><title>S</title></field>'
            "</schema>",
        )
        rows = LOBTree()
        rows[1] = {"applicant_nik": "3201010101900001"}
        form._inputStorage = PersistentMapping({"simpan": rows})
        form.fields_model = form.fields_model.replace(
            "</schema>",
            '<field name="jebakan" type="zope.schema.TextLine" '
            'easyform:TEnabled="python: True"><title>J</title></field></schema>',
        )

    def test_step(self):
        from collective.easyform.api import get_actions
        from zope.schema import getFieldNamesInOrder

        editor = api.user.get("editor")
        self.assertTrue(editor.has_permission("Delete objects", self.form))
        with self.assertLogs("ptsp_portal", level="INFO") as logs:
            upgrade(self.portal, "1002", "1003")
        output = "\n".join(logs.output)
        form = self.form
        self.assertEqual(getFieldNamesInOrder(get_actions(form)), ["create_application"])
        self.assertIsNone(getattr(form, "_inputStorage", None))
        self.assertIn("purged 1 saved submissions", output)
        self.assertIn("TEnabled", output)
        self.assertIn("python: True", output)
        self.assertIn("TDefault", output)  # ours are listed too
        self.assertEqual(form.getOwner().getId(), self.portal.getOwner().getId())
        self.assertEqual(form.get_local_roles(), ())
        self.assertEqual(api.content.get_state(form), "office")
        for permission in (
            "collective.easyform: Add Mailers",
            "collective.easyform: Download Saved Input",
            "Delete objects",
        ):
            self.assertFalse(editor.has_permission(permission, form), permission)
        self.assertTrue(editor.has_permission("Modify portal content", form))
        # EasyForm's export permissions are Manager-only site-wide
        roles = {
            r["name"]
            for r in self.portal.rolesOfPermission("collective.easyform: Add Mailers")
            if r["selected"]
        }
        self.assertEqual(roles, {"Manager"})
        # twice is harmless
        upgrade(self.portal, "1002", "1003")


class TestCitizensSeeNoOtherPeople(unittest.TestCase):
    """1003 -> 1004, on a site whose workflow and rolemap are as before."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.waiting = apply(self.portal)
        self.submitted = apply(self.portal)
        workflow = api.portal.get_tool("portal_workflow")
        workflow.doActionFor(self.waiting, "request_revision", comment="Ulang KTP")
        # as 1003 left them: the applicant modifies in revision, Sharing is
        # acquired (Owner has it), every Member lists users
        officers = ("Verifier", "TechnicalReviewer", "Approver", "Manager", "Site Administrator")
        self.waiting.manage_permission("Modify portal content", ("Owner", *officers), acquire=False)
        for application in (self.waiting, self.submitted):
            application.manage_permission("Sharing page: Delegate roles", (), acquire=True)
        self.portal.manage_permission(
            "List portal members", ("Manager", "Site Administrator", "Member"), acquire=True
        )

    def roles(self, obj, permission):
        return {r["name"] for r in obj.rolesOfPermission(permission) if r["selected"]}

    def test_step(self):
        self.assertIn("Owner", self.roles(self.waiting, "Modify portal content"))
        self.assertTrue(api.user.get("budi").has_permission("Sharing page: Delegate roles", self.submitted))
        upgrade(self.portal, "1003", "1004")
        budi = api.user.get("budi")
        self.assertNotIn("Owner", self.roles(self.waiting, "Modify portal content"))
        self.assertFalse(budi.has_permission("Modify portal content", self.waiting))
        self.assertTrue(budi.has_permission("ptsp_portal: Edit application answers", self.waiting))
        for application in (self.waiting, self.submitted):
            self.assertEqual(
                self.roles(application, "Sharing page: Delegate roles"), {"Manager", "Site Administrator"}
            )
            self.assertEqual(application.acquiredRolesAreUsedBy("Sharing page: Delegate roles"), "")
            self.assertFalse(budi.has_permission("Sharing page: Delegate roles", application))
        self.assertEqual(
            self.roles(self.portal, "List portal members"),
            {"Manager", "Site Administrator", "Verifier", "TechnicalReviewer", "Approver"},
        )
        self.assertFalse(budi.has_permission("List portal members", self.portal))
        # twice is harmless
        upgrade(self.portal, "1003", "1004")


class TestFourEyes(unittest.TestCase):
    """1004 -> 1005, on a site without the record and the guards."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from plone.registry.interfaces import IRegistry
        from tests.workflow.base import add_user
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office
        from zope.component import getUtility

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        add_user("ganda", "Gani Ganda", ["ptsp-verifiers", "ptsp-reviewers", "ptsp-approvers"])
        self.app = apply(self.portal)
        login(self.portal, "ganda")
        api.portal.get_tool("portal_workflow").doActionFor(self.app, "accept")
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        # as 1004 left them: no record, no guard expressions, no barred tokens
        registry = getUtility(IRegistry)
        del registry.records["ptsp_portal.four_eyes"]
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 7)
        api.portal.set_registry_record("ptsp_portal.tracking_prefix", "DPM")
        workflow = api.portal.get_tool("portal_workflow")["ptsp_application_workflow"]
        for transition in ("recommend", "approve"):
            workflow.transitions[transition].guard.expr = None
        from Products.CMFCore.indexing import processQueue

        processQueue()
        with mock.patch("ptsp_portal.workflow.barred_tokens", return_value=[]):
            api.portal.get_tool("portal_catalog").catalog_object(self.app, idxs=["ptsp_actors"])

    def actors(self):
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog.unrestrictedSearchResults(UID=self.app.UID())
        return catalog.getIndexDataForRID(brain.getRID())["ptsp_actors"]

    def test_step(self):
        self.assertIsNone(api.portal.get_registry_record("ptsp_portal.four_eyes", default=None))
        self.assertNotIn("!user:ganda", self.actors())
        upgrade(self.portal, "1004", "1005")
        self.assertIs(api.portal.get_registry_record("ptsp_portal.four_eyes"), True)
        # existing values kept
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.lookups_per_minute"), 7)
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.tracking_prefix"), "DPM")
        workflow = api.portal.get_tool("portal_workflow")
        for transition in ("recommend", "approve"):
            guard = workflow["ptsp_application_workflow"].transitions[transition].guard
            self.assertIn("@@ptsp-four-eyes", guard.getExprText())
        self.assertIn("!user:ganda", self.actors())
        login(self.portal, "ganda")
        self.assertNotIn("recommend", [t["id"] for t in workflow.getTransitionsFor(self.app)])
        login(self.portal, TEST_USER_NAME)
        # an office that switched it off keeps it off
        api.portal.set_registry_record("ptsp_portal.four_eyes", False)
        upgrade(self.portal, "1004", "1005")
        self.assertIs(api.portal.get_registry_record("ptsp_portal.four_eyes"), False)


class TestLoginThrottling(unittest.TestCase):
    """1006 -> 1007: the login throttling plugin, first in ``acl_users``."""

    layer = INTEGRATION_TESTING

    def test_plugin_added_first(self):
        from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
        from Products.PluggableAuthService.interfaces.plugins import IChallengePlugin
        from ptsp_portal.security.loginlock import PLUGIN_ID

        portal = self.layer["portal"]
        pas = portal.acl_users
        # a site made before 1007 has no such plugin
        pas._delObject(PLUGIN_ID)
        self.assertNotIn(PLUGIN_ID, pas.objectIds())
        titles = upgrade(portal, "1006", "1007")
        self.assertEqual(titles, ["Login throttling"])
        for interface in (IAuthenticationPlugin, IChallengePlugin):
            self.assertEqual(pas.plugins.listPluginIds(interface)[0], PLUGIN_ID)
        self.assertIn("source_users", pas.plugins.listPluginIds(IAuthenticationPlugin))
        # again: nothing doubled
        upgrade(portal, "1006", "1007")
        self.assertEqual(pas.plugins.listPluginIds(IAuthenticationPlugin).count(PLUGIN_ID), 1)


class TestNIKIndex(unittest.TestCase):
    """1007 -> 1008: the NIK index filled from the members' NIK."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from ptsp_portal.accounts import nik_index

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        # members as a site before 1008 has them: NIKs, no index, two
        # accounts sharing one NIK
        with mock.patch.object(nik_index, "claim"):
            for user_id, nik in (
                ("andi", "3201010101900001"),
                ("bambang", "3201 0101 0190 0002"),
                ("zaki", "3201010101900001"),
                ("tanpa-nik", ""),
            ):
                api.user.create(
                    email=f"{user_id}@example.org",
                    username=user_id,
                    password="rahasia-12345",
                    properties={"fullname": user_id, "nik": nik},
                )
        annotations = IAnnotations(self.portal)
        for key in (nik_index.BY_NIK, nik_index.BY_USER):
            del annotations[key]
        self.portal.portal_controlpanel.unregisterConfiglet("ptsp-release-nik")

    def test_index_filled_clash_logged(self):
        from ptsp_portal.accounts import nik_index

        self.assertIsNone(nik_index.holder("3201010101900001"))
        with self.assertLogs("ptsp_portal", "WARNING") as logged:
            titles = upgrade(self.portal, "1007", "1008")
        self.assertEqual(titles, ["Release of a NIK: Site Setup", "One account per NIK"])
        self.assertEqual(nik_index.holder("3201010101900001"), "andi")  # the first keeps it
        self.assertEqual(nik_index.holder("3201010101900002"), "bambang")  # normalised
        self.assertEqual(nik_index.held_by("zaki"), None)
        self.assertEqual(len(logged.output), 1)
        self.assertIn("andi", logged.output[0])
        self.assertIn("zaki", logged.output[0])
        self.assertNotIn("3201010101900001", logged.output[0])  # the NIK masked
        # the clash: zaki's NIK is not verified (it is andi's)
        from ptsp_portal.applications.applicant import account_values

        self.assertNotIn("applicant_nik", account_values("zaki"))
        self.assertEqual(account_values("andi")["applicant_nik"], "3201010101900001")
        actions = [a.getId() for a in self.portal.portal_controlpanel.listActions()]
        self.assertIn("ptsp-release-nik", actions)
        # again: the same index
        upgrade(self.portal, "1007", "1008")
        self.assertEqual(nik_index.holder("3201010101900001"), "andi")
        self.assertEqual(len(IAnnotations(self.portal)[nik_index.BY_NIK]), 2)


class TestApplicantAdministersNothing(unittest.TestCase):
    """1008 -> 1009, on applications whose Owner still has Plone's defaults."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.app = apply(self.portal)
        # as 1008 left them: Plone's defaults, Owner included
        for permission in ("View management screens", "Manage properties", "Manage Context Aliases"):
            self.app.manage_permission(permission, ("Manager", "Site Administrator", "Owner"), acquire=True)
        self.portal.manage_permission(
            "Portlets: Manage own portlets", ("Manager", "Site Administrator", "Member"), acquire=True
        )

    def may(self, user_id, permission, obj):
        login(self.portal, user_id)
        return api.user.has_permission(permission, obj=obj)

    def test_step(self):
        self.assertTrue(self.may("budi", "Manage properties", self.app))
        self.assertTrue(self.may("budi", "Portlets: Manage own portlets", self.portal))
        upgrade(self.portal, "1008", "1009")
        for permission in ("View management screens", "Manage properties", "Manage Context Aliases"):
            self.assertFalse(self.may("budi", permission, self.app), permission)
            self.assertFalse(self.may("budi", permission, self.app["ktp"]), permission)
        self.assertFalse(self.may("budi", "Portlets: Manage own portlets", self.portal))
        self.assertTrue(self.may("verifikator", "WebDAV Lock items", self.app))
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        # twice is harmless
        upgrade(self.portal, "1008", "1009")


class TestTwoFactorLogin(unittest.TestCase):
    """1010 -> 1011: the two-factor plugin, its records, permission and action,
    on a site made before 1011 (the group is run from 1010 directly)."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from plone.registry.interfaces import IRegistry
        from ptsp_portal.security.twofactor.plugin import PLUGIN_ID
        from zope.component import getUtility

        self.portal = self.layer["portal"]
        self.pas = self.portal.acl_users
        self.plugin_id = PLUGIN_ID
        # as 1010 left the site
        self.pas._delObject(PLUGIN_ID)
        registry = getUtility(IRegistry)
        for name in ("two_factor_required", "two_factor_roles", "two_factor_groups"):
            del registry.records[f"ptsp_portal.{name}"]
        self.portal.manage_permission("ptsp_portal: Reset second factor", (), acquire=True)
        user_actions = self.portal.portal_actions.user
        user_actions.manage_delObjects(["ptsp-2fa"])
        api.portal.set_registry_record("ptsp_portal.tracking_prefix", "DPM")

    def test_step(self):
        from Products.PluggableAuthService.interfaces.plugins import IExtractionPlugin

        self.assertNotIn(self.plugin_id, self.pas.objectIds())
        self.assertIsNone(api.portal.get_registry_record("ptsp_portal.two_factor_required", default=None))
        titles = upgrade(self.portal, "1010", "1011")
        self.assertIn("Two-factor login", titles)
        self.assertIn(self.plugin_id, self.pas.plugins.listPluginIds(IExtractionPlugin))
        self.assertIs(api.portal.get_registry_record("ptsp_portal.two_factor_required"), False)
        self.assertIn("Verifier", api.portal.get_registry_record("ptsp_portal.two_factor_roles"))
        self.assertIn("ptsp-officers", api.portal.get_registry_record("ptsp_portal.two_factor_groups"))
        roles = {
            r["name"]
            for r in self.portal.rolesOfPermission("ptsp_portal: Reset second factor")
            if r["selected"]
        }
        self.assertEqual(roles, {"Manager"})
        self.assertIn("ptsp-2fa", self.portal.portal_actions.user.objectIds())
        # existing values kept
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.tracking_prefix"), "DPM")
        # again: nothing doubled, an office's choice kept
        api.portal.set_registry_record("ptsp_portal.two_factor_required", True)
        upgrade(self.portal, "1010", "1011")
        self.assertEqual(self.pas.plugins.listPluginIds(IExtractionPlugin).count(self.plugin_id), 1)
        self.assertIs(api.portal.get_registry_record("ptsp_portal.two_factor_required"), True)


class TestPrivatePortraits(unittest.TestCase):
    """1011 -> 1012: uploaded portraits are no longer public files."""

    layer = INTEGRATION_TESTING

    def test_portraits_for_managers_only(self):
        from AccessControl.PermissionRole import rolesForPermissionOn
        from OFS.Image import Image

        portal = self.layer["portal"]
        portraits = portal.portal_memberdata.portraits
        # a site made before 1012: Plone's default, the portrait acquires View
        portraits.manage_permission("View", (), acquire=True)
        portal.portal_memberdata._setPortrait(Image("budi", "", b"GIF89a"), "budi")
        self.assertIn("Anonymous", rolesForPermissionOn("View", portraits["budi"]))
        titles = upgrade(portal, "1011", "1012")
        self.assertEqual(titles, ["Private portraits"])
        managers = {"Manager", "Site Administrator"}
        self.assertEqual(set(rolesForPermissionOn("View", portraits["budi"])), managers)
        # again: the same
        upgrade(portal, "1011", "1012")
        self.assertEqual(set(rolesForPermissionOn("View", portraits["budi"])), managers)


class TestCachePurging(unittest.TestCase):
    """1012 -> 1013: plone.app.caching installed for its purging, our types purged."""

    layer = INTEGRATION_TESTING

    PURGING = "plone.cachepurging.interfaces.ICachePurgingSettings."
    PLONE = "plone.app.caching.interfaces.IPloneCacheSettings."

    def test_purging_installed_and_caching_operations_off(self):
        from plone.base.utils import get_installer
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        portal = self.layer["portal"]
        registry = getUtility(IRegistry)
        # a site made before 1013: no plone.app.caching, none of its records
        prefixes = ("plone.cachepurging.", "plone.app.caching.")
        for name in [n for n in registry.records if n.startswith(prefixes)]:
            del registry.records[name]
        portal.portal_setup.unsetLastVersionForProfile("plone.app.caching:default")
        self.assertFalse(get_installer(portal).is_product_installed("plone.app.caching"))
        self.assertNotIn(self.PLONE + "purgedContentTypes", registry.records)

        self.assertEqual(upgrade(portal, "1012", "1013"), ["Purging the cluster's cache"])
        self.assertTrue(get_installer(portal).is_product_installed("plone.app.caching"))
        self.assertIn(self.PURGING + "cachingProxies", registry.records)
        self.assertFalse(registry[self.PURGING + "cachingProxies"])  # none until the cluster sets one
        purged = registry[self.PLONE + "purgedContentTypes"]
        for portal_type in ("PermitType", "Regulation", "News Item", "File", "Image"):
            self.assertIn(portal_type, purged)
        # the headers stay ours: plone.caching's operations are off
        self.assertIs(registry["plone.caching.interfaces.ICacheSettings.enabled"], False)
        # again: the same, no type twice
        upgrade(portal, "1012", "1013")
        self.assertEqual(registry[self.PLONE + "purgedContentTypes"], purged)
        self.assertEqual(len(set(purged)), len(purged))


class TestApplicationsWrittenAlone(unittest.TestCase):
    """1013 -> 1014 (its handler, run directly: 1007 -> 1013 are other
    changes), on applications as 1013 stored them: a relation to the permit
    type, an intid, in the text indexes, no ``applicant_words``."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from five.intid.keyreference import KeyReferenceToPersistent
        from five.intid.unreferenceable import KeyReferenceNever
        from Products.CMFCore.indexing import processQueue
        from ptsp_portal.content.application import IPermitApplication
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office
        from z3c.relationfield import RelationValue
        from z3c.relationfield.event import _setRelation
        from zope.component import getGlobalSiteManager
        from zope.component import getUtility
        from zope.intid.interfaces import IIntIds
        from zope.keyreference.interfaces import IKeyReference

        self.portal = setup_office(self.layer["portal"]).aq_parent
        self.permit = self.portal["layanan"]["sip-dokter"]
        self.apps = [apply(self.portal, applicant=a) for a in ("budi", "siti")]
        processQueue()  # catalogued, as committed applications are
        self.catalog = api.portal.get_tool("portal_catalog")
        self.intids = getUtility(IIntIds)
        # applications adapted to a key reference until 1014
        gsm = getGlobalSiteManager()
        gsm.registerAdapter(KeyReferenceToPersistent, (IPermitApplication,), IKeyReference)
        try:
            for app in self.apps:
                self.intids.register(app)
                relation = RelationValue(self.intids.getId(self.permit))
                app.permit_type = relation
                _setRelation(app, "permit_type", relation)
                rid = self.catalog.getrid("/".join(app.getPhysicalPath()))
                self.catalog._catalog.getIndex("Title").index_object(rid, app)
        finally:
            gsm.registerAdapter(KeyReferenceNever, (IPermitApplication,), IKeyReference)
        self.catalog.delIndex("applicant_words")

    def run_step(self):
        from ptsp_portal.upgrades.v1014 import applications_written_alone

        applications_written_alone(api.portal.get_tool("portal_setup"))

    def test_step(self):
        from five.intid.keyreference import KeyReferenceToPersistent
        from zc.relation.interfaces import ICatalog
        from zope.component import getUtility

        relations = getUtility(ICatalog)
        permit_id = self.intids.getId(self.permit)
        self.assertEqual(len(list(relations.findRelations({"to_id": permit_id}))), 2)
        rid = self.catalog.getrid("/".join(self.apps[0].getPhysicalPath()))
        self.assertTrue(self.catalog._catalog.getIndex("Title").index.has_doc(rid))
        self.run_step()
        self.run_step()  # again: nothing doubled, nothing broken
        self.assertEqual(list(relations.findRelations({"to_id": permit_id})), [])
        for app in self.apps:
            self.assertEqual(app.permit_type, self.permit.UID())
            self.assertEqual(app.permit_type_object(), self.permit)
            self.assertIsNone(self.intids.ids.get(KeyReferenceToPersistent(app)))
            rid = self.catalog.getrid("/".join(app.getPhysicalPath()))
            for name in ("Title", "SearchableText", "Description"):
                self.assertFalse(self.catalog._catalog.getIndex(name).index.has_doc(rid), name)
        found = self.catalog.unrestrictedSearchResults(applicant_words=["siti", "amin"])
        self.assertEqual([b.getObject() for b in found], [self.apps[1]])
        by_type = self.catalog.unrestrictedSearchResults(permit_type_uid=self.permit.UID())
        self.assertEqual(len(by_type), 2)
        # the relation catalog and the intids hold nothing broken
        self.assertEqual([ref() for ref in self.intids.refs.values() if ref() is None], [])


class TestLessCatalogued(unittest.TestCase):
    """1014 -> 1015, on an application as 1014 catalogued it (in
    ``object_provides`` and the other unqueried indexes) and a document as
    1013 stored it: a catalogued File with an intid, inside an application."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from plone.app.contenttypes.content import File
        from plone.indexer.interfaces import IIndexableObject
        from plone.namedfile.file import NamedBlobFile
        from Products.CMFCore.indexing import processQueue
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office
        from zope.component import getUtility
        from zope.component import queryMultiAdapter
        from zope.intid.interfaces import IIntIds

        self.portal = setup_office(self.layer["portal"]).aq_parent
        self.app = apply(self.portal)
        old = File("ktp-lama")
        old.portal_type = "File"
        old.file = NamedBlobFile(data=b"%PDF-1.4 lama", filename="ktp-lama.pdf")
        self.app._setObject("ktp-lama", old)
        self.old = self.app["ktp-lama"]
        self.old.indexObject()
        processQueue()
        self.intids = getUtility(IIntIds)
        self.intids.register(self.old)
        self.catalog = api.portal.get_tool("portal_catalog")
        self.path = "/".join(self.old.getPhysicalPath())
        self.rid = self.catalog.getrid("/".join(self.app.getPhysicalPath()))
        wrapper = queryMultiAdapter((self.app, self.catalog), IIndexableObject)
        for name in ("object_provides", "is_folderish"):
            self.catalog._catalog.getIndex(name).index_object(self.rid, wrapper)

    def test_step(self):
        from five.intid.keyreference import KeyReferenceToPersistent
        from ptsp_portal.content.document import IUncataloguedDocument
        from ptsp_portal.upgrades.v1015 import applications_and_documents_uncatalogued

        self.assertIsNotNone(self.catalog.getrid(self.path))
        self.assertIsNotNone(self.intids.queryId(self.old))
        provides = self.catalog._catalog.getIndex("object_provides")
        self.assertTrue(provides.getEntryForObject(self.rid))
        applications_and_documents_uncatalogued(api.portal.get_tool("portal_setup"))
        applications_and_documents_uncatalogued(api.portal.get_tool("portal_setup"))  # again: nothing breaks
        self.assertIsNone(self.catalog.getrid(self.path))
        self.assertEqual(len(self.catalog.unrestrictedSearchResults(SearchableText="ktp-lama")), 0)
        self.assertIsNone(self.intids.ids.get(KeyReferenceToPersistent(self.old)))
        self.assertTrue(IUncataloguedDocument.providedBy(self.old))
        self.assertEqual(self.old.file.data, b"%PDF-1.4 lama")  # the document itself is kept
        # the application is still found, and its documents listed from the folder
        found = self.catalog.unrestrictedSearchResults(UID=self.app.UID())
        self.assertEqual([b.getObject() for b in found], [self.app])
        self.assertIn("ktp-lama", self.app.objectIds())
        for name in ("object_provides", "is_folderish"):
            self.assertIsNone(self.catalog._catalog.getIndex(name).getEntryForObject(self.rid), name)
        # what the queue, the limits and Permohonan Saya query still finds it
        for query in ({"Creator": "budi"}, {"review_state": "submitted"}, {"effectiveRange": DateTime()}):
            found = self.catalog.unrestrictedSearchResults(portal_type="PermitApplication", **query)
            self.assertIn(self.app.UID(), [b.UID for b in found], query)


class TestJdihMetadata(unittest.TestCase):
    """1015 -> 1016: the column jdih_metadata filled for the regulations a
    site already has; the footer's site actions."""

    layer = INTEGRATION_TESTING

    def test_step(self):
        from ptsp_portal.regulations import jdihn

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        portal.portal_workflow.setChainForPortalTypes(["Regulation"], "simple_publication_workflow")
        regulation = api.content.create(
            container=portal,
            type="Regulation",
            id="uu-25-2009",
            title="Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
            regulation_type="uu",
            number="25",
            year=2009,
            promulgated_date=datetime.date(2009, 7, 18),
            status="berlaku",
        )
        api.content.transition(obj=regulation, transition="publish")
        catalog = api.portal.get_tool("portal_catalog")
        # a site made before 1016: no column, no site actions of ours
        catalog.delColumn("jdih_metadata")
        actions = portal.portal_actions.site_actions
        for name in ("maklumat-pelayanan", "standar-pelayanan"):
            actions.manage_delObjects([name])
        self.assertFalse(hasattr(catalog(UID=regulation.UID())[0], "jdih_metadata"))
        # the feed still answers, from the objects
        self.assertEqual(jdihn.feed(portal)[0]["tanggal_pengundangan"], "2009-07-18")

        titles = upgrade(portal, "1015", "1016")
        self.assertEqual(
            titles,
            [
                "JDIHN feed and service standard: catalog and actions",
                "Regulations catalogued for the JDIHN feed",
            ],
        )
        brain = catalog(UID=regulation.UID())[0]
        self.assertEqual(brain.jdih_metadata["promulgated_date"], "2009-07-18")
        self.assertEqual(brain.jdih_metadata["document_language"], "Indonesia")
        self.assertEqual(jdihn.feed(portal)[0]["sumber"], "")
        self.assertIn("standar-pelayanan", actions.objectIds())
        self.assertIn("maklumat-pelayanan", actions.objectIds())
        # again: the same
        upgrade(portal, "1015", "1016")
        self.assertEqual(catalog(UID=regulation.UID())[0].jdih_metadata, brain.jdih_metadata)


class TestDraftPeriod(unittest.TestCase):
    """1016 -> 1017 on a site without the draft period record (issue 17)."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        registry = api.portal.get_tool("portal_registry")
        del registry.records["ptsp_portal.draft_days"]

    def test_record_added_with_30_days(self):
        self.assertIsNone(api.portal.get_registry_record("ptsp_portal.draft_days", default=None))
        titles = upgrade(self.portal, "1016", "1017")
        self.assertEqual(titles, ["Saved drafts: registry", "Saved drafts: the period"])
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.draft_days"), 30)
        # an office's own period is kept by a second run
        api.portal.set_registry_record("ptsp_portal.draft_days", 14)
        upgrade(self.portal, "1016", "1017")
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.draft_days"), 14)


class TestSurveyStorageUpgrade(unittest.TestCase):
    """1017 -> 1018 (the SKM survey), on a site without its record and storage."""

    layer = INTEGRATION_TESTING

    def test_record_and_storage_added(self):
        from plone.registry.interfaces import IRegistry
        from ptsp_portal.survey.storage import get_storage
        from ptsp_portal.survey.storage import KEY
        from zope.component import getUtility

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 7)
        del getUtility(IRegistry).records["ptsp_portal.skm_minimum_respondents"]
        del IAnnotations(portal)[KEY]
        self.assertIsNone(get_storage(portal))
        upgrade(portal, "1017", "1018")
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.skm_minimum_respondents"), 30)
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.lookups_per_minute"), 7)
        storage = get_storage(portal)
        self.assertEqual(len(storage.responses), 0)
        self.assertEqual(len(storage.secret), 32)


class TestComplaints(unittest.TestCase):
    """1018 -> 1019 on a site made before complaints: no type, workflow,
    indexes, records, folder or group; after it, all of them, as a new site."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        # as 1014 left it
        with api.env.adopt_roles(["Manager"]):
            api.content.delete(obj=self.portal["pengaduan"])
        api.group.delete(groupname="ptsp-complaint-handlers")
        self.portal.portal_types.manage_delObjects(["Complaint"])
        workflow = self.portal.portal_workflow
        workflow.manage_delObjects(["ptsp_complaint_workflow"])
        workflow.setChainForPortalTypes(["Complaint"], ())
        catalog = self.portal.portal_catalog
        for name in (
            "complaint_number",
            "complaint_kind",
            "complaint_due",
            "answered_date",
            "answered_on_time",
        ):
            catalog.delIndex(name)
        registry = self.portal.portal_registry
        for name in ("complaint_response_days", "complaints_per_hour"):
            del registry.records[f"ptsp_portal.{name}"]

    def test_upgrade(self):
        self.assertNotIn("pengaduan", self.portal.objectIds())
        titles = upgrade(self.portal, "1018", "1019")
        self.assertEqual(len(titles), 2)
        upgrade(self.portal, "1018", "1019")  # again: the same
        self.assertIn("Complaint", self.portal.portal_types.objectIds())
        self.assertEqual(
            self.portal.portal_workflow.getChainForPortalType("Complaint"), ("ptsp_complaint_workflow",)
        )
        for name in (
            "complaint_number",
            "complaint_kind",
            "complaint_due",
            "answered_date",
            "answered_on_time",
        ):
            self.assertIn(name, self.portal.portal_catalog.indexes())
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.complaint_response_days"), 10)
        folder = self.portal["pengaduan"]
        self.assertEqual(folder.getLayout(), "pengaduan-antrian")
        from AccessControl.PermissionRole import rolesForPermissionOn

        self.assertNotIn("Anonymous", rolesForPermissionOn("View", folder))
        self.assertNotIn("Authenticated", rolesForPermissionOn("View", folder))
        self.assertEqual(
            sorted(dict(folder.get_local_roles())["ptsp-complaint-handlers"]), ["ComplaintHandler", "Reader"]
        )
        self.assertEqual(
            api.group.get(groupname="ptsp-complaint-handlers").getProperty("title"), "Penanganan Pengaduan"
        )


class TestComplaintsBesideAPage(TestComplaints):
    def test_upgrade(self):
        """An office's own page at /pengaduan stays what it is."""
        page = api.content.create(container=self.portal, type="Document", id="pengaduan", title="Pengaduan")
        upgrade(self.portal, "1018", "1019")
        self.assertEqual(self.portal["pengaduan"].UID(), page.UID())
        self.assertEqual(self.portal["pengaduan"].portal_type, "Document")
        self.assertEqual(page.getLayout(), "document_view")
        self.assertIn("Complaint", self.portal.portal_types.objectIds())


class TestStatistics(unittest.TestCase):
    """1019 -> 1020, on applications decided before it: no index
    ``ptsp_statistics``, nothing recorded; the step records from the history."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from ptsp_portal.constants import APPLICATION_WORKFLOW
        from tests.statistics.base import history_time
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        api.portal.set_registry_record("plone.portal_timezone", "Asia/Jakarta")
        self.catalog = api.portal.get_tool("portal_catalog")
        self.catalog.delIndex("ptsp_statistics")
        self.app = apply(self.portal, submitted=datetime.datetime(2026, 9, 2, 9, 0))
        steps = [("submitted", "2026-09-02"), ("revision", "2026-09-03"), ("submitted", "2026-09-10")]
        steps.append(("issued", "2026-09-21"))
        self.app.workflow_history[APPLICATION_WORKFLOW] = tuple(
            {"action": None, "actor": "budi", "comments": "", "review_state": state, "time": history_time(d)}
            for state, d in steps
        )
        for name in ("decided", "decision", "decision_working_days", "decided_within_service_days"):
            self.app.__dict__.pop(name, None)
        self.catalog.reindexObject(self.app, idxs=["review_state"])

    def test_step(self):
        from ptsp_portal.upgrades.v1020 import statistics

        self.assertNotIn("ptsp_statistics", self.catalog.indexes())
        statistics(api.portal.get_tool("portal_setup"))
        statistics(api.portal.get_tool("portal_setup"))  # again: nothing changes
        self.assertEqual(self.app.decision, "issued")
        self.assertEqual(self.app.decision_working_days, 8)
        uid = self.portal["layanan"]["sip-dokter"].UID()
        found = self.catalog.unrestrictedSearchResults(ptsp_statistics=f"d|2026-09|{uid}|issued|8|1")
        self.assertEqual([b.getObject() for b in found], [self.app])
        found = self.catalog.unrestrictedSearchResults(ptsp_statistics=f"r|2026-09|{uid}")
        self.assertEqual(len(found), 1)


class TestOssStatusCodes(unittest.TestCase):
    """1020 -> 1021 on a site without the OSS mapping record (issue 18 §3)."""

    layer = INTEGRATION_TESTING

    def test_record_added_with_the_default_mapping(self):
        from ptsp_portal.oss.codes import DEFAULT_MAPPING

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 7)
        del api.portal.get_tool("portal_registry").records["ptsp_portal.oss_status_codes"]
        titles = upgrade(portal, "1020", "1021")
        self.assertEqual(titles, ["OSS status codes: registry"])
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.oss_status_codes"), DEFAULT_MAPPING)
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.lookups_per_minute"), 7)


class TestRenewal(unittest.TestCase):
    """1022 -> 1023 (renewal, issue 19 §4) on a site made before it: no
    reminder record, no ``valid_until``/``renewal_of_uid`` index, no
    ``renewal_of`` column, an issued permit with a validity."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from plone.registry.interfaces import IRegistry
        from tests.documents.base import approve
        from tests.documents.base import to_pending_approval
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office
        from zope.component import getUtility

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.portal["layanan"]["sip-dokter"].validity_years = 5
        self.app = apply(self.portal)
        to_pending_approval(self.portal, self.app)
        approve(self.portal, self.app)
        login(self.portal, TEST_USER_NAME)
        self.catalog = api.portal.get_tool("portal_catalog")
        self.catalog.delIndex("valid_until")
        self.catalog.delIndex("renewal_of_uid")
        self.catalog.delColumn("renewal_of")
        del getUtility(IRegistry).records["ptsp_portal.renewal_reminder_days"]

    def test_step(self):
        self.assertIsNone(api.portal.get_registry_record("ptsp_portal.renewal_reminder_days", default=None))
        titles = upgrade(self.portal, "1022", "1023")
        self.assertEqual(titles, ["Renewal: registry", "Renewal: catalog"])
        upgrade(self.portal, "1022", "1023")  # again: nothing changes
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.renewal_reminder_days"), [90, 30])
        self.assertIn("renewal_of_uid", self.catalog.indexes())
        self.assertIn("renewal_of", self.catalog.schema())
        valid_until = self.app.valid_until
        found = self.catalog.unrestrictedSearchResults(
            valid_until={"query": (valid_until, valid_until), "range": "min:max"}
        )
        self.assertEqual([b.getObject() for b in found], [self.app])


class TestCounter(unittest.TestCase):
    """1024 -> 1025 on a site made before the counter: no role, permission
    or group; after it, the group ptsp-frontoffice with FrontOffice."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.group.delete(groupname="ptsp-frontoffice")
        self.portal.manage_permission("ptsp_portal: File at counter", ("Manager",), acquire=True)
        roles = list(self.portal.__ac_roles__)
        roles.remove("FrontOffice")
        self.portal.__ac_roles__ = tuple(roles)

    def test_upgrade(self):
        from AccessControl.PermissionRole import rolesForPermissionOn

        self.assertNotIn("FrontOffice", rolesForPermissionOn("ptsp_portal: File at counter", self.portal))
        titles = upgrade(self.portal, "1024", "1025")
        self.assertEqual(len(titles), 2)
        upgrade(self.portal, "1024", "1025")  # again: the same
        self.assertIn("FrontOffice", self.portal.__ac_roles__)
        self.assertIn("FrontOffice", rolesForPermissionOn("ptsp_portal: File at counter", self.portal))
        self.assertEqual(api.group.get(groupname="ptsp-frontoffice").getProperty("title"), "Petugas Loket")
        self.assertIn("FrontOffice", api.group.get_roles(groupname="ptsp-frontoffice"))


class TestFees(unittest.TestCase):
    """1025 -> 1026, on a site without fee kinds nor cashiers: each permit
    type gets the kind its fee amount meant; the group and its role."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from tests.workflow.base import setup_office

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        layanan = self.portal["layanan"]
        layanan["sip-dokter"].fee_amount = 0
        layanan["reklame"].fee_amount = 150000
        api.content.create(
            container=layanan, type="PermitType", id="pbg", title="PBG", code="PBG", sector="kesehatan"
        )
        for permit_type in layanan.objectValues():
            permit_type.__dict__.pop("fee_kind", None)
        api.group.delete(groupname="ptsp-cashiers")

    def test_step(self):
        from ptsp_portal.upgrades.v1026 import fees

        layanan = self.portal["layanan"]
        layanan["pbg"].fee_kind = "rate"  # chosen by an editor already: kept
        fees(api.portal.get_tool("portal_setup"))
        fees(api.portal.get_tool("portal_setup"))  # again: nothing changes
        self.assertEqual(layanan["sip-dokter"].fee_kind, "free")
        self.assertEqual(layanan["reklame"].fee_kind, "fixed")
        self.assertEqual(layanan["pbg"].fee_kind, "rate")
        self.assertIsNotNone(api.group.get(groupname="ptsp-cashiers"))
        roles = dict(self.portal["permohonan"].get_local_roles())["ptsp-cashiers"]
        self.assertEqual(roles, ("Cashier",))

    def test_nothing_billed_for_a_fee_set_per_case(self):
        from ptsp_portal.fees import definition
        from ptsp_portal.upgrades.v1026 import fees

        layanan = self.portal["layanan"]
        layanan["reklame"].fee_amount = None
        fees(api.portal.get_tool("portal_setup"))
        self.assertIsNone(getattr(layanan["reklame"], "fee_kind", None))
        self.assertFalse(definition.from_permit_type(layanan["reklame"]).billable)


class TestRegistration(unittest.TestCase):
    """Each version imports its profile steps (upgradeDepends) before its code."""

    layer = INTEGRATION_TESTING

    def steps(self, source, destination):
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile(PROFILE, source)
        return setup.listUpgrades(PROFILE, dest=destination, simple=True)

    def shape(self, source, destination):
        from Products.GenericSetup.upgrade import UpgradeDepends

        return [
            ("import", tuple(step.import_steps))
            if isinstance(step, UpgradeDepends)
            else ("code", step.handler.__module__.rsplit(".", 1)[-1])
            for step in self.steps(source, destination)
        ]

    def test_imports_then_code(self):
        self.assertEqual(self.shape("1000", "1001"), [("code", "v1001")])
        self.assertEqual(
            self.shape("1001", "1002"),
            [("import", ("workflow", "memberdata-properties")), ("code", "v1002")],
        )
        self.assertEqual(self.shape("1002", "1003"), [("import", ("workflow", "rolemap")), ("code", "v1003")])
        self.assertEqual(self.shape("1003", "1004"), [("import", ("workflow", "rolemap")), ("code", "v1004")])
        self.assertEqual(
            self.shape("1004", "1005"), [("import", ("plone.app.registry", "workflow")), ("code", "v1005")]
        )
        self.assertEqual(self.shape("1006", "1007"), [("code", "v1007")])
        self.assertEqual(self.shape("1007", "1008"), [("import", ("controlpanel",)), ("code", "v1008")])
        self.assertEqual(self.shape("1008", "1009"), [("import", ("workflow", "rolemap")), ("code", "v1009")])
        self.assertEqual(
            self.shape("1009", "1010"), [("import", ("plone.app.registry", "catalog")), ("code", "v1010")]
        )
        self.assertEqual(
            self.shape("1010", "1011"),
            [("import", ("plone.app.registry", "rolemap", "actions")), ("code", "v1011")],
        )
        self.assertEqual(self.shape("1011", "1012"), [("code", "v1012")])
        # plone.app.caching is installed first, then our registry is imported (in code)
        self.assertEqual(self.shape("1012", "1013"), [("code", "v1013")])
        self.assertEqual(self.shape("1013", "1014"), [("code", "v1014")])
        self.assertEqual(self.shape("1014", "1015"), [("code", "v1015")])
        self.assertEqual(self.shape("1015", "1016"), [("import", ("catalog", "actions")), ("code", "v1016")])
        self.assertEqual(self.shape("1016", "1017"), [("import", ("plone.app.registry",)), ("code", "v1017")])
        self.assertEqual(self.shape("1017", "1018"), [("import", ("plone.app.registry",)), ("code", "v1018")])
        self.assertEqual(
            self.shape("1018", "1019"),
            [
                ("import", ("typeinfo", "workflow", "rolemap", "catalog", "plone.app.registry", "actions")),
                ("code", "v1019"),
            ],
        )
        self.assertEqual(self.shape("1019", "1020"), [("code", "v1020")])
        self.assertEqual(self.shape("1020", "1021"), [("import", ("plone.app.registry",))])
        self.assertEqual(self.shape("1021", "1022"), [("import", ("workflow",))])
        self.assertEqual(self.shape("1022", "1023"), [("import", ("plone.app.registry",)), ("code", "v1023")])
        self.assertEqual(
            self.shape("1023", "1024"),
            [("import", ("plone.app.registry",)), ("import", ("rolemap",)), ("code", "v1024")],
        )
        self.assertEqual(self.shape("1024", "1025"), [("import", ("rolemap",)), ("code", "v1025")])
        self.assertEqual(
            self.shape("1025", "1026"),
            [("import", ("workflow", "rolemap", "plone.app.registry")), ("code", "v1026")],
        )

    def test_all_versions_in_a_row(self):
        steps = self.steps("1000", "1005")
        self.assertEqual(
            [(s.source, s.dest) for s in steps],
            [(("1000",), ("1001",))]
            + [(("1001",), ("1002",))] * 2
            + [(("1002",), ("1003",))] * 2
            + [(("1003",), ("1004",))] * 2
            + [(("1004",), ("1005",))] * 2,
        )


class TestAccountLimits(unittest.TestCase):
    """1005 -> 1006, on a site without the limit records."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from plone.registry.interfaces import IRegistry
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office
        from zope.component import getUtility

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.app = apply(self.portal)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        # as 1005 left them: no records, applications without filer and channel
        registry = getUtility(IRegistry)
        for name in ("max_pending_per_account", "max_submissions_per_day"):
            del registry.records[f"ptsp_portal.{name}"]
        del self.app.filed_by
        del self.app.channel

    def test_shape(self):
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile(PROFILE, "1005")
        steps = setup.listUpgrades(PROFILE, dest="1006", simple=True)
        self.assertEqual([(s.source, s.dest) for s in steps], [(("1005",), ("1006",))] * 2)
        self.assertEqual(steps[0].import_steps, ["plone.app.registry"])

    def test_step(self):
        self.assertIsNone(api.portal.get_registry_record("ptsp_portal.max_pending_per_account", default=None))
        upgrade(self.portal, "1005", "1006")
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.max_pending_per_account"), 50)
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.max_submissions_per_day"), 50)
        self.assertEqual(self.app.filed_by, self.app.Creator())
        self.assertEqual(self.app.__dict__["channel"], "online")


class TestRetention(unittest.TestCase):
    """1009 -> 1010, on a site without the retention record, the index
    ``closed_date`` and the column ``personal_data_removed``."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from plone.registry.interfaces import IRegistry
        from tests.queue.base import transition
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office
        from zope.component import getUtility

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.active = apply(self.portal)
        self.rejected = apply(self.portal)
        transition(self.portal, "verifikator", "reject", obj=self.rejected)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 7)
        # as 1009 left them
        del getUtility(IRegistry).records["ptsp_portal.retention_days"]
        catalog = api.portal.get_tool("portal_catalog")
        from Products.CMFCore.indexing import processQueue

        processQueue()
        catalog.delIndex("closed_date")
        catalog.delColumn("personal_data_removed")

    def closed(self, app):
        catalog = api.portal.get_tool("portal_catalog")
        query = {"query": DateTime() + 1, "range": "max"}
        return len(catalog.unrestrictedSearchResults(UID=app.UID(), closed_date=query))

    def test_step(self):
        from ptsp_portal.applications import retention

        self.assertIsNone(api.portal.get_registry_record("ptsp_portal.retention_days", default=None))
        titles = upgrade(self.portal, "1009", "1010")
        self.assertEqual(
            titles, ["Retention: registry and catalog", "Retention: closed applications indexed"]
        )
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.retention_days"), 0)
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.lookups_per_minute"), 7)
        catalog = api.portal.get_tool("portal_catalog")
        self.assertIn("closed_date", catalog.indexes())
        self.assertIn("personal_data_removed", catalog.schema())
        self.assertEqual(self.closed(self.rejected), 1)
        self.assertEqual(self.closed(self.active), 0)
        # the indexes the import met keep their entries
        self.assertEqual(
            len(catalog.unrestrictedSearchResults(tracking_number=self.active.tracking_number)), 1
        )
        self.assertEqual(
            len(
                catalog.unrestrictedSearchResults(
                    portal_type="PermitApplication", submitted={"query": DateTime() + 1, "range": "max"}
                )
            ),
            2,
        )
        # retention finds the closed one, and nothing is removed by the upgrade
        self.assertIsNone(self.rejected.personal_data_removed)
        self.assertIn("ktp", self.rejected.objectIds())
        due = retention.due(1, today=datetime.date.today() + datetime.timedelta(days=3))
        self.assertEqual([number for _path, number in due], [self.rejected.tracking_number])
        # twice is harmless; an office's period is kept
        api.portal.set_registry_record("ptsp_portal.retention_days", 730)
        upgrade(self.portal, "1009", "1010")
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.retention_days"), 730)
        self.assertEqual(self.closed(self.rejected), 1)


class TestDocumentChecksGuard(unittest.TestCase):
    """1021 -> 1022 (issue 19, document checks), on a site whose ``accept``
    has no guard expression: after it, the workflow's guard asks the checks,
    and applications keep their state."""

    layer = INTEGRATION_TESTING

    def setUp(self):
        from tests.workflow.base import apply
        from tests.workflow.base import setup_office

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.app = apply(self.portal)
        self.workflow = api.portal.get_tool("portal_workflow")["ptsp_application_workflow"]
        self.workflow.transitions["accept"].guard.expr = None

    def guard_text(self):
        guard = self.workflow.transitions["accept"].guard
        return guard.getExprText() if guard is not None else ""

    def test_upgrade(self):
        self.assertNotIn("@@ptsp-document-checks", self.guard_text())
        self.assertEqual(upgrade(self.portal, "1021", "1022"), ["Document checks: the guard of accept"])
        self.assertIn("@@ptsp-document-checks", self.guard_text())
        self.assertEqual(api.content.get_state(self.app), "submitted")

    def test_registration(self):
        from Products.GenericSetup.upgrade import UpgradeDepends

        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile(PROFILE, "1021")
        steps = setup.listUpgrades(PROFILE, dest="1022", simple=True)
        self.assertEqual([(type(s), tuple(s.import_steps)) for s in steps], [(UpgradeDepends, ("workflow",))])


class TestOfficeLook(unittest.TestCase):
    """1023 -> 1024: the office's colours and footer, the toolbar for who
    edits, the letterhead logo as the site's logo."""

    layer = INTEGRATION_TESTING
    NEW = (
        "colour_primary",
        "colour_link",
        "colour_header_background",
        "colour_header_text",
        "colour_footer_background",
        "colour_footer_text",
        "footer_address",
        "footer_phone",
        "footer_hours",
        "footer_social_links",
    )

    def setUp(self):
        from plone.formwidget.namedfile.converter import b64encode_file
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        # as 1020 left them: no such records, Plone's toolbar for everyone
        records = getUtility(IRegistry).records
        for name in self.NEW:
            del records[f"ptsp_portal.{name}"]
        for name in [n for n in records.keys() if n.startswith("plone.bundles/ptsp_portal_look.")]:
            del records[name]
        self.portal.manage_permission("Show Toolbar", ("Authenticated",), acquire=True)
        self.logo = b64encode_file("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
        # set before 1024: no subscriber copied it
        records["ptsp_portal.office_logo"].value = self.logo
        getUtility(IRegistry)["plone.site_logo"] = None
        api.portal.set_registry_record("ptsp_portal.office_name", "Kantor Lama")

    def toolbar_roles(self):
        return sorted(r["name"] for r in self.portal.rolesOfPermission("Show Toolbar") if r["selected"])

    def test_step(self):
        self.assertIsNone(api.portal.get_registry_record("ptsp_portal.colour_link", default=None))
        self.assertEqual(self.toolbar_roles(), ["Authenticated"])
        titles = upgrade(self.portal, "1023", "1024")
        self.assertEqual(
            titles,
            [
                "The office's look: colours and footer",
                "Citizen chrome: toolbar for editors and officers only",
                "The office's logo is the site's logo",
            ],
        )
        for name in self.NEW:
            self.assertIn(f"ptsp_portal.{name}", api.portal.get_tool("portal_registry").records)
        self.assertIsNone(api.portal.get_registry_record("ptsp_portal.colour_link"))
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.footer_social_links"), [])
        self.assertEqual(
            api.portal.get_registry_record("plone.bundles/ptsp_portal_look.csscompilation"),
            "++plone++ptsp_portal/look.css",
        )
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.office_name"), "Kantor Lama")
        roles = self.toolbar_roles()
        self.assertNotIn("Authenticated", roles)
        self.assertNotIn("Member", roles)
        self.assertIn("Editor", roles)
        self.assertIn("Verifier", roles)
        self.assertEqual(api.portal.get_registry_record("plone.site_logo"), self.logo)
        # twice is harmless; a colour set in between is kept
        api.portal.set_registry_record("ptsp_portal.colour_primary", "#005a87")
        upgrade(self.portal, "1023", "1024")
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.colour_primary"), "#005a87")
