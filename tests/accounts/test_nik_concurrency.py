"""One account per NIK under concurrent registrations: two ZODB connections
in two threads claim at the same moment (tests/concurrency.py).  Claims of
one NIK write the same BTree key: they cannot both commit, the loser
conflicts and, retried as Zope retries a request, finds the NIK taken.
Claims of different NIKs both commit at once."""

from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from ptsp_portal.accounts import nik_index
from ptsp_portal.testing import FUNCTIONAL_TESTING
from tests.concurrency import race

import transaction
import unittest

NIK = "3201010101900001"
OTHER_NIK = "3201010101900002"
REFUSAL = "NIK ini sudah terdaftar pada akun lain."


def claim(nik, user_id):
    """A registration's part: check, then claim; the refusal as the result."""

    def job(portal):
        try:
            nik_index.ensure_free(nik)
            nik_index.claim(nik, user_id)
        except nik_index.NIKTaken as exc:
            return exc.doc()  # the msgid: threads have no request to translate for
        return "claimed"

    return job


def register(nik, user_id):
    """The same through PAS: an account made with the NIK (the subscriber claims)."""

    def job(portal):
        login(portal, TEST_USER_NAME)
        try:
            nik_index.ensure_free(nik)  # what the forms and @users check first
            api.user.create(
                email=f"{user_id}@example.org",
                username=user_id,
                password="rahasia-12345",
                properties={"fullname": user_id, "nik": nik},
            )
        except nik_index.NIKTaken as exc:
            return exc.doc()  # the msgid: threads have no request to translate for
        return "claimed"

    return job


class TestConcurrentClaims(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        transaction.commit()

    def run_jobs(self, jobs):
        results, errors, conflicts = race(self.layer["zodbDB"], self.portal.getId(), jobs)
        self.assertEqual(errors, [])
        transaction.begin()
        self.portal._p_jar.sync()
        return results, conflicts

    def assert_one_holder(self, results, conflicts):
        outcomes = sorted((result, attempt) for result, attempt in results.values())
        [(won, won_attempt)] = [o for o in outcomes if o[0] == "claimed"]
        [(lost, lost_attempt)] = [o for o in outcomes if o[0] != "claimed"]
        self.assertEqual(won_attempt, 1)
        self.assertIn(REFUSAL, lost)
        self.assertGreater(lost_attempt, 1)  # it conflicted first
        self.assertTrue(conflicts)
        [winner] = [key for key, (result, _attempt) in results.items() if result == "claimed"]
        self.assertEqual(nik_index.holder(NIK), winner)
        return winner

    def test_same_nik_only_one_commits(self):
        results, conflicts = self.run_jobs({"andi": claim(NIK, "andi"), "budi": claim(NIK, "budi")})
        winner = self.assert_one_holder(results, conflicts)
        self.assertEqual(nik_index.held_by(winner), NIK)
        self.assertIsNone(nik_index.held_by({"andi": "budi", "budi": "andi"}[winner]))

    def test_same_nik_two_registrations(self):
        results, conflicts = self.run_jobs({"andi": register(NIK, "andi"), "budi": register(NIK, "budi")})
        winner = self.assert_one_holder(results, conflicts)
        loser = {"andi": "budi", "budi": "andi"}[winner]
        self.assertIsNone(api.user.get(userid=loser))  # nothing of it committed
        self.assertEqual(api.user.get(userid=winner).getProperty("nik"), NIK)

    def test_different_niks_both_commit_at_once(self):
        results, conflicts = self.run_jobs({"andi": claim(NIK, "andi"), "budi": claim(OTHER_NIK, "budi")})
        self.assertEqual(results, {"andi": ("claimed", 1), "budi": ("claimed", 1)})
        self.assertEqual(conflicts, [])
        self.assertEqual(nik_index.holder(NIK), "andi")
        self.assertEqual(nik_index.holder(OTHER_NIK), "budi")

    def test_different_niks_in_a_filled_index(self):
        """Many NIKs: more than one bucket, and inserts into the same bucket."""
        transaction.begin()
        for number in range(100):
            nik_index.claim(f"32010101019{number:05d}", f"warga-{number}")
        transaction.commit()
        results, conflicts = self.run_jobs(
            {"andi": claim("3201010101999998", "andi"), "budi": claim("3201010101999999", "budi")}
        )
        self.assertEqual(results, {"andi": ("claimed", 1), "budi": ("claimed", 1)})
        self.assertEqual(conflicts, [])
        self.assertEqual(nik_index.holder("3201010101999999"), "budi")
        self.assertEqual(len(nik_index._trees()[0]), 102)
