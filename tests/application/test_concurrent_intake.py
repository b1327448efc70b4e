"""Submissions at the same moment do not conflict (issue 14, section 1).

Two ZODB connections in two threads each file an application through the
intake, with documents, and commit together (``tests.concurrency.race``).
What a submission writes besides the application and its documents is
shared with every other submission: catalog entries (paths, text indexes,
dates), intids, the relation to the permit type, ``/permohonan``'s tree.
The objects that made every pair of submissions conflict (the text indexes
and their lexicon, the intid and relation catalogs, the title sort index)
never conflict now; both submissions commit.  What may still conflict, now
and then, is the split of a bucket of a shared tree (a catalog index, the
folder): ZODB cannot merge two transactions that changed one tree's
structure, and Zope retries such a request.
"""

from bench.oids import describe
from plone.app.testing import logout
from ptsp_portal.applications.intake import create_application
from ptsp_portal.testing import FUNCTIONAL_TESTING
from tests.concurrency import race
from tests.workflow.base import add_user
from tests.workflow.base import apply
from tests.workflow.base import NIK
from tests.workflow.base import setup_office

import transaction
import unittest

# an office that has applications already: a brand-new site's first inserts
# into empty trees are another matter
ALREADY = ("budi", "siti") * 8
ROUNDS = 3
# what every submission wrote before: Plone's text indexes and their lexicon
# (postings of rare words are dicts, which ZODB cannot merge), the intids,
# the relation catalog, the title sort index (a new last key each time)
HOTSPOTS = (
    "plone_lexicon",
    "indexes.SearchableText",
    "indexes.Title",
    "indexes.Description",
    "indexes.sortable_title",
    "_components.intids",
    "_components.relations",
)


def submit(applicant, permit_code, round_):
    """A job for ``race``: one application with two documents whose names
    are new words (as citizens' file names are)."""

    def job(portal):
        permit = portal["layanan"][permit_code]
        data = {
            "applicant_name": f"Pemohon {applicant.title()}",
            "applicant_nik": NIK,
            "applicant_email": f"{applicant}@example.org",
            "applicant_phone": "0812-3456-7890",
            "applicant_address": "Jl. Merdeka No. 1, Kabupaten Contoh",
            "form_data": {"lokasi_praktik": "Klinik Sehat"},
        }
        documents = {
            "ktp": (f"scan-{applicant}-{round_}-ktp.pdf", "application/pdf", b"%PDF-1.4 ktp"),
        }
        power = (f"kuasa-{applicant}-{round_}.pdf", "application/pdf", b"%PDF-1.4 kuasa")
        application = create_application(
            permit,
            applicant,
            data,
            documents,
            on_behalf_of={
                "nik": "3201010101900002",
                "name": "Ani Wijaya",
                "phone": "0812-1111-2222",
                "address": "Jl. Sudirman No. 2",
            },
            power_of_attorney=power,
        )
        return application.tracking_number

    return job


class TestConcurrentIntake(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        add_user("dewi", "Dewi Lestari")
        add_user("eko", "Eko Prasetyo")
        for applicant in ALREADY:
            apply(self.portal, applicant=applicant)
        for applicant in ("dewi", "eko"):
            apply(self.portal, applicant=applicant)
        logout()
        transaction.commit()

    def hotspots(self, oids):
        """Where the conflicting objects hang, if on a hotspot that the
        intake must not write (``bench/oids.py`` names them)."""
        labels = describe(self.layer["zodbDB"].storage, [oid for oid in oids if oid])
        return sorted(label for label in labels.values() if any(part in label for part in HOTSPOTS))

    def test_concurrent_submissions_do_not_conflict(self):
        numbers = set()
        for round_ in range(ROUNDS):
            jobs = {
                "dewi": submit("dewi", "sip-dokter", round_),
                "eko": submit("eko", "sip-dokter", round_),
            }
            results, errors, conflicts = race(self.layer["zodbDB"], self.portal.getId(), jobs)
            self.assertEqual(errors, [])
            self.assertEqual(self.hotspots(conflicts), [], f"round {round_}")
            numbers.update(number for number, _attempt in results.values())
        # both committed, every time: distinct applications with their documents
        transaction.begin()
        self.portal._p_jar.sync()
        found = {a.tracking_number: a for a in self.portal["permohonan"].objectValues()}
        self.assertEqual(len(numbers), 2 * ROUNDS)
        self.assertLessEqual(numbers, set(found))
        for number in numbers:
            self.assertEqual(sorted(found[number].objectIds()), ["ktp", "power_of_attorney"])


class TestCataloguedOnce(unittest.TestCase):
    """An application is catalogued once, under one record, also when an
    indexer needs its permit type while the catalog processes its queue at
    commit (a lookup that processed the queue again catalogued it twice:
    two records for one path, "A different document with value ... already
    exists in the index")."""

    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        transaction.commit()

    def test_one_record_per_application(self):
        from plone import api

        applications = [apply(self.portal, applicant=a) for a in ("budi", "siti")]
        logout()
        transaction.commit()
        catalog = api.portal.get_tool("portal_catalog")._catalog
        self.assertEqual(len(catalog.paths), len(catalog.uids))
        for application in applications:
            path = "/".join(application.getPhysicalPath())
            self.assertEqual([p for p in catalog.paths.values() if p == path], [path])
        uids = list(catalog.getIndex("UID")._unindex.values())
        self.assertEqual(len(uids), len(set(uids)))

    def test_permit_type_lookup_leaves_the_indexing_queue(self):
        """Indexers look the permit type up while the queue is processed:
        the lookup must not process it (nor catalogue anything early)."""
        from Products.CMFCore.indexing import getQueue

        application = apply(self.portal)
        queue = getQueue()
        pending = queue.length()
        self.assertTrue(pending)  # the new application, catalogued at commit
        self.assertEqual(application.permit_type_object(), self.portal["layanan"]["sip-dokter"])
        self.assertEqual(queue.length(), pending)
