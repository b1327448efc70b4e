"""The application workflow: who can do what, when, and what it records."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.workflow.base import apply
from tests.workflow.base import MONDAY
from tests.workflow.base import setup_office

import datetime
import unittest


class WorkflowCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setup_office(self.portal)
        self.app = apply(self.portal, submitted=MONDAY)
        logout()

    def login_as(self, user_id):
        login(self.portal, user_id)

    def transition(self, user_id, action, comment="", obj=None):
        self.login_as(user_id)
        workflow = api.portal.get_tool("portal_workflow")
        workflow.doActionFor(obj or self.app, action, comment=comment)

    def state(self):
        return api.content.get_state(self.app)

    def can_view(self, user_id, obj=None):
        self.login_as(user_id)
        return api.user.has_permission("View", obj=obj or self.app)

    def allowed_transitions(self, user_id):
        self.login_as(user_id)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(self.app))


class TestIntake(WorkflowCase):
    def test_tracking_number_and_owner(self):
        year = datetime.date.today().year
        self.assertRegex(self.app.tracking_number, rf"^PTSP-{year}-\d{{6}}$")
        # the number, after its last two digits reversed (spread over the folder)
        number = self.app.tracking_number
        self.assertEqual(self.app.getId(), f"{number[-1]}{number[-2]}-{number.lower()}")
        self.assertEqual(self.app.getOwner().getId(), "budi")
        owners = [p for p, roles in self.app.get_local_roles() if "Owner" in roles]
        self.assertEqual(owners, ["budi"])
        self.assertEqual(self.state(), "submitted")

    def test_numbers_are_sequential_and_unique(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        second = apply(self.portal, applicant="siti")
        first_seq = int(self.app.tracking_number.rsplit("-", 1)[1])
        self.assertEqual(second.tracking_number.rsplit("-", 1)[1], f"{first_seq + 1:06d}")

    def test_registry_prefix(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("ptsp_portal.tracking_prefix", "DPM")
        self.assertTrue(apply(self.portal, applicant="siti").tracking_number.startswith("DPM-"))

    def test_document_is_child_file_with_requirement_id(self):
        self.assertEqual(self.app["ktp"].portal_type, "File")
        workflow = api.portal.get_tool("portal_workflow")
        self.assertEqual(workflow.getChainFor(self.app["ktp"]), ())

    def test_phone_normalised(self):
        self.assertEqual(self.app.applicant_phone, "+6281234567890")

    def test_due_date_in_working_days(self):
        # Monday 2 Nov 2026 + 9 working days = Friday 13 Nov 2026
        self.assertEqual(self.app.due_date, datetime.date(2026, 11, 13))

    def test_invalid_nik_and_phone_refused(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        with self.assertRaises(IntakeError) as raised:
            apply(self.portal, applicant="siti", applicant_nik="1234", applicant_phone="12")
        self.assertEqual(set(raised.exception.errors), {"applicant_nik", "applicant_phone"})
        self.assertIn("16", raised.exception.errors["applicant_nik"])


class TestPath(WorkflowCase):
    def test_full_path_to_issued(self):
        self.transition("verifikator", "accept")
        self.assertEqual(self.state(), "technical_review")
        self.transition("teknis", "recommend", "Lokasi praktik sesuai.")
        self.assertEqual(self.state(), "pending_approval")
        self.transition("kadis", "approve")
        self.assertEqual(self.state(), "issued")
        history = self.app.workflow_history["ptsp_application_workflow"]
        self.assertEqual([h["action"] for h in history], [None, "accept", "recommend", "approve"])
        self.assertEqual(history[2]["actor"], "teknis")
        self.assertEqual(history[2]["comments"], "Lokasi praktik sesuai.")

    def test_revision_and_back(self):
        self.transition("verifikator", "request_revision", "Scan KTP buram.")
        self.assertEqual(self.state(), "revision")
        self.assertEqual(self.allowed_transitions("budi"), ["resubmit", "withdraw"])
        self.transition("budi", "resubmit")
        self.assertEqual(self.state(), "submitted")

    def test_send_back_and_revoke(self):
        self.transition("verifikator", "accept")
        self.transition("teknis", "recommend")
        self.transition("kadis", "send_back", "Perlu kunjungan lapangan.")
        self.assertEqual(self.state(), "technical_review")
        self.transition("teknis", "recommend")
        self.transition("kadis", "approve")
        self.transition("kadis", "revoke", "Izin disalahgunakan.")
        self.assertEqual(self.state(), "revoked")

    def test_applicant_withdraws(self):
        self.transition("budi", "withdraw")
        self.assertEqual(self.state(), "withdrawn")


class TestRules(WorkflowCase):
    def test_comment_required(self):
        for action in ("request_revision", "reject"):
            with self.assertRaises(WorkflowException) as raised:
                self.transition("verifikator", action, "  ")
            self.assertIn("Alasan wajib diisi", str(raised.exception))
            self.assertEqual(self.state(), "submitted")

    def test_only_the_step_owner_can_act(self):
        self.assertEqual(self.allowed_transitions("verifikator"), ["accept", "reject", "request_revision"])
        self.assertEqual(self.allowed_transitions("teknis"), [])
        self.assertEqual(self.allowed_transitions("kadis"), [])
        self.assertEqual(self.allowed_transitions("budi"), ["withdraw"])
        with self.assertRaises(WorkflowException):
            self.transition("kadis", "approve")

    def test_verifier_cannot_approve(self):
        self.transition("verifikator", "accept")
        self.transition("teknis", "recommend")
        self.assertEqual(self.allowed_transitions("verifikator"), [])
        with self.assertRaises(WorkflowException):
            self.transition("verifikator", "approve")

    def test_nobody_edits_final_states(self):
        self.transition("verifikator", "reject", "Bukan kewenangan daerah.")
        for user in ("budi", "verifikator", "kadis"):
            self.login_as(user)
            self.assertFalse(api.user.has_permission("Modify portal content", obj=self.app), user)

    def test_applicant_edits_answers_only_in_revision(self):
        self.login_as("budi")
        self.assertFalse(api.user.has_permission("ptsp_portal: Edit application answers", obj=self.app))
        self.transition("verifikator", "request_revision", "Lengkapi alamat.")
        self.login_as("budi")
        self.assertTrue(api.user.has_permission("ptsp_portal: Edit application answers", obj=self.app))
        self.assertFalse(api.user.has_permission("ptsp_portal: View internal notes", obj=self.app))

    def test_applicant_never_modifies_nor_shares(self):
        """Corrections go through ptsp_portal.applications.revision, which
        writes itself; Sharing lists other people (issue 12)."""
        self.transition("verifikator", "request_revision", "Lengkapi alamat.")
        self.login_as("budi")
        self.assertFalse(api.user.has_permission("Modify portal content", obj=self.app))
        self.assertFalse(api.user.has_permission("Sharing page: Delegate roles", obj=self.app))
        workflow = api.portal.get_tool("portal_workflow")["ptsp_application_workflow"]
        for state in workflow.states.objectValues():
            for permission in ("Modify portal content", "Sharing page: Delegate roles"):
                roles = state.permission_roles.get(permission)
                self.assertIsNotNone(roles, (state.id, permission))
                self.assertNotIn("Owner", roles, (state.id, permission))
                self.assertIsInstance(roles, tuple, (state.id, permission))  # not acquired


class TestVisibility(WorkflowCase):
    def test_who_sees_the_application(self):
        for user in ("budi", "verifikator", "teknis", "kadis"):
            self.assertTrue(self.can_view(user), user)
        for user in ("siti", "editor"):
            self.assertFalse(self.can_view(user), user)
        logout()
        self.assertFalse(api.user.has_permission("View", obj=self.app))

    def test_documents_follow_the_application(self):
        self.assertTrue(self.can_view("budi", self.app["ktp"]))
        self.assertTrue(self.can_view("verifikator", self.app["ktp"]))
        self.assertFalse(self.can_view("siti", self.app["ktp"]))
        self.assertFalse(self.can_view("editor", self.app["ktp"]))

    def test_catalog_security(self):
        catalog = api.portal.get_tool("portal_catalog")
        for user, expected in (("budi", 1), ("siti", 0), ("editor", 0), ("verifikator", 1)):
            self.login_as(user)
            found = catalog(path="/".join(self.app.getPhysicalPath()))
            self.assertEqual(len(found), expected, user)  # the application (documents are not catalogued)

    def test_reviewer_scoped_to_one_permit_type(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        reklame = apply(self.portal, permit_code="reklame", applicant="siti")
        self.assertTrue(self.can_view("teknis-reklame", reklame))
        self.assertFalse(self.can_view("teknis-reklame", self.app))
        catalog = api.portal.get_tool("portal_catalog")
        self.login_as("teknis-reklame")
        self.assertEqual([b.getId for b in catalog(portal_type="PermitApplication")], [reklame.getId()])
        # the role is the reviewer's only in technical review of that type
        self.transition("verifikator", "accept", obj=reklame)
        login(self.portal, "teknis-reklame")
        workflow = api.portal.get_tool("portal_workflow")
        self.assertEqual(
            [t["id"] for t in workflow.getTransitionsFor(reklame)], ["recommend", "request_revision"]
        )

    def test_sharing_change_on_permit_type_reindexes(self):
        from plone.app.workflow.events import LocalrolesModifiedEvent
        from zope.event import notify

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        permit = self.portal["layanan"]["sip-dokter"]
        permit.manage_setLocalRoles("teknis-reklame", ["TechnicalReviewer"])
        notify(LocalrolesModifiedEvent(permit, self.request))
        catalog = api.portal.get_tool("portal_catalog")
        self.login_as("teknis-reklame")
        self.assertIn(self.app.getId(), [b.getId for b in catalog(portal_type="PermitApplication")])


class TestSla(WorkflowCase):
    def test_clock_stops_in_revision(self):
        from ptsp_portal.workflow import sla

        due = self.app.due_date
        days = iter([datetime.date(2026, 11, 3), datetime.date(2026, 11, 6)])
        original = sla.today
        sla.today = lambda: next(days)
        try:
            self.transition("verifikator", "request_revision", "Lengkapi.")  # Tue 3 Nov
            self.transition("budi", "resubmit")  # Fri 6 Nov: 3 working days stopped
        finally:
            sla.today = original
        self.assertEqual(self.app.due_date, datetime.date(2026, 11, 18))
        self.assertGreater(self.app.due_date, due)

    def test_due_date_indexed(self):
        catalog = api.portal.get_tool("portal_catalog")
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        [brain] = catalog(tracking_number=self.app.tracking_number)
        self.assertEqual(brain.due_date, datetime.date(2026, 11, 13))
        self.assertEqual(brain.permit_type_title, "Surat Izin Praktik Dokter")

    def test_status_colours(self):
        from ptsp_portal.workflow.sla import sla_status

        due = datetime.date(2026, 11, 13)  # Friday
        self.assertEqual(sla_status(due, "submitted", on=datetime.date(2026, 11, 2)), "ok")
        self.assertEqual(sla_status(due, "submitted", on=datetime.date(2026, 11, 11)), "warning")
        self.assertEqual(sla_status(due, "submitted", on=datetime.date(2026, 11, 16)), "overdue")
        self.assertIsNone(sla_status(due, "issued", on=datetime.date(2026, 11, 16)))
        self.assertIsNone(sla_status(due, "revision", on=datetime.date(2026, 11, 16)))


class TestMyActions(WorkflowCase):
    def test_actors_index_follows_the_step(self):
        catalog = api.portal.get_tool("portal_catalog")

        def mine(user):
            self.login_as(user)
            user_obj = api.user.get_current()
            tokens = catalog._listAllowedRolesAndUsers(user_obj)
            return [b.getId for b in catalog(portal_type="PermitApplication", ptsp_actors=tokens)]

        self.assertEqual(mine("verifikator"), [self.app.getId()])
        self.assertEqual(mine("teknis"), [])
        self.transition("verifikator", "accept")
        self.assertEqual(mine("verifikator"), [])
        self.assertEqual(mine("teknis"), [self.app.getId()])
