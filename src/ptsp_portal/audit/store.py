"""The access log's store: one append-only SQL table, outside the ZODB.

Reading an application must not become a ZODB write (every page view would
then conflict with the officers' work), so the log lives in its own SQLite
database, written with the standard library's ``sqlite3``:

- the file is ``$PTSP_ACCESS_LOG`` when set (an instance's ``environment:``
  in ``instance.yaml``), else ``ptsp-access-log.sqlite`` in the instance's
  ``CLIENTHOME`` (``instance/var``);
- WAL mode and a busy timeout, so that several Zope processes on one host
  and the worker threads of each can append at once; one connection per
  thread and file;
- append-only: the module offers ``record`` and ``query`` only, and the
  table's triggers refuse ``UPDATE`` and ``DELETE`` from anyone else.

Times are stored in UTC, as ISO 8601 text (``YYYY-MM-DDTHH:MM:SS.ffffff+00:00``),
so that they sort and compare as text.
"""

from App.config import getConfiguration

import datetime
import os
import sqlite3
import threading

ENV_VAR = "PTSP_ACCESS_LOG"
FILENAME = "ptsp-access-log.sqlite"
BUSY_TIMEOUT_SECONDS = 10
COLUMNS = ("id", "at", "user_id", "roles", "action", "path", "tracking_number", "client")
FILTERS = ("user_id", "tracking_number", "action", "since", "until")

SCHEMA = """
CREATE TABLE IF NOT EXISTS access (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    path TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS access_at ON access (at);
CREATE INDEX IF NOT EXISTS access_user ON access (user_id, at);
CREATE INDEX IF NOT EXISTS access_tracking ON access (tracking_number, at);
CREATE TRIGGER IF NOT EXISTS access_no_update BEFORE UPDATE ON access
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS access_no_delete BEFORE DELETE ON access
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
"""

_local = threading.local()


def location():
    """The SQLite file of this instance."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return configured
    clienthome = getattr(getConfiguration(), "clienthome", None) or os.getcwd()
    return os.path.join(clienthome, FILENAME)


def _connection():
    path = location()
    connections = getattr(_local, "connections", None)
    if connections is None:
        connections = _local.connections = {}
    connection = connections.get(path)
    if connection is None:
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        # autocommit: each statement is its own transaction, never the ZODB's
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(SCHEMA)
        connections[path] = connection
    return connection


def _utc_text(value):
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds")


def record(user_id, action, path="", tracking_number="", roles=(), client="", at=None):
    """Append one access; returns its id."""
    at = at or datetime.datetime.now(datetime.timezone.utc)
    cursor = _connection().execute(
        "INSERT INTO access (at, user_id, roles, action, path, tracking_number, client)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            _utc_text(at),
            user_id or "",
            ",".join(sorted(roles)),
            action,
            path or "",
            tracking_number or "",
            client or "",
        ),
    )
    return cursor.lastrowid


def _where(filters):
    clauses, params = [], []
    for name in ("user_id", "tracking_number", "action"):
        value = (filters or {}).get(name)
        if value:
            clauses.append(f"{name} = ?")
            params.append(value)
    if (filters or {}).get("since"):
        clauses.append("at >= ?")
        params.append(_utc_text(filters["since"]))
    if (filters or {}).get("until"):
        clauses.append("at < ?")
        params.append(_utc_text(filters["until"]))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def query(filters=None, limit=None, offset=0):
    """Accesses matching ``filters`` (``user_id``, ``tracking_number`` and
    ``action``: equal; ``since`` inclusive and ``until`` exclusive: aware
    datetimes), newest first, as dicts with ``at`` an aware UTC datetime."""
    where, params = _where(filters)
    sql = f"SELECT {', '.join(COLUMNS)} FROM access{where} ORDER BY at DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    rows = []
    for values in _connection().execute(sql, params):
        row = dict(zip(COLUMNS, values, strict=True))
        row["at"] = datetime.datetime.fromisoformat(row["at"])
        rows.append(row)
    return rows


def count(filters=None):
    where, params = _where(filters)
    return _connection().execute(f"SELECT COUNT(*) FROM access{where}", params).fetchone()[0]
