"""Per-client rate limits for public lookups (tracking, verification).

A sliding one-minute window per (bucket, client address).  In a cluster
(``PTSP_SHARED_LIMITS`` set, ``sharedlimits``) the counts are kept in
PostgreSQL and the limit holds across instances; otherwise in process
memory, each Zope instance counting its own clients.  The limit is the
registry record ``ptsp_portal.lookups_per_minute``.
"""

from collections import deque
from plone import api
from ptsp_portal.security import sharedlimits
from threading import Lock

import time

WINDOW_SECONDS = 60
DEFAULT_LIMIT = 30
_hits = {}
_lock = Lock()


class RateLimited(Exception):
    """Too many lookups; ``retry_after`` seconds until the next one is allowed."""

    def __init__(self, retry_after):
        self.retry_after = retry_after
        super().__init__(retry_after)


def client_address(request):
    return request.getClientAddr() or "unknown"


def limit():
    try:
        value = api.portal.get_registry_record("ptsp_portal.lookups_per_minute", default=None)
    except api.exc.CannotGetPortalError:
        value = None
    return value or DEFAULT_LIMIT


def check(request, bucket, now=None, allowed=None, window=WINDOW_SECONDS):
    """Count one lookup; raise ``RateLimited`` when over the limit
    (``allowed`` per ``window`` seconds: by default the registry's limit
    per minute)."""
    allowed = allowed or limit()
    shared = sharedlimits.store()
    if shared is not None:
        retry_after = shared.hit(bucket, client_address(request), window, allowed)
        if retry_after:
            raise RateLimited(retry_after)
        return
    now = time.monotonic() if now is None else now
    key = (bucket, client_address(request))
    with _lock:
        hits = _hits.setdefault(key, deque())
        while hits and hits[0] <= now - window:
            hits.popleft()
        if len(hits) >= allowed:
            raise RateLimited(int(hits[0] + window - now) + 1)
        hits.append(now)
        if len(_hits) > 10000:  # forget idle clients
            for stale in [k for k, v in _hits.items() if not v or v[-1] <= now - WINDOW_SECONDS]:
                del _hits[stale]


def reset():
    """Forget all counts (tests)."""
    with _lock:
        _hits.clear()
    shared = sharedlimits.store()
    if shared is not None:
        shared.reset()
