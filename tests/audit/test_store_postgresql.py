"""The access log in PostgreSQL, for a cluster of Zope instances: the same
contract as SQLite (tests/audit/test_access_log.py), against a real server
(tests/postgresql.py)."""

from plone.app.testing import FunctionalTesting
from plone.testing import zope as zope_testing
from ptsp_portal.audit import store
from ptsp_portal.audit import store_postgresql
from ptsp_portal.testing import FIXTURE
from tests.audit import test_access_log
from tests.postgresql import POSTGRESQL
from tests.postgresql import server_for
from unittest import mock

import datetime
import os
import psycopg2
import threading
import unittest

POSTGRESQL_SERVER_TESTING = FunctionalTesting(
    bases=(FIXTURE, zope_testing.WSGI_SERVER_FIXTURE, POSTGRESQL), name="PtspAccessLog:PostgreSQLServer"
)


def postgresql_log(test):
    """``PTSP_ACCESS_LOG`` naming a new database of the layer's server."""
    dsn = server_for(test).create_database()
    patcher = mock.patch.dict(os.environ, {store.ENV_VAR: dsn})
    patcher.start()
    test.addCleanup(patcher.stop)
    test.addCleanup(store.close)
    return dsn


class TestPostgreSQLStore(test_access_log.StoreTests, unittest.TestCase):
    layer = POSTGRESQL
    changes = (
        "UPDATE ptsp_access_log SET user_id = 'x'",
        "DELETE FROM ptsp_access_log",
        "TRUNCATE ptsp_access_log",
    )
    refused = psycopg2.Error

    def setUp(self):
        self.server = server_for(self)
        self.dsn = postgresql_log(self)

    def raw_execute(self, statement, dsn=None):
        # as the superuser, who owns the table: the triggers refuse anyway
        connection = psycopg2.connect(dsn or self.dsn)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def test_backend_chosen_by_the_location(self):
        self.assertIs(store.backend_of(self.dsn), store_postgresql)
        self.assertIs(store.backend_of("postgres://ptsp@db/log"), store_postgresql)
        self.assertIsNot(store.backend_of("/srv/ptsp/var/postgresql.sqlite"), store_postgresql)
        store.record("verifikator", "page")
        self.assertEqual(
            self.server.execute("SELECT user_id FROM ptsp_access_log", self.dsn.rsplit("/", 1)[1]),
            [("verifikator",)],
        )

    def test_concurrent_appends(self):
        """Eight threads (the worker threads of instances), each with its
        own connection, append at once: every entry is there, once."""
        threads_count, per_thread = 8, 40
        start = threading.Barrier(threads_count)
        ids, errors = [], []

        def append(number):
            try:
                start.wait()
                for index in range(per_thread):
                    ids.append(store.record(f"petugas-{number}", "page", tracking_number=f"PTSP-{index}"))
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                store.close()

        threads = [threading.Thread(target=append, args=(number,)) for number in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(set(ids)), threads_count * per_thread)
        self.assertEqual(store.count(), threads_count * per_thread)
        self.assertEqual(store.count({"user_id": "petugas-3"}), per_thread)
        self.assertEqual(store.count({"tracking_number": "PTSP-7"}), threads_count)

    def test_instances_starting_together_make_one_table(self):
        dsn = self.server.create_database()
        with mock.patch.dict(os.environ, {store.ENV_VAR: dsn}):
            start = threading.Barrier(6)
            errors = []

            def first_use():
                try:
                    start.wait()
                    store.record("kadis", "page")
                except Exception as exc:  # reported below
                    errors.append(exc)
                finally:
                    store.close()

            threads = [threading.Thread(target=first_use) for _ in range(6)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            self.assertEqual(errors, [])
            self.assertEqual(store.count(), 6)

    def test_reconnects_after_a_server_restart(self):
        store.record("verifikator", "page")
        self.server.restart()
        store.record("teknis", "page")
        self.assertEqual([row["user_id"] for row in store.query()], ["teknis", "verifikator"])

    def test_role_that_may_only_insert_and_select(self):
        """A cluster's instances may connect as a role that can append and
        read, and nothing else: the table made beforehand by its owner."""
        database = self.dsn.rsplit("/", 1)[1]
        store.record("pengelola", "page")  # made by the owner (here the superuser)
        store.close()
        self.server.execute("CREATE ROLE ptsp_zope LOGIN")
        # cleanups run last first: the role's grants go, then the role
        self.addCleanup(self.server.execute, "DROP ROLE ptsp_zope")
        self.addCleanup(self.server.execute, "DROP OWNED BY ptsp_zope", database)
        for grant in (
            "GRANT SELECT, INSERT ON ptsp_access_log TO ptsp_zope",
            "GRANT USAGE ON SEQUENCE ptsp_access_log_id_seq TO ptsp_zope",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        ):
            self.server.execute(grant, database)
        limited = self.server.dsn(database, user="ptsp_zope")
        with mock.patch.dict(os.environ, {store.ENV_VAR: limited}):
            store.record("verifikator", "download", tracking_number="PTSP-2026-000001")
            self.assertEqual([row["user_id"] for row in store.query()], ["verifikator", "pengelola"])
            store.close()
        for statement in ("UPDATE ptsp_access_log SET user_id = 'x'", "DROP TABLE ptsp_access_log"):
            with self.assertRaises(psycopg2.errors.InsufficientPrivilege):
                self.raw_execute(statement, limited)

    def test_times_are_utc_instants(self):
        jakarta = datetime.timezone(datetime.timedelta(hours=7))
        at = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=jakarta)
        store.record("kadis", "page", at=at)
        (row,) = store.query()
        self.assertEqual(row["at"], at)
        self.assertEqual(row["at"].utcoffset(), datetime.timedelta(0))
        self.assertEqual(row["at"].hour, 3)


class TestManagerPagePostgreSQL(test_access_log.TestManagerPage):
    """``@@ptsp-access-log`` and its CSV, recorded by the served site into
    PostgreSQL."""

    layer = POSTGRESQL_SERVER_TESTING

    def use_log(self):
        return postgresql_log(self)

    def test_entries_are_in_postgresql(self):
        database = self.log.rsplit("/", 1)[1]
        rows = self.layer["postgresql"].execute(
            "SELECT action, count(*) FROM ptsp_access_log GROUP BY action", database
        )
        self.assertEqual(dict(rows), {"page": 2, "rest": 1, "download": 1, "export": 1})
        self.assertFalse(os.path.exists(os.path.join(os.getcwd(), store.FILENAME)))
