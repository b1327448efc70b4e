"""Permit numbers under concurrent approvals: two ZODB connections in two
threads approve two applications at the same moment; the loser of the commit
race gets a ConflictError and retries (as Zope retries a request); both end
issued with different numbers."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ptsp_portal.documents.issue import today
from ptsp_portal.testing import FUNCTIONAL_TESTING
from tests.concurrency import race
from tests.documents.base import to_pending_approval
from tests.workflow.base import apply
from tests.workflow.base import setup_office

import transaction
import unittest


class TestConcurrentApprovals(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        setup_office(portal)
        portal["layanan"]["sip-dokter"].validity_years = 5
        self.paths = []
        for applicant in ("budi", "siti"):
            application = apply(portal, applicant=applicant)
            to_pending_approval(portal, application)
            self.paths.append("/".join(application.getPhysicalPath()))
        logout()
        transaction.commit()

    def approve_concurrently(self, paths):
        def approve(path):
            def job(portal):
                login(portal, "kadis")
                application = portal.unrestrictedTraverse(path)
                api.portal.get_tool("portal_workflow").doActionFor(application, "approve")
                return application.permit_number

            return job

        results, errors, _conflicts = race(
            self.layer["zodbDB"], self.layer["portal"].getId(), {p: approve(p) for p in paths}
        )
        self.assertEqual(errors, [])
        return results

    def test_no_duplicate_numbers(self):
        results = self.approve_concurrently(self.paths)
        self.assertEqual(len(results), 2)
        attempts = sorted(attempt for _number, attempt in results.values())
        # one commit won, the other conflicted and was retried
        self.assertEqual(attempts[0], 1)
        self.assertGreater(attempts[1], 1)
        # what is committed: two issued applications, two different numbers
        transaction.begin()
        portal = self.layer["portal"]
        portal._p_jar.sync()
        year = today().year
        numbers = set()
        for path in self.paths:
            application = portal.unrestrictedTraverse(path)
            self.assertEqual(api.content.get_state(application), "issued")
            self.assertIn("surat-izin.pdf", application)
            numbers.add(application.permit_number)
        self.assertEqual(
            numbers,
            {f"503/0001/SIP-DOKTER/DPMPTSP/{year}", f"503/0002/SIP-DOKTER/DPMPTSP/{year}"},
        )
        self.assertEqual({number for number, _attempt in results.values()}, numbers)
