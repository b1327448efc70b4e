"""Upgrade steps of the ``ptsp_portal:default`` profile."""

from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.folder.default import DefaultOrdering
from ptsp_portal.testing import INTEGRATION_TESTING
from unittest import mock
from zope.annotation.interfaces import IAnnotations

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
        self.assertEqual(setup.getLastVersionForProfile(PROFILE), ("1013",))

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
        self.assertEqual(self.shape("1012", "1013"), [("code", "v1013")])

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


class TestApplicationsWrittenAlone(unittest.TestCase):
    """1012 -> 1013 (its handler, run directly: 1007 -> 1012 are other
    changes), on applications as 1012 stored them: a relation to the permit
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
        # applications adapted to a key reference until 1013
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
        from ptsp_portal.upgrades.v1013 import applications_written_alone

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
