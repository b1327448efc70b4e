"""Submissions, officers' steps and revisions write one at a time, each from
the database as it is when it starts writing.

A transaction sees the database as it was when it began and conflicts with
every transaction committed since then that changed an object it changes.
What a submission writes besides its own application is the application's
catalog entry and its place in ``/permohonan``: entries in trees that
every submission shares (catalog indexes, the folder's tree).  Adding to
different buckets of a tree merges, but when a bucket splits the tree's
structure changes, and ZODB cannot merge two transactions that changed
it, or read it while the other changed it.  A request reads, decodes and
checks the uploaded documents before it writes anything (most of its
time); begun at the request's start, its transaction conflicted with every
submission that committed a split meanwhile.

So ``write_alone()``, called once all the checks passed, begins the
transaction again (it has written nothing yet: nothing is lost) and lets
the submission write while no other submission does, until its
transaction ends (commit or abort).  An officer's step and a revision
reindex the application in the same shared indexes, so they write alone
too (``browser.application``, ``services.workflow``,
``applications.revision``).  The checks of other requests go on
meanwhile; only the short writing is one at a time: one at a time in the
process (a thread lock), and on RelStorage with PostgreSQL one at a time
among all the instances of the database (a PostgreSQL advisory lock, on a
connection of its own made from the DSN of ``zope.conf``).  Instances of a
ZEO database have no lock in common: they may still write at the same
moment, and Zope retries what conflicts then.
"""

from App.config import getConfiguration
from transaction.interfaces import ISavepointDataManager
from zope.interface import implementer

import logging
import threading
import transaction
import zlib

logger = logging.getLogger("ptsp_portal.applications")
# a stuck writer does not stop the others for longer: they write anyway
WAIT_SECONDS = 30
# the key of the PostgreSQL advisory lock, the same in every instance
DATABASE_LOCK_KEY = zlib.crc32(b"ptsp_portal.applications.writing")
_lock = threading.Lock()
_database_lock = None  # per process: a DatabaseLock, or False when there is none


def relstorage_dsn():
    """The PostgreSQL DSN of the main database if it is a RelStorage, else None."""
    for database in getattr(getConfiguration(), "databases", None) or ():
        if getattr(database, "name", None) != "main":
            continue
        storage = getattr(getattr(database, "config", None), "storage", None)
        adapter = getattr(getattr(storage, "config", None), "adapter", None)
        if type(adapter).__name__ == "PostgreSQLAdapterFactory":  # relstorage.config
            return getattr(adapter.config, "dsn", None)
    return None


class DatabaseLock:
    """A PostgreSQL advisory lock on a connection of its own, held by the
    writing submission of one instance at a time (its callers hold ``_lock``)."""

    def __init__(self, dsn, key=DATABASE_LOCK_KEY):
        self.dsn = dsn
        self.key = key
        self.connection = None

    def _execute(self, statement, *args):
        import psycopg2  # RelStorage's PostgreSQL driver: only needed with it

        if self.connection is None or self.connection.closed:
            self.connection = psycopg2.connect(self.dsn)
            self.connection.autocommit = True
        with self.connection.cursor() as cursor:
            cursor.execute(statement, args)

    def acquire(self, timeout=WAIT_SECONDS):
        """Whether the lock was taken (not when the database did not answer
        or another writer held it too long: the caller writes anyway)."""
        try:
            self._execute(f"SET lock_timeout = '{int(timeout)}s'")
            self._execute("SELECT pg_advisory_lock(%s)", self.key)
            return True
        except Exception:
            logger.warning("submissions of other instances may write at the same moment", exc_info=True)
            self.close()
            return False

    def release(self):
        try:
            self._execute("SELECT pg_advisory_unlock(%s)", self.key)
        except Exception:
            logger.warning("could not release the writing lock: closing its connection", exc_info=True)
            self.close()  # a closed session holds no lock

    def close(self):
        connection, self.connection = self.connection, None
        if connection is not None:
            connection.close()


def database_lock():
    """This process's ``DatabaseLock``, or None when the database has none."""
    global _database_lock
    if _database_lock is None:
        dsn = relstorage_dsn()
        _database_lock = DatabaseLock(dsn) if dsn else False
    return _database_lock or None


class _NoRollback:
    def rollback(self):
        pass


@implementer(ISavepointDataManager)
class _Release:
    """Joined to the transaction: lets the next submission write when the
    transaction ends, however it ends."""

    def __init__(self, lock, database_lock):
        self.lock = lock
        self.database_lock = database_lock
        self.transaction_manager = transaction.manager

    def _release(self, *_args):
        database_lock, self.database_lock = self.database_lock, None
        lock, self.lock = self.lock, None
        try:
            if database_lock is not None:
                database_lock.release()
        finally:
            if lock is not None:
                lock.release()

    def sortKey(self):
        return "~ptsp_portal.applications.writing"  # after the ZODB connections

    def savepoint(self):
        return _NoRollback()

    def tpc_begin(self, txn):
        pass

    commit = tpc_vote = tpc_begin
    abort = tpc_abort = tpc_finish = _release


def write_alone():
    """Begin the current transaction again and write alone until it ends,
    if it has written nothing yet; else change nothing (tests, scripts and
    callers that wrote before keep their transaction).  Returns whether it
    did."""
    current = transaction.get()
    if current.isDoomed() or getattr(current, "_resources", True):
        return False
    waited = _lock.acquire(timeout=WAIT_SECONDS)
    shared = database_lock() if waited else None
    if shared is not None and not shared.acquire():
        shared = None
    release = _Release(_lock if waited else None, shared)
    try:
        transaction.abort()
        transaction.begin().join(release)
    except BaseException:
        release._release()
        raise
    return True
