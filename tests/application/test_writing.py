"""``applications.writing.write_alone``: a submission that has only read
so far begins again from the database as it is now and writes while no
other submission of the process does, until its transaction ends."""

from plone.app.testing import login
from plone.protect.authenticator import createToken
from ptsp_portal.applications import writing
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.notifications import mail
from ptsp_portal.testing import FUNCTIONAL_TESTING
from tests.concurrency import RecordingLock
from tests.workflow.base import apply
from tests.workflow.base import setup_office
from unittest import mock
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

import threading
import transaction
import unittest


class TestWriteAlone(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        transaction.commit()  # nothing pending: a request that only read
        self.addCleanup(transaction.abort)

    def commit_elsewhere(self, title):
        """Another connection commits a change of the site's title."""
        manager = transaction.TransactionManager()
        connection = self.layer["zodbDB"].open(manager)
        try:
            connection.get(self.portal._p_oid).title = title
            manager.commit()
        finally:
            connection.close()

    def test_begins_from_now(self):
        transaction.begin()
        self.portal._p_activate()
        before = self.portal.title
        self.commit_elsewhere("Judul baru")
        self.assertEqual(self.portal.title, before)  # as when the transaction began
        self.assertTrue(writing.write_alone())
        self.assertEqual(self.portal.title, "Judul baru")  # as it is now

    def test_one_writer_until_commit(self):
        self.assertTrue(writing.write_alone())
        self.assertTrue(writing._lock.locked())
        started = threading.Event()
        written = threading.Event()

        def other_submission():
            started.set()
            with writing._lock:  # where another submission would wait
                written.set()

        thread = threading.Thread(target=other_submission)
        thread.start()
        started.wait(10)
        self.assertFalse(written.wait(0.5))  # waits for this one
        self.portal.title = "Ditulis"
        transaction.commit()
        self.assertTrue(written.wait(10))
        thread.join(10)
        self.assertFalse(writing._lock.locked())

    def test_released_on_abort(self):
        self.assertTrue(writing.write_alone())
        transaction.abort()
        self.assertFalse(writing._lock.locked())

    def test_released_after_a_rolled_back_savepoint(self):
        """An intake error rolls back to a savepoint; the request still ends."""
        self.assertTrue(writing.write_alone())
        savepoint = transaction.savepoint()
        self.portal.title = "Tidak jadi"
        savepoint.rollback()
        transaction.commit()
        self.assertFalse(writing._lock.locked())

    def test_keeps_a_transaction_that_wrote(self):
        self.portal.title = "Sudah ditulis"
        self.assertFalse(writing.write_alone())
        self.assertFalse(writing._lock.locked())
        self.assertEqual(self.portal.title, "Sudah ditulis")  # nothing aborted


class PostgreSQLLayer:
    """A real PostgreSQL server (Debian's binaries), for the tests here."""

    __name__ = "PostgreSQLLayer"
    __bases__ = ()

    @classmethod
    def setUp(cls):
        from bench.postgres import PostgreSQL

        cls.postgres = PostgreSQL().start()

    @classmethod
    def tearDown(cls):
        cls.postgres.stop()


class TestDatabaseLock(unittest.TestCase):
    """On RelStorage, the instances of one database write one at a time
    too: a PostgreSQL advisory lock (a real PostgreSQL server here)."""

    layer = PostgreSQLLayer

    @property
    def postgres(self):
        return self.layer.postgres

    def test_one_instance_at_a_time(self):
        first = writing.DatabaseLock(self.postgres.dsn)  # two instances, two connections
        second = writing.DatabaseLock(self.postgres.dsn)
        self.addCleanup(first.close)
        self.addCleanup(second.close)
        self.assertTrue(first.acquire())
        taken = threading.Event()
        thread = threading.Thread(target=lambda: second.acquire() and taken.set())
        thread.start()
        self.assertFalse(taken.wait(1))  # waits for the first
        first.release()
        self.assertTrue(taken.wait(30))
        thread.join(30)
        second.release()
        self.assertTrue(first.acquire(timeout=5))
        first.release()

    def test_no_database_no_lock(self):
        """A database that does not answer costs the lock, not the submission."""
        lock = writing.DatabaseLock(f"host={self.postgres.directory} port=1 dbname=ptsp connect_timeout=2")
        self.assertFalse(lock.acquire(timeout=1))

    def test_dsn_from_zope_conf(self):
        from pathlib import Path
        from scripts.instance.render import write_instance
        from unittest import mock
        from Zope2.Startup.options import ZopeWSGIOptions

        import tempfile
        import yaml

        with tempfile.TemporaryDirectory() as directory:
            found = {}
            for storage, extra in (
                ("relstorage", {"db_relstorage_postgresql_dsn": self.postgres.dsn}),
                ("direct", {}),
            ):
                path = Path(directory) / storage / "instance.yaml"
                path.parent.mkdir()
                context = {"initial_user_password": "rahasia-123", "db_storage": storage, **extra}
                path.write_text(yaml.safe_dump({"default_context": context}))
                write_instance(path)
                conf = path.parent / "instance" / "etc" / "zope.conf"
                configroot = ZopeWSGIOptions(configfile=str(conf))().configroot
                with mock.patch.object(writing, "getConfiguration", return_value=configroot):
                    found[storage] = writing.relstorage_dsn()
        self.assertEqual(found, {"relstorage": self.postgres.dsn, "direct": None})


class TestOfficerStepWritesAlone(unittest.TestCase):
    """An officer's step on the application page reindexes the application
    in the indexes every submission writes: it writes alone too."""

    layer = FUNCTIONAL_TESTING

    def test_step_on_the_page(self):
        portal, request = self.layer["portal"], self.layer["request"]
        alsoProvides(request, IBrowserLayer)
        setup_office(portal)
        application = apply(portal)
        transaction.commit()  # the step's request begins with nothing written
        login(portal, "verifikator")
        request.form.update(workflow_action="accept", comment="Berkas lengkap.", _authenticator=createToken())
        request.environ["REQUEST_METHOD"] = "POST"
        lock = RecordingLock()
        composed = []  # whether the step's mail was composed while writing alone
        compose = mail.applicant_status_mail

        def spy(*args, **kwargs):
            composed.append(lock.locked())
            return compose(*args, **kwargs)

        with mock.patch.object(writing, "_lock", lock), mock.patch.object(mail, "applicant_status_mail", spy):
            getMultiAdapter((application, request), name="view")()
            self.assertEqual((lock.taken, lock.locked()), (1, True))  # alone until the commit
            transaction.commit()
        self.assertFalse(lock.locked())
        self.assertEqual(composed, [False])  # after the commit: the next writer did not wait for it
        self.assertEqual(portal.portal_workflow.getInfoFor(application, "review_state"), "technical_review")
