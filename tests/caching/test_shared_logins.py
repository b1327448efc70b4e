"""Login throttling shared by the instances of a cluster (sharedlogins):
five wrong passwords on instance A, then the right one on instance B, is
still refused; an officer's unlock on one instance unlocks everywhere."""

from plone.testing import zope as zope_testing
from ptsp_portal.security import loginlock
from ptsp_portal.security import sharedlimits
from ptsp_portal.security import sharedlogins
from ptsp_portal.testing import DISTRIBUTION_FIXTURE
from tests.base import PASSWORD
from tests.postgresql import POSTGRESQL
from tests.postgresql import server_for
from tests.security.test_login_throttling import LOCKED
from tests.security.test_login_throttling import ThrottlingTestCase
from unittest import mock

import os
import re
import unittest

WINDOW, LIMIT, LOCK = 15 * 60, 5, 15 * 60

SHARED_SERVER_TESTING = zope_testing.FunctionalTesting(
    bases=(DISTRIBUTION_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE, POSTGRESQL),
    name="PtspSharedLogins:Server",
)


class TestSharedStore(unittest.TestCase):
    """Two instances: two stores on one database, each its own connections."""

    layer = POSTGRESQL

    def setUp(self):
        dsn = server_for(self).create_database("ptsp_logins")
        self.one = sharedlogins.LoginLocks(dsn)
        self.two = sharedlogins.LoginLocks(dsn)

    def fail(self, store, key, times, kind="login"):
        return [store.record_failure(kind, key, WINDOW, LIMIT, LOCK) for _n in range(times)]

    def test_failures_on_two_instances_add_up_to_a_lock(self):
        self.assertEqual(self.fail(self.one, "warga", 3), [0, 0, 0])
        self.assertEqual(self.fail(self.two, "warga", 1), [0])
        self.assertEqual(self.one.seconds_locked("login", "warga"), 0)
        (locked,) = self.fail(self.two, "warga", 1)
        self.assertGreater(locked, LOCK - 60)
        self.assertGreater(self.one.seconds_locked("login", "warga"), LOCK - 60)
        self.assertEqual([(k, key) for k, key, _s in self.one.locked()], [("login", "warga")])
        # another login, and the same key as a client address, count apart
        self.assertEqual(self.two.seconds_locked("login", "warga-lain"), 0)
        self.assertEqual(self.two.seconds_locked("client", "warga"), 0)

    def test_unlock_on_one_instance_unlocks_everywhere(self):
        self.fail(self.one, "warga", 5)
        self.assertTrue(self.two.unlock("login", "warga"))
        self.assertEqual(self.one.seconds_locked("login", "warga"), 0)
        self.assertEqual(self.one.locked(), [])
        # the failures went too: four more do not lock
        self.assertEqual(self.fail(self.one, "warga", 4), [0] * 4)
        self.assertFalse(self.two.unlock("login", "nobody"))

    def test_a_right_password_forgets_the_failures_everywhere(self):
        self.fail(self.one, "warga", 4)
        self.two.forget_failures("login", "warga")
        self.assertEqual(self.fail(self.one, "warga", 4), [0] * 4)

    def test_an_expired_lock_is_lifted(self):
        self.fail(self.one, "warga", 5)
        server_for(self).execute(
            f"UPDATE {sharedlogins.LOCKS} SET until = clock_timestamp() - interval '1 second'",
            database=self.one.dsn.rsplit("/", 1)[1],
        )
        self.assertEqual(self.two.seconds_locked("login", "warga"), 0)
        self.assertEqual(self.one.locked(), [])

    def test_a_restarted_database_is_reconnected(self):
        self.fail(self.one, "warga", 2)
        server_for(self).restart()
        self.fail(self.one, "warga", 2)
        self.fail(self.two, "warga", 1)
        self.assertGreater(self.one.seconds_locked("login", "warga"), 0)


class TestSharedLoginOverHttp(ThrottlingTestCase):
    """The served site with ``PTSP_SHARED_LIMITS``: this server is instance
    A; instance B is a second store on the same database."""

    layer = SHARED_SERVER_TESTING

    def setUp(self):
        self.dsn = server_for(self).create_database("ptsp_logins")
        patcher = mock.patch.dict(os.environ, {sharedlimits.ENVIRONMENT: self.dsn})
        patcher.start()
        self.addCleanup(patcher.stop)
        super().setUp()
        self.instance_b = sharedlogins.LoginLocks(self.dsn)

    def test_locked_on_a_is_locked_on_b(self):
        self.fail_logins("warga-kunci", 5)
        # nothing was counted in this process's memory: the lock is the database's
        self.assertEqual(loginlock._locked_until, {})
        self.assertGreater(self.instance_b.seconds_locked("login", "warga-kunci"), 0)
        # "instance B" (a fresh store: nothing of A's connections or memory)
        with mock.patch.object(sharedlogins.store, "current", sharedlogins.LoginLocks(self.dsn)):
            response = self.rest_login("warga-kunci", PASSWORD)
        self.assertEqual(response.status_code, 401)
        self.assertIn(LOCKED, response.json()["error"]["message"])

    def test_locked_on_b_is_refused_on_a(self):
        for _n in range(5):
            self.instance_b.record_failure("login", "warga-kunci", WINDOW, LIMIT, LOCK)
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 401)
        self.assertEqual(self.rest_login("warga-lain", PASSWORD).status_code, 200)

    def test_officer_unlock_clears_the_shared_lock(self):
        for _n in range(5):
            self.instance_b.record_failure("login", "warga-kunci", WINDOW, LIMIT, LOCK)
        officer = self.session("petugas-buka", api=False)
        page = officer.get("@@ptsp-unlock-login")
        self.assertIn("warga-kunci", page.text)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        response = officer.post(
            "@@ptsp-unlock-login", data={"kind": "login", "key": "warga-kunci", "_authenticator": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.instance_b.seconds_locked("login", "warga-kunci"), 0)
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 200)
