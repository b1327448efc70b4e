"""The next application awaiting the current user's action ("Berikutnya",
issue 19 §3): the queue's "my actions" (``tugas=saya``) in the queue's order
(``ordering``), taken after the one at hand.

The one at hand usually left "my actions" when the officer acted on it, so
"after" is by its place in the order (due date, submitted, record id), read
from the same indexes; past the end it starts again from the first.  Only
catalog brains are read.
"""

from plone import api
from ptsp_portal.applications.queue.filters import TASK_MINE
from ptsp_portal.applications.queue.ordering import _NEVER
from ptsp_portal.applications.queue.search import search


def _keys(zcatalog):
    due = zcatalog.getIndex("due_date").documentToKeyMap()
    submitted = zcatalog.getIndex("submitted").documentToKeyMap()
    return lambda rid: (due.get(rid, _NEVER), submitted.get(rid, _NEVER), rid)


def next_application(container, application):
    """The brain of the application after ``application`` in the current
    user's "my actions" below ``container``, or None when none other waits."""
    catalog = api.portal.get_tool("portal_catalog")
    zcatalog = catalog._catalog
    path = "/".join(application.getPhysicalPath())
    rid = zcatalog.uids.get(path)
    results = search(container, {"tugas": TASK_MINE})
    if rid is None:
        return next((b for b in results if b.getPath() != path), None)
    key = _keys(zcatalog)
    current = key(rid)
    first = None
    for brain in results:
        other = brain.getRID()
        if other == rid:
            continue
        if first is None:
            first = brain
        if key(other) > current:
            return brain
    return first
