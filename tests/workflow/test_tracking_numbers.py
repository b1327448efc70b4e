"""Tracking numbers under concurrent submissions: two ZODB connections in two
threads submit at the same moment.  Numbers are drawn in a transaction of
their own (numbering.py), so neither submission conflicts on the sequence;
both commit, with different numbers."""

from plone.app.testing import logout
from ptsp_portal.applications.numbering import next_number
from ptsp_portal.testing import FUNCTIONAL_TESTING
from tests.concurrency import race
from tests.workflow.base import apply
from tests.workflow.base import setup_office
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.interface import alsoProvides

import transaction
import unittest

ALREADY = ("budi", "siti") * 6


class TestConcurrentSubmissions(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        # an office that has applications already (the first insert into an
        # empty BTree cannot be merged: a case only a brand-new site has)
        for applicant in ALREADY:
            apply(self.portal, applicant=applicant)
        logout()
        transaction.commit()

    def submit_concurrently(self, applicants):
        def submit(applicant):
            return lambda portal: apply(portal, applicant=applicant).tracking_number

        return race(self.layer["zodbDB"], self.portal.getId(), {a: submit(a) for a in applicants})

    def guarded_oids(self):
        """The objects every submission used to write: the sequence and
        ``/permohonan`` (its own record and its tree of items)."""
        from Acquisition import aq_base
        from ptsp_portal.applications.numbering import ANNOTATION_KEY
        from zope.annotation.interfaces import IAnnotations

        transaction.begin()
        self.portal._p_jar.sync()
        storage = IAnnotations(self.portal)[ANNOTATION_KEY]
        folder = aq_base(self.portal["permohonan"])
        objects = [storage, *storage.values(), folder, folder._tree]
        return {obj._p_oid for obj in objects}

    def test_no_conflict_on_the_sequence_no_duplicate(self):
        results, errors, conflicts = self.submit_concurrently(["budi", "siti"])
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 2)
        numbers = {number for number, _attempt in results.values()}
        self.assertEqual(len(numbers), 2)
        # a conflict in the catalog may still be retried now and then, but
        # never one on the number or the folder (it was every time before)
        self.assertFalse(self.guarded_oids().intersection(conflicts))
        found = {a.tracking_number for a in self.portal["permohonan"].objectValues()}
        self.assertEqual(len(found), 2 + len(ALREADY))
        self.assertLessEqual(numbers, found)

    def test_site_not_stored_yet_draws_in_the_transaction(self):
        """Demo content is made in the transaction that creates the site."""
        from OFS.Folder import Folder

        unsaved = Folder("unsaved")  # no _p_jar: nothing to draw apart from
        alsoProvides(unsaved, IAttributeAnnotatable)
        first = next_number("test", 2026, str, site=unsaved, apart=True)
        second = next_number("test", 2026, str, site=unsaved, apart=True)
        self.assertEqual((first, second), ("1", "2"))
