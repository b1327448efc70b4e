"""Two technical reviewers bill two applications at the same moment, each
on its own ZODB connection: both bills are issued with different numbers,
and neither the bill sequence nor the ledger conflicts."""

from Acquisition import aq_base
from plone import api
from plone.app.testing import logout
from ptsp_portal.applications.numbering import ANNOTATION_KEY as NUMBERING_KEY
from ptsp_portal.fees import bills
from ptsp_portal.fees import ledger
from ptsp_portal.testing import FUNCTIONAL_TESTING
from tests.concurrency import race
from tests.fees.base import apply_for_building
from tests.fees.base import setup_fees
from tests.fees.base import to_technical_review
from zope.annotation.interfaces import IAnnotations

import transaction
import unittest


def bill_it(app_id):
    def job(portal):
        app = portal["permohonan"][app_id]
        with api.env.adopt_user(username="teknis"):
            api.portal.get_tool("portal_workflow").doActionFor(app, "issue_bill", comment="Sesuai.")
        return bills.bill_of(app)["number"]

    return job


class TestConcurrentBills(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_fees(self.portal)
        # an office that has billed before (the first insert into an empty
        # tree cannot be merged: a case only a brand-new site has)
        earlier = apply_for_building(self.portal, area=50)
        to_technical_review(earlier)
        bill_it(earlier.getId())(self.portal)
        self.apps = []
        for applicant, area in (("budi", 120), ("siti", 80)):
            app = apply_for_building(self.portal, area=area, applicant=applicant)
            to_technical_review(app)
            self.apps.append(app.getId())
        logout()
        transaction.commit()

    def guarded_oids(self):
        transaction.begin()
        self.portal._p_jar.sync()
        numbering = IAnnotations(self.portal)[NUMBERING_KEY]
        tree = aq_base(ledger.ledger(self.portal, create=False))
        objects = [numbering, *numbering.values(), tree]
        return {obj._p_oid for obj in objects}

    def test_two_approvals_at_once(self):
        results, errors, conflicts = race(
            self.layer["zodbDB"], self.portal.getId(), {a: bill_it(a) for a in self.apps}
        )
        self.assertEqual(errors, [])
        numbers = {number for number, _attempt in results.values()}
        self.assertEqual(len(numbers), 2)
        self.assertFalse(self.guarded_oids().intersection(conflicts), conflicts)
        for app_id in self.apps:
            app = self.portal["permohonan"][app_id]
            self.assertEqual(api.content.get_state(app), "awaiting_payment")
            number = bills.bill_of(app)["number"]
            self.assertIn(number, numbers)
            self.assertEqual(ledger.entry(number)["application_uid"], app.UID())
        self.assertEqual(len(list(ledger.entries())), 3)
