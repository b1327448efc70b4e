"""Permit numbers under concurrent approvals: two ZODB connections in two
threads approve two applications at the same moment; the loser of the commit
race gets a ConflictError and retries (as Zope retries a request); both end
issued with different numbers."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ptsp_portal.documents.issue import today
from ptsp_portal.testing import FUNCTIONAL_TESTING
from tests.documents.base import to_pending_approval
from tests.workflow.base import apply
from tests.workflow.base import setup_office
from Testing.makerequest import makerequest
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite

import threading
import transaction
import unittest

MAX_ATTEMPTS = 5


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
        db = self.layer["zodbDB"]
        barrier = threading.Barrier(len(paths), timeout=120)
        results, errors = {}, []

        def worker(path):
            connection = db.open()
            try:
                for attempt in range(1, MAX_ATTEMPTS + 1):
                    transaction.begin()
                    try:
                        app = makerequest(connection.root()["Application"])
                        portal = app.unrestrictedTraverse(path.split("/")[1])
                        setSite(portal)
                        login(portal, "kadis")
                        application = app.unrestrictedTraverse(path)
                        api.portal.get_tool("portal_workflow").doActionFor(application, "approve")
                        number = application.permit_number
                        if attempt == 1:
                            barrier.wait()  # both approved, neither committed
                        transaction.commit()
                        results[path] = (number, attempt)
                        return
                    except ConflictError:
                        transaction.abort()
                errors.append(f"{path}: still conflicting after {MAX_ATTEMPTS} attempts")
            except Exception as exc:  # reported by the test thread
                errors.append(f"{path}: {exc!r}")
                barrier.abort()
            finally:
                transaction.abort()
                connection.close()
                setSite(None)

        threads = [threading.Thread(target=worker, args=(path,)) for path in paths]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)
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
