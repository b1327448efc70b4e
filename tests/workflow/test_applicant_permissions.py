"""What the applicant may do to their own application, in every state, by
allow-list: a permission Plone gives the Owner role by default (management
screens, properties, display views, aliases, local roles, undo, versions…)
must never reach a citizen (issue 12; found by the logged-in scan)."""

from AccessControl import getSecurityManager
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.protect.authenticator import createToken
from ptsp_portal.testing import FUNCTIONAL_TESTING
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.workflow.base import apply
from tests.workflow.base import MONDAY
from tests.workflow.base import setup_office

import base64
import transaction
import unittest

# Besides what every citizen has anywhere: seeing the file and acting on it.
# The type-specific add permissions (plone.app.contenttypes: Add Document…)
# stay with Owner, harmlessly: every construction also needs "Add portal
# content", which the workflow gives to Managers only, and the type allows
# only File.
APPLICANT_MAY = {
    "View",
    "Access contents information",
    "List folder contents",
    "ptsp_portal: Act as applicant",
    "ptsp_portal: Edit application answers",
}
NEVER = {
    "Add portal content",
    "Modify portal content",
    "Delete objects",
    "View management screens",
    "Manage properties",
    "Modify view template",
    "Manage Context Aliases",
    "Change local roles",
    "Take ownership",
    "Undo changes",
    "Modify constrain types",
    "Sharing page: Delegate roles",
    "CMFEditions: Save new version",
    "CMFEditions: Revert to previous versions",
    "WebDAV Lock items",
    "Copy or Move",
}


def granted(obj):
    checker = getSecurityManager().checkPermission
    return {name for name, *_ in obj.ac_inherited_permissions(1) if checker(name, obj)}


def harmless_add(name):
    return name.startswith("Add portal ") or ": Add " in name or name.endswith(": Import Ical")


class TestApplicantPermissions(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.app = apply(self.portal, submitted=MONDAY)
        logout()

    def test_allow_list_in_every_state(self):
        workflow_tool = api.portal.get_tool("portal_workflow")
        workflow = workflow_tool["ptsp_application_workflow"]
        login(self.portal, "siti")  # another citizen: what any Member has here
        baseline = granted(self.app)
        self.assertNotIn("View", baseline)
        for state in workflow.states.objectValues():
            status = dict(workflow_tool.getStatusOf(workflow.id, self.app))
            status["review_state"] = state.id
            workflow_tool.setStatusOf(workflow.id, self.app, status)
            workflow.updateRoleMappingsFor(self.app)
            login(self.portal, "budi")
            for obj in (self.app, self.app["ktp"]):
                extra = {p for p in granted(obj) - baseline if not harmless_add(p)}
                self.assertLessEqual(extra, APPLICANT_MAY, (state.id, obj.getId()))
                self.assertIn("View", extra, (state.id, obj.getId()))
                self.assertFalse(NEVER & granted(obj), (state.id, obj.getId()))
            # officers keep locking the files they work on
            login(self.portal, "verifikator")
            self.assertTrue(api.user.has_permission("WebDAV Lock items", obj=self.app), state.id)

    def test_dashboard_portlets_for_managers(self):
        login(self.portal, "budi")
        self.assertFalse(api.user.has_permission("Portlets: Manage own portlets", obj=self.portal))


class TestApplicantRefusedOverHttp(unittest.TestCase):
    """The requests the scan made, as the applicant, are refused."""

    layer = FUNCTIONAL_TESTING

    def setUp(self):
        from plone.testing.zope import Browser

        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.app = apply(self.portal, submitted=MONDAY)
        api.user.get("budi").setSecurityProfile(password="Rahasia-Budi-2026")
        transaction.commit()
        self.browser = Browser(self.layer["app"])
        self.browser.handleErrors = True
        self.browser.raiseHttpErrors = False
        self.browser.followRedirects = False  # a refusal redirects to the login form
        token = base64.b64encode(b"budi:Rahasia-Budi-2026").decode()
        self.browser.addHeader("Authorization", f"Basic {token}")
        self.url = self.app.absolute_url()

    def status(self, path, data=None):
        if data is None:
            self.browser.open(f"{self.url}/{path}")
        else:
            self.browser.post(f"{self.url}/{path}", data)
        return int(self.browser.headers["status"].split()[0])

    def test_own_application_is_readable(self):
        self.assertEqual(self.status(""), 200)

    def test_management_and_display_screens_refused(self):
        for path in (
            "manage_main",
            "manage_propertiesForm",
            "manage_access",
            "select_default_view",
            "@@manage-aliases",
            "folder_constraintypes_form",
        ):
            self.assertIn(self.status(path), (302, 401, 403), path)
            body = self.browser.contents
            self.assertNotIn("_authenticator", body if isinstance(body, str) else body.decode(), path)

    def test_properties_and_aliases_not_written(self):
        # with the applicant's own valid CSRF token, as the scan had it
        login(self.portal, "budi")
        token = f"_authenticator={createToken()}"
        self.status("manage_addProperty", f"id=pwned&type=string&value=x&{token}")
        self.status("manage_editProperties", f"title:UTF-8:string=DIUBAH&{token}")
        self.status("@@manage-aliases", f"redirection=/plone/layanan-baru&form.button.Add=Add&{token}")
        transaction.begin()
        self.assertFalse(self.app.hasProperty("pwned"))
        self.assertNotEqual(self.app.Title(), "DIUBAH")
        from plone.app.redirector.interfaces import IRedirectionStorage
        from zope.component import getUtility

        storage = getUtility(IRedirectionStorage)
        self.assertNotIn("/plone/layanan-baru", storage)
