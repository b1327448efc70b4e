"""The access log in SQLite (the default): one file per host.

WAL mode and a busy timeout, so that several Zope processes on one host and
the worker threads of each can append at once.  Times are ISO 8601 text in
UTC (``YYYY-MM-DDTHH:MM:SS.ffffff+00:00``), so that they sort and compare as
text.  Triggers refuse ``UPDATE`` and ``DELETE``.
"""

import datetime
import os
import sqlite3

TABLE = "access"
PARAM = "?"
BUSY_TIMEOUT_SECONDS = 10
# nothing to reconnect: a file does not go away under an open connection
DISCONNECTED = ()

SCHEMA = """
CREATE TABLE IF NOT EXISTS access (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    path TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    client TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS access_at ON access (at);
CREATE INDEX IF NOT EXISTS access_user ON access (user_id, at);
CREATE INDEX IF NOT EXISTS access_tracking ON access (tracking_number, at);
CREATE TRIGGER IF NOT EXISTS access_no_update BEFORE UPDATE ON access
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS access_no_delete BEFORE DELETE ON access
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
"""


def _add_detail_column(connection):
    """Files made before ``detail`` existed get it (adding a column is no
    ``UPDATE``: the triggers let it pass)."""
    columns = {row[1] for row in connection.execute(f"PRAGMA table_info({TABLE})")}
    if "detail" in columns:
        return
    try:
        connection.execute(f"ALTER TABLE {TABLE} ADD COLUMN detail TEXT NOT NULL DEFAULT ''")
    except sqlite3.OperationalError as exc:  # another process added it first
        if "duplicate column" not in str(exc):
            raise


def connect(path):
    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    # autocommit: each statement is its own transaction, never the ZODB's
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(SCHEMA)
    _add_detail_column(connection)
    return connection


def insert(connection, columns, values):
    cursor = connection.execute(
        f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values
    )
    return cursor.lastrowid


def fetch(connection, sql, params):
    return connection.execute(sql, params).fetchall()


def to_db_time(value):
    return value.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds")


def from_db_time(value):
    return datetime.datetime.fromisoformat(value)
