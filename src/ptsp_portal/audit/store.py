"""The access log's store: one append-only SQL table, outside the ZODB.

Reading an application must not become a ZODB write (every page view would
then conflict with the officers' work), so the log lives in its own
database, chosen by ``$PTSP_ACCESS_LOG`` (an instance's ``environment:`` in
``instance.yaml``):

- a ``postgresql://`` DSN: a table in PostgreSQL, shared by a cluster of
  Zope instances on several hosts (``store_postgresql``);
- else a file: SQLite, for the processes of one host (``store_sqlite``);
  unset, ``ptsp-access-log.sqlite`` in the instance's ``CLIENTHOME``
  (``instance/var``).

Both have the same columns and the same triggers refusing ``UPDATE`` and
``DELETE``; this module offers ``record`` and ``query`` (and ``count``)
only.  One connection per thread, in autocommit: an entry is written at
once, in its own transaction, never in the ZODB's.
"""

from App.config import getConfiguration
from ptsp_portal.audit import store_postgresql
from ptsp_portal.audit import store_sqlite

import datetime
import os
import threading

ENV_VAR = "PTSP_ACCESS_LOG"
FILENAME = "ptsp-access-log.sqlite"
COLUMNS = ("id", "at", "user_id", "roles", "action", "path", "tracking_number", "client", "detail")
FILTERS = ("user_id", "tracking_number", "action", "since", "until")

_local = threading.local()


def location():
    """The SQLite file or PostgreSQL DSN of this instance."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return configured
    clienthome = getattr(getConfiguration(), "clienthome", None) or os.getcwd()
    return os.path.join(clienthome, FILENAME)


def backend_of(where):
    return store_postgresql if store_postgresql.is_dsn(where) else store_sqlite


def close():
    """Close this thread's connection (the next call opens a new one)."""
    connection = getattr(_local, "connection", None)
    _local.connection = _local.location = None
    if connection is not None:
        try:
            connection.close()
        except Exception:  # already broken: nothing to release
            pass


def _connection():
    """``(backend, connection)`` of this thread, for the current location."""
    where = location()
    if getattr(_local, "location", None) != where or _local.connection is None:
        close()
        _local.connection = backend_of(where).connect(where)
        _local.location = where
    return backend_of(where), _local.connection


def _call(operation):
    """``operation(backend, connection)``; once more on a new connection when
    the server closed this one (a restarted PostgreSQL)."""
    backend, connection = _connection()
    try:
        return operation(backend, connection)
    except backend.DISCONNECTED:
        if not getattr(connection, "closed", False):
            raise
        close()
        backend, connection = _connection()
        return operation(backend, connection)


def record(user_id, action, path="", tracking_number="", roles=(), client="", at=None, detail=""):
    """Append one entry; returns its id."""
    at = at or datetime.datetime.now(datetime.timezone.utc)
    if at.tzinfo is None:
        at = at.replace(tzinfo=datetime.timezone.utc)
    columns = COLUMNS[1:]

    def insert(backend, connection):
        values = (
            backend.to_db_time(at),
            user_id or "",
            ",".join(sorted(roles)),
            action,
            path or "",
            tracking_number or "",
            client or "",
            detail or "",
        )
        return backend.insert(connection, columns, values)

    return _call(insert)


def _where(backend, filters):
    filters = filters or {}
    clauses, params = [], []
    for name in ("user_id", "tracking_number", "action"):
        if filters.get(name):
            clauses.append(f"{name} = {backend.PARAM}")
            params.append(filters[name])
    for name, operator in (("since", ">="), ("until", "<")):
        if filters.get(name):
            clauses.append(f"at {operator} {backend.PARAM}")
            params.append(backend.to_db_time(filters[name]))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def query(filters=None, limit=None, offset=0):
    """Entries matching ``filters`` (``user_id``, ``tracking_number`` and
    ``action``: equal; ``since`` inclusive and ``until`` exclusive: aware
    datetimes), newest first, as dicts with ``at`` an aware UTC datetime."""

    def select(backend, connection):
        where, params = _where(backend, filters)
        sql = f"SELECT {', '.join(COLUMNS)} FROM {backend.TABLE}{where} ORDER BY at DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {backend.PARAM} OFFSET {backend.PARAM}"
            params += [int(limit), int(offset)]
        rows = []
        for values in backend.fetch(connection, sql, params):
            row = dict(zip(COLUMNS, values, strict=True))
            row["at"] = backend.from_db_time(row["at"])
            rows.append(row)
        return rows

    return _call(select)


def count(filters=None):
    def select(backend, connection):
        where, params = _where(backend, filters)
        return backend.fetch(connection, f"SELECT COUNT(*) FROM {backend.TABLE}{where}", params)[0][0]

    return _call(select)
