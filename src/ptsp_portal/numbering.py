"""Per-year sequences for tracking numbers (and later permit numbers).

Each sequence is a ``BTrees.Length`` (its increments merge on concurrent
commits) kept in an annotation on the site, next to an ``OOBTree`` of the
numbers already issued.  Two transactions that draw the same value both
insert the same key into that tree, which ZODB refuses as a conflict; Zope
retries the losing request, which then draws the next value.  So numbers are
never issued twice and never reused, and unrelated writes do not conflict.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations

ANNOTATION_KEY = "ptsp_portal.numbering"


def _storage(site):
    annotations = IAnnotations(site)
    storage = annotations.get(ANNOTATION_KEY)
    if storage is None:
        storage = annotations[ANNOTATION_KEY] = PersistentMapping()
    return storage


def next_number(name, year, formatter, site=None):
    """Draw the next value of sequence ``name`` for ``year``.

    ``formatter(seq)`` turns the integer into the public number; the
    formatted number is recorded so it can never be handed out again.
    """
    site = site if site is not None else api.portal.get()
    storage = _storage(site)
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


def current_value(name, year, site=None):
    storage = _storage(site if site is not None else api.portal.get())
    counter = storage.get(f"{name}:{year}")
    return counter() if counter is not None else 0
