"""Per-year sequences for tracking numbers and permit numbers.

Each sequence is a ``BTrees.Length`` kept in an annotation on the site, next
to an ``OOBTree`` of the numbers already issued.  Two transactions that draw
the same value both insert the same key into that tree, which ZODB refuses
as a conflict; the loser retries and draws the next value.  So numbers are
never issued twice and never reused.

Two ways to draw:

- **in the caller's transaction** (permit numbers): the number commits with
  the permit or not at all, so the register has no gaps; the price is that
  two approvals at the same moment conflict and one request is retried;
- **apart**, like a database sequence (tracking numbers): a short
  transaction of its own on its own connection draws and commits the number
  at once, so concurrent submissions never conflict on it.  A submission
  that fails afterwards leaves its number unused: tracking numbers may have
  gaps, never duplicates.  While the sequences are not committed yet (the
  first number of a new site, demo content made with the site) the
  caller's transaction draws, as for permit numbers.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from plone import api
from ZODB.POSException import ConflictError
from ZODB.POSException import POSKeyError
from zope.annotation.interfaces import IAnnotations

import transaction

ANNOTATION_KEY = "ptsp_portal.numbering"  # stored on the site: never rename
# a tiny transaction conflicts only with another draw at the same instant
APART_ATTEMPTS = 20


def _storage(site):
    annotations = IAnnotations(site)
    storage = annotations.get(ANNOTATION_KEY)
    if storage is None:
        storage = annotations[ANNOTATION_KEY] = PersistentMapping()
    return storage


def _draw(storage, name, year, formatter):
    key = f"{name}:{year}"
    counter = storage.get(key)
    if counter is None:
        counter = storage[key] = Length()
        storage[f"{key}:issued"] = OOBTree()
    issued = storage[f"{key}:issued"]
    while True:
        counter.change(1)
        number = formatter(counter())
        if number not in issued:
            issued[number] = True
            return number


def _draw_apart(storage, name, year, formatter):
    """The number, drawn and committed on a connection of its own; None
    when the sequences are not in the database as they are here (created
    or changed by the caller's transaction, which then draws itself).

    The short transaction touches the sequences only, never the site, so it
    cannot conflict with what the caller's transaction changes."""
    jar, oid = getattr(storage, "_p_jar", None), getattr(storage, "_p_oid", None)
    if jar is None or oid is None or storage._p_changed:
        return None
    manager = transaction.TransactionManager()
    connection = jar.db().open(transaction_manager=manager)
    try:
        for _attempt in range(APART_ATTEMPTS):
            manager.begin()
            try:
                number = _draw(connection.get(oid), name, year, formatter)
                manager.commit()
                return number
            except ConflictError:
                manager.abort()
            except POSKeyError:  # stored by a savepoint, not committed
                manager.abort()
                return None
        raise ConflictError(f"could not draw a {name} number")  # the request is retried
    finally:
        connection.close()


def next_number(name, year, formatter, site=None, apart=False):
    """Draw the next value of sequence ``name`` for ``year``.

    ``formatter(seq)`` turns the integer into the public number; the
    formatted number is recorded so it can never be handed out again.
    ``apart`` draws it in a transaction of its own (see the module).
    """
    storage = _storage(site if site is not None else api.portal.get())
    if apart:
        number = _draw_apart(storage, name, year, formatter)
        if number is not None:
            return number
    return _draw(storage, name, year, formatter)


def years(name, site=None):
    """The years for which sequence ``name`` has drawn numbers, ascending
    (read only: nothing is created)."""
    storage = IAnnotations(site if site is not None else api.portal.get()).get(ANNOTATION_KEY) or {}
    prefix = f"{name}:"
    found = set()
    for key in storage.keys():
        rest = key[len(prefix) :] if key.startswith(prefix) else ""
        if rest.isdigit():
            found.add(int(rest))
    return sorted(found)


def current_value(name, year, site=None):
    storage = _storage(site if site is not None else api.portal.get())
    counter = storage.get(f"{name}:{year}")
    return counter() if counter is not None else 0
