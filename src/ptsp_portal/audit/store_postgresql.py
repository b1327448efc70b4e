"""The access log in PostgreSQL, for a cluster of Zope instances on several
hosts: ``PTSP_ACCESS_LOG=postgresql://user@host/database``.

One table, ``ptsp_access_log``, made on first use when it does not exist
(under an advisory lock, so that instances starting together do not race);
a role that may only ``INSERT`` and ``SELECT`` it, made by the database's
administrator beforehand, is enough to use it.  Its triggers refuse
``UPDATE``, ``DELETE`` and ``TRUNCATE``.  Times are ``timestamptz``; the
session's time zone is UTC.  Connections are in autocommit: each entry is
its own transaction, never the ZODB's.
"""

import datetime
import psycopg2

TABLE = "ptsp_access_log"
PARAM = "%s"
SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT_SECONDS = 5
STATEMENT_TIMEOUT = "10s"
# any constant the cluster's instances share: the lock of the table's creation
SCHEMA_LOCK = 0x70747370  # "ptsp"
# a connection the server closed (restart, failover, idle timeout): reconnect
DISCONNECTED = (psycopg2.OperationalError, psycopg2.InterfaceError)

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    user_id TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    path TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    client TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS {TABLE}_at ON {TABLE} (at);
CREATE INDEX IF NOT EXISTS {TABLE}_user ON {TABLE} (user_id, at);
CREATE INDEX IF NOT EXISTS {TABLE}_tracking ON {TABLE} (tracking_number, at);
CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only';
END
$$;
CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE PROCEDURE {TABLE}_append_only();
CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE PROCEDURE {TABLE}_append_only();
"""


def is_dsn(location):
    return location.startswith(SCHEMES)


def _ensure_schema(connection):
    """Create the table, its indexes and triggers unless the table exists
    (then nothing is asked that a role without CREATE could not do)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (TABLE,))
        if cursor.fetchone()[0]:
            return
    connection.autocommit = False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            # read from pg_class itself, as of now: the name look-up above may
            # answer from a cache that has not yet seen a table another
            # instance made while this one waited for the lock
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class"
                " WHERE relname = %s AND relnamespace = current_schema()::regnamespace)",
                (TABLE,),
            )
            if not cursor.fetchone()[0]:
                cursor.execute(SCHEMA)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.autocommit = True


def connect(dsn):
    connection = psycopg2.connect(
        dsn, connect_timeout=CONNECT_TIMEOUT_SECONDS, application_name="ptsp_portal access log"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.execute("SET statement_timeout = %s", (STATEMENT_TIMEOUT,))
    _ensure_schema(connection)
    return connection


def insert(connection, columns, values):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
            " RETURNING id",
            values,
        )
        return cursor.fetchone()[0]


def fetch(connection, sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def to_db_time(value):
    return value.astimezone(datetime.timezone.utc)


def from_db_time(value):
    return value.astimezone(datetime.timezone.utc)
