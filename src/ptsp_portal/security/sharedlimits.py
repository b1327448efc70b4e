"""Rate-limit counters shared by the instances of a cluster, in PostgreSQL:
``PTSP_SHARED_LIMITS=postgresql://user@host/database`` (``make cluster`` sets
it to the cluster's database).  Without it, ``ratelimit`` counts in process
memory, each instance its own.

One table, ``ptsp_rate_hits`` (bucket, key, at), made on first use.  A hit
is judged and counted in one transaction under an advisory lock of its
(bucket, key), so two instances counting the same client at the same moment
see each other: the limit holds across instances.  Times are the database's
clock, the same for every instance.  A database that cannot be reached lets
the lookup through (logged): the limits slow enumeration down, they must not
take the portal down with the database.
"""

from ptsp_portal.audit.store_postgresql import DISCONNECTED

import logging
import os
import psycopg2
import threading

logger = logging.getLogger("ptsp_portal.sharedlimits")
ENVIRONMENT = "PTSP_SHARED_LIMITS"
TABLE = "ptsp_rate_hits"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS {TABLE}_key ON {TABLE} (bucket, key, at);
"""
SCHEMA_LOCK = 0x70747372  # "ptsr"


def configured_dsn():
    return os.environ.get(ENVIRONMENT, "").strip() or None


class Database:
    """A database ``dsn`` of the cluster, one connection per thread, the
    class's ``SCHEMA`` made on first use (under ``SCHEMA_LOCK``)."""

    SCHEMA = SCHEMA
    SCHEMA_LOCK = SCHEMA_LOCK
    APPLICATION = "ptsp_portal limits"

    def __init__(self, dsn):
        self.dsn = dsn
        self._local = threading.local()

    def _connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed:
            connection = psycopg2.connect(self.dsn, connect_timeout=5, application_name=self.APPLICATION)
            with connection, connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (self.SCHEMA_LOCK,))
                cursor.execute(self.SCHEMA)
            self._local.connection = connection
        return connection

    def _retrying(self, function, *args):
        """``function(connection, *args)``, once more on a new connection when
        the server closed the old one (a restart); raises ``DISCONNECTED``
        when the database cannot be reached."""
        try:
            return function(self._connection(), *args)
        except DISCONNECTED:
            self._local.connection = None
        return function(self._connection(), *args)


class Store(Database):
    """The counters in the database ``dsn``; one connection per thread."""

    def hit(self, bucket, key, window_seconds, limit):
        """Count one hit unless ``limit`` hits are in the last window:
        0 when counted, else the seconds until the next one is allowed."""
        try:
            return self._retrying(self._hit, bucket, key, window_seconds, limit)
        except DISCONNECTED:
            logger.exception("shared limits unreachable: %s %s let through", bucket, key)
            return 0

    def _hit(self, connection, bucket, key, window_seconds, limit):
        window = f"{int(window_seconds)} seconds"
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))", (bucket, key))
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE bucket = %s AND key = %s"
                " AND at <= clock_timestamp() - %s::interval",
                (bucket, key, window),
            )
            cursor.execute(
                f"SELECT count(*), EXTRACT(EPOCH FROM min(at) + %s::interval - clock_timestamp())"
                f" FROM {TABLE} WHERE bucket = %s AND key = %s",
                (window, bucket, key),
            )
            count, left = cursor.fetchone()
            if count >= limit:
                return int(left or 0) + 1
            cursor.execute(f"INSERT INTO {TABLE} (bucket, key) VALUES (%s, %s)", (bucket, key))
            return 0

    def reset(self):
        with self._connection() as connection, connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")


class StoreCache:
    """Calling it gives this process's store of ``factory`` for the DSN of
    ``PTSP_SHARED_LIMITS`` (made on first use, again when the DSN changed),
    or None when it is not set."""

    def __init__(self, factory):
        self.factory = factory
        self.current = None
        self._lock = threading.Lock()

    def __call__(self):
        dsn = configured_dsn()
        if dsn is None:
            return None
        with self._lock:
            if self.current is None or self.current.dsn != dsn:
                self.current = self.factory(dsn)
            return self.current


store = StoreCache(Store)
