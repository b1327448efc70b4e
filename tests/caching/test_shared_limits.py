"""Rate limits shared by two instances through PostgreSQL (sharedlimits):
a client that spends its lookups on one instance is refused by the other."""

from ptsp_portal.security import sharedlimits
from tests.postgresql import POSTGRESQL
from tests.postgresql import server_for

import unittest


class TestSharedLimits(unittest.TestCase):
    layer = POSTGRESQL

    def setUp(self):
        dsn = server_for(self).create_database("ptsp_limits")
        # two instances: two stores, each with its own connections
        self.one = sharedlimits.Store(dsn)
        self.two = sharedlimits.Store(dsn)

    def test_limit_holds_across_instances(self):
        for _n in range(3):
            self.assertEqual(self.one.hit("track", "10.0.0.1", 60, 5), 0)
        for _n in range(2):
            self.assertEqual(self.two.hit("track", "10.0.0.1", 60, 5), 0)
        # the sixth lookup, on either instance, is refused with a wait
        self.assertGreater(self.two.hit("track", "10.0.0.1", 60, 5), 0)
        self.assertGreater(self.one.hit("track", "10.0.0.1", 60, 5), 0)

    def test_other_clients_and_buckets_count_apart(self):
        for _n in range(5):
            self.one.hit("track", "10.0.0.1", 60, 5)
        self.assertEqual(self.two.hit("track", "10.0.0.2", 60, 5), 0)
        self.assertEqual(self.two.hit("verify", "10.0.0.1", 60, 5), 0)

    def test_a_restarted_database_is_reconnected(self):
        self.assertEqual(self.one.hit("track", "10.0.0.3", 60, 5), 0)
        server_for(self).restart()
        self.assertEqual(self.one.hit("track", "10.0.0.3", 60, 5), 0)
        for _n in range(3):
            self.two.hit("track", "10.0.0.3", 60, 5)
        self.assertGreater(self.one.hit("track", "10.0.0.3", 60, 5), 0)
