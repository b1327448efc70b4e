"""Two requests at the same moment, for real: each job runs in its own
thread on its own ZODB connection, all jobs reach their first commit
together, and a ConflictError is retried the way Zope retries a request."""

from Testing.makerequest import makerequest
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite

import threading
import transaction

MAX_ATTEMPTS = 5


def race(db, site_id, jobs, attempts=MAX_ATTEMPTS):
    """Run ``jobs`` (``{key: job(portal) -> result}``) concurrently.

    Returns ``(results, errors, conflicts)``: ``results[key] = (result,
    attempt)``, ``errors`` what went wrong (an empty list when all went
    well), ``conflicts`` the oids of the objects that conflicted.
    """
    barrier = threading.Barrier(len(jobs), timeout=120)
    results, errors, conflicts = {}, [], []

    def worker(key, job):
        connection = db.open()
        try:
            for attempt in range(1, attempts + 1):
                transaction.begin()
                try:
                    app = makerequest(connection.root()["Application"])
                    portal = app[site_id]
                    setSite(portal)
                    result = job(portal)
                    if attempt == 1:
                        barrier.wait()  # every job done, none committed
                    transaction.commit()
                    results[key] = (result, attempt)
                    return
                except ConflictError as exc:
                    conflicts.append(getattr(exc, "oid", None))
                    transaction.abort()
            errors.append(f"{key}: still conflicting after {attempts} attempts")
        except Exception as exc:  # reported by the test thread
            errors.append(f"{key}: {exc!r}")
            barrier.abort()
        finally:
            transaction.abort()
            connection.close()
            setSite(None)

    threads = [threading.Thread(target=worker, args=item) for item in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return results, errors, conflicts


class RecordingLock:
    """Stands in for ``applications.writing._lock`` and counts how often a
    request took it (``taken``): a write that must be alone took it once."""

    def __init__(self):
        self._lock = threading.Lock()
        self.taken = 0

    def acquire(self, blocking=True, timeout=-1):
        acquired = self._lock.acquire(blocking, timeout)
        self.taken += bool(acquired)
        return acquired

    def release(self):
        self._lock.release()

    def locked(self):
        return self._lock.locked()
