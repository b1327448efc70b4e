"""Login throttling shared by the instances of a cluster, in PostgreSQL
(``PTSP_SHARED_LIMITS``, the database of ``sharedlimits``): five wrong
passwords on one instance lock the login on all of them, and unlocking it
on one unlocks it everywhere.  ``loginlock`` uses this store when the
variable is set, its process memory otherwise.

Two tables, made on first use: ``ptsp_login_failures`` (kind, key, at), the
failures within the window, and ``ptsp_login_locks`` (kind, key, until), the
current locks.  A failure is counted and judged in one transaction under an
advisory lock of its (kind, key), so failures on two instances at the same
moment both count; times are the database's clock.  Keys are logins and
client addresses, as in ``loginlock``; no password is stored.
"""

from ptsp_portal.security.sharedlimits import Database
from ptsp_portal.security.sharedlimits import StoreCache

FAILURES = "ptsp_login_failures"
LOCKS = "ptsp_login_locks"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {FAILURES} (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS {FAILURES}_key ON {FAILURES} (kind, key, at);
CREATE TABLE IF NOT EXISTS {LOCKS} (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    until TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, key)
);
"""
LOCK_NAMESPACE = "ptsp_login"


class LoginLocks(Database):
    """Failures and locks in the database ``dsn``; the methods of
    ``loginlock``'s memory store, with the database's clock.  Each raises
    ``sharedlimits.DISCONNECTED`` when the database cannot be reached."""

    SCHEMA = SCHEMA
    SCHEMA_LOCK = 0x7074736C  # "ptsl"
    APPLICATION = "ptsp_portal logins"

    def seconds_locked(self, kind, key):
        return self._retrying(self._seconds_locked, kind, key)

    def _seconds_locked(self, connection, kind, key):
        with connection, connection.cursor() as cursor:
            cursor.execute(
                f"SELECT EXTRACT(EPOCH FROM until - clock_timestamp()) FROM {LOCKS}"
                " WHERE kind = %s AND key = %s",
                (kind, key),
            )
            row = cursor.fetchone()
            if row is None:
                return 0
            if row[0] <= 0:  # over: the lock and its failures go
                self._forget(cursor, kind, key)
                return 0
            return float(row[0])

    def record_failure(self, kind, key, window_seconds, limit, lock_seconds):
        """Count one failure; lock ``key`` for ``lock_seconds`` when ``limit``
        failures are in the window.  The seconds locked (0: not locked)."""
        return self._retrying(self._record_failure, kind, key, window_seconds, limit, lock_seconds)

    def _record_failure(self, connection, kind, key, window_seconds, limit, lock_seconds):
        window = f"{int(window_seconds)} seconds"
        with connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))", (f"{LOCK_NAMESPACE}:{kind}", key)
            )
            cursor.execute(
                f"DELETE FROM {FAILURES} WHERE kind = %s AND key = %s"
                " AND at <= clock_timestamp() - %s::interval",
                (kind, key, window),
            )
            cursor.execute(f"INSERT INTO {FAILURES} (kind, key) VALUES (%s, %s)", (kind, key))
            cursor.execute(f"SELECT count(*) FROM {FAILURES} WHERE kind = %s AND key = %s", (kind, key))
            if cursor.fetchone()[0] >= limit:
                # a new lock, unless one is running (it is not lengthened)
                cursor.execute(
                    f"INSERT INTO {LOCKS} (kind, key, until)"
                    " VALUES (%s, %s, clock_timestamp() + %s::interval)"
                    " ON CONFLICT (kind, key) DO UPDATE SET until = EXCLUDED.until"
                    f" WHERE {LOCKS}.until <= clock_timestamp()",
                    (kind, key, f"{int(lock_seconds)} seconds"),
                )
            cursor.execute(
                f"SELECT EXTRACT(EPOCH FROM until - clock_timestamp()) FROM {LOCKS}"
                " WHERE kind = %s AND key = %s",
                (kind, key),
            )
            row = cursor.fetchone()
            return max(float(row[0]), 0) if row else 0

    def forget_failures(self, kind, key):
        def forget(connection):
            with connection, connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FAILURES} WHERE kind = %s AND key = %s", (kind, key))

        self._retrying(forget)

    def unlock(self, kind, key):
        """Lift a lock and forget the failures; True if ``key`` was locked."""

        def unlock(connection):
            with connection, connection.cursor() as cursor:
                return self._forget(cursor, kind, key)

        return self._retrying(unlock)

    def _forget(self, cursor, kind, key):
        cursor.execute(f"DELETE FROM {FAILURES} WHERE kind = %s AND key = %s", (kind, key))
        cursor.execute(
            f"DELETE FROM {LOCKS} WHERE kind = %s AND key = %s RETURNING until > clock_timestamp()",
            (kind, key),
        )
        row = cursor.fetchone()
        return bool(row and row[0])

    def locked(self):
        """``[(kind, key, seconds left)]`` of every current lock."""

        def locked(connection):
            with connection, connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT kind, key, EXTRACT(EPOCH FROM until - clock_timestamp()) FROM {LOCKS}"
                    " WHERE until > clock_timestamp() ORDER BY kind, key"
                )
                return [(kind, key, float(seconds)) for kind, key, seconds in cursor.fetchall()]

        return self._retrying(locked)

    def reset(self):
        def reset(connection):
            with connection, connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FAILURES}; DELETE FROM {LOCKS}")

        self._retrying(reset)


store = StoreCache(LoginLocks)
