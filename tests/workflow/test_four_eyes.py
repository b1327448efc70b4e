"""Four-eyes (issue 12, §6): who accepted an application may not recommend
or approve it, who recommended it may not approve it; registry record
``ptsp_portal.four_eyes``, on by default, Managers included."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.testing.zope import Browser
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal.applications.queue.search import search
from ptsp_portal.testing import FUNCTIONAL_TESTING
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.workflow.base import add_user
from tests.workflow.base import apply
from tests.workflow.base import PASSWORD
from tests.workflow.base import setup_office

import json
import transaction
import unittest

RECORD = "ptsp_portal.four_eyes"
APPROVE_REFUSED = (
    "Prinsip empat mata: petugas yang menerima berkas atau merekomendasikan permohonan "
    "ini tidak boleh juga menyetujuinya."
)


def act(portal, user_id, application, action, comment=""):
    login(portal, user_id)
    try:
        api.portal.get_tool("portal_workflow").doActionFor(application, action, comment=comment)
    finally:
        logout()


def offered(portal, user_id, application):
    login(portal, user_id)
    try:
        return [t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(application)]
    finally:
        logout()


class TestFourEyes(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        # one officer in every officer group (a small office)
        add_user("ganda", "Gani Ganda", ["ptsp-verifiers", "ptsp-reviewers", "ptsp-approvers"])
        self.app = apply(self.portal)
        logout()

    def test_on_by_default(self):
        self.assertIs(api.portal.get_registry_record(RECORD), True)

    def test_accepter_cannot_recommend(self):
        act(self.portal, "ganda", self.app, "accept")
        self.assertNotIn("recommend", offered(self.portal, "ganda", self.app))
        self.assertIn("request_revision", offered(self.portal, "ganda", self.app))
        with self.assertRaises(WorkflowException):
            act(self.portal, "ganda", self.app, "recommend", "Memenuhi syarat.")
        self.assertIn("recommend", offered(self.portal, "teknis", self.app))

    def test_recommender_cannot_approve(self):
        act(self.portal, "verifikator", self.app, "accept")
        act(self.portal, "ganda", self.app, "recommend", "Memenuhi syarat.")
        self.assertNotIn("approve", offered(self.portal, "ganda", self.app))
        act(self.portal, "kadis", self.app, "approve")
        self.assertEqual(api.content.get_state(self.app), "issued")

    def test_earlier_rounds_count(self):
        # ganda accepted, the review sent it back to the applicant, someone
        # else accepted the corrected application: ganda still may not approve
        act(self.portal, "ganda", self.app, "accept")
        act(self.portal, "teknis", self.app, "request_revision", "Ulang KTP")
        act(self.portal, "budi", self.app, "resubmit")
        act(self.portal, "verifikator", self.app, "accept")
        act(self.portal, "teknis", self.app, "recommend", "Memenuhi syarat.")
        self.assertNotIn("approve", offered(self.portal, "ganda", self.app))

    def test_managers_included(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, "test-user")
        workflow = api.portal.get_tool("portal_workflow")
        workflow.doActionFor(self.app, "accept")
        self.assertNotIn("recommend", [t["id"] for t in workflow.getTransitionsFor(self.app)])
        with self.assertRaises(WorkflowException):
            workflow.doActionFor(self.app, "recommend", comment="x")

    def test_off(self):
        api.portal.set_registry_record(RECORD, False)
        act(self.portal, "ganda", self.app, "accept")
        act(self.portal, "ganda", self.app, "recommend", "Memenuhi syarat.")
        self.assertIn("approve", offered(self.portal, "ganda", self.app))
        act(self.portal, "ganda", self.app, "approve")
        self.assertEqual(api.content.get_state(self.app), "issued")

    def test_my_tasks_leave_it_out(self):
        act(self.portal, "ganda", self.app, "accept")
        act(self.portal, "teknis", self.app, "recommend", "Memenuhi syarat.")
        folder = self.portal["permohonan"]

        def mine(user_id):
            login(self.portal, user_id)
            try:
                return [brain.getId for brain in search(folder, {"tugas": "saya"})]
            finally:
                logout()

        self.assertEqual(mine("kadis"), [self.app.getId()])
        self.assertEqual(mine("ganda"), [])
        api.portal.set_registry_record(RECORD, False)
        self.assertEqual(mine("ganda"), [self.app.getId()])


class TestFourEyesRest(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        add_user("ganda", "Gani Ganda", ["ptsp-verifiers", "ptsp-approvers"])
        self.app = apply(self.portal)
        logout()
        transaction.commit()

    def browser(self, user_id):
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.raiseHttpErrors = False
        browser.addHeader("Accept", "application/json")
        browser.addHeader("Authorization", f"Basic {user_id}:{PASSWORD}")
        return browser

    def post(self, user_id, action, comment=""):
        browser = self.browser(user_id)
        browser.post(
            f"{self.app.absolute_url()}/++api++/@workflow/{action}",
            json.dumps({"comment": comment}),
            "application/json",
        )
        return int(browser.headers["status"].split()[0]), json.loads(browser.contents)

    def offered(self, user_id):
        browser = self.browser(user_id)
        browser.open(f"{self.app.absolute_url()}/++api++/@workflow")
        return [t["@id"].rsplit("/", 1)[-1] for t in json.loads(browser.contents)["transitions"]]

    def to_pending_approval(self):
        status, data = self.post("ganda", "accept")
        self.assertEqual(status, 200, data)
        status, data = self.post("teknis", "recommend", "Memenuhi syarat teknis.")
        self.assertEqual(status, 200, data)

    def test_accepter_cannot_approve(self):
        self.to_pending_approval()
        self.assertNotIn("approve", self.offered("ganda"))
        self.assertIn("reject", self.offered("ganda"))
        status, data = self.post("ganda", "approve")
        self.assertEqual(status, 403, data)
        self.assertEqual(data["error"]["message"], APPROVE_REFUSED)
        self.portal._p_jar.sync()
        self.assertEqual(api.content.get_state(self.app), "pending_approval")
        # a different approver can
        self.assertIn("approve", self.offered("kadis"))
        status, data = self.post("kadis", "approve")
        self.assertEqual(status, 200, data)
        self.portal._p_jar.sync()
        self.assertEqual(api.content.get_state(self.app), "issued")

    def test_off(self):
        api.portal.set_registry_record(RECORD, False)
        transaction.commit()
        self.to_pending_approval()
        self.assertIn("approve", self.offered("ganda"))
        status, data = self.post("ganda", "approve")
        self.assertEqual(status, 200, data)
