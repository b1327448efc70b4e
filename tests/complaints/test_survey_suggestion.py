"""A ticked survey suggestion is filed in the complaints channel as an
anonymous ``suggestion`` (complaints/survey_hook.py)."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ptsp_portal.survey import invitations
from ptsp_portal.survey.answering import submit
from ptsp_portal.survey.storage import get_storage
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.survey.base import answers
from tests.survey.base import issued
from tests.workflow.base import setup_office

import unittest


class TestSurveySuggestion(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.app = issued(self.portal)
        self.token = invitations.pending_token(get_storage(self.portal), self.app.UID())
        logout()

    def complaints(self):
        catalog = api.portal.get_tool("portal_catalog")
        return [
            b._unrestrictedGetObject() for b in catalog.unrestrictedSearchResults(portal_type="Complaint")
        ]

    def test_ticked_suggestion_is_a_complaint_without_identity(self):
        before = {c.complaint_number for c in self.complaints()}
        login(self.portal, "budi")  # the applicant answers logged in
        text = "Tambahkan loket prioritas untuk lansia."
        result = submit(self.token, {"answers": answers(), "suggestion": text, "file_suggestion": True})
        [complaint] = [c for c in self.complaints() if c.complaint_number not in before]
        self.assertEqual(result["complaint_number"], complaint.complaint_number)
        self.assertTrue(result["access_code"])
        self.assertEqual(complaint.kind, "suggestion")
        self.assertEqual(complaint.complaint_text, text)
        self.assertIn(self.app.permit_type_object().Title(), complaint.complaint_subject)
        # nothing ties it to the respondent or the application
        for name in ("complainant_id", "complainant_name", "complainant_email", "related_tracking_number"):
            self.assertIsNone(getattr(complaint, name), name)
        self.assertNotIn("budi", complaint.listCreators())
        self.assertNotEqual(complaint.getOwner().getId(), "budi")
        self.assertNotIn("budi", [p for p, _roles in complaint.get_local_roles()])

    def test_not_ticked_files_nothing(self):
        before = len(self.complaints())
        submit(self.token, {"answers": answers(), "suggestion": "Ruang tunggu sempit."})
        self.assertEqual(len(self.complaints()), before)
