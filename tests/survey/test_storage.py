"""Concurrent answers do not conflict: two transactions counting into the
same month's tally both commit (``Tally._p_resolveConflict``), on a real
FileStorage."""

from ptsp_portal.survey.storage import SurveyStorage
from ptsp_portal.survey.storage import Tally

import tempfile
import transaction
import unittest
import ZODB
import ZODB.FileStorage


class TestTallyConflicts(unittest.TestCase):
    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.db = ZODB.DB(ZODB.FileStorage.FileStorage(f"{directory.name}/Data.fs"))
        self.addCleanup(self.db.close)
        with self.db.transaction() as conn:
            conn.root()["storage"] = storage = SurveyStorage()
            storage.tallies["2026-11|uid"] = Tally()

    def test_two_concurrent_answers_both_count(self):
        one, two = transaction.TransactionManager(), transaction.TransactionManager()
        first, second = self.db.open(one), self.db.open(two)
        first_tally = first.root()["storage"].tallies["2026-11|uid"]
        second_tally = second.root()["storage"].tallies["2026-11|uid"]
        first_tally.add(["n", "persyaratan:4"])
        second_tally.add(["n", "persyaratan:3", "profile:sex:P"])
        one.commit()
        two.commit()  # would raise ConflictError without the resolution
        first.close()
        second.close()
        with self.db.transaction() as conn:
            counts = conn.root()["storage"].tallies["2026-11|uid"].counts
        self.assertEqual(counts, {"n": 2, "persyaratan:4": 1, "persyaratan:3": 1, "profile:sex:P": 1})
