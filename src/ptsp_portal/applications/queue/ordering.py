"""Queue order from the catalog's indexes, never the objects: due date,
then submitted; applications without a due date last."""

from BTrees.IIBTree import difference
from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from ZTUtils.Lazy import LazyMap

import sys

_NEVER = sys.maxsize  # sort key of a missing date


def order_by_deadline(catalog, results, walk=None):
    """Order by ``due_date`` then ``submitted`` (then record id), using the
    indexes, never the objects.

    ZCatalog's own ``sort_on`` drops documents missing from a sort index,
    and an application of a permit type without a service time has no due
    date; here those come last instead.  Two equivalent strategies: a
    small result set is sorted at once; a large one is ordered lazily by
    walking the due-date index from the earliest date, so a first page
    never sorts thousands of rows (``walk`` forces one or the other).
    """
    size = len(results)
    if not size:
        return results
    seq = getattr(results, "_seq", None)  # ZCatalog's LazyMap: record ids,
    if seq is None:  # or (score, record id) for a text search
        rids = [brain.getRID() for brain in results]
    elif isinstance(seq[0], tuple):
        rids = [item[-1] for item in seq]
    else:
        rids = seq  # a whole history's ids are not copied one by one
    zcatalog = catalog._catalog
    due_index = zcatalog.getIndex("due_date")
    submitted = zcatalog.getIndex("submitted").documentToKeyMap()
    if walk is None:
        # sorting costs ~1 us a row, walking ~0.05 us an indexed application;
        # the catalog's size, not due_index.numObjects(): that is len() of
        # a BTree, which visits every bucket (a cost growing with the history)
        walk = size * 20 > len(zcatalog)
    if walk:
        ordered = _QueueOrder(rids, due_index.items(), submitted)
    else:
        due = due_index.documentToKeyMap().get
        sub = submitted.get
        keyed = [(due(rid, _NEVER), sub(rid, _NEVER), rid) for rid in rids]
        keyed.sort()
        ordered = [rid for _due, _submitted, rid in keyed]
    return LazyMap(zcatalog.__getitem__, ordered, size, actual_result_count=size)


class _QueueOrder:
    """Record ids in queue order, computed as far as they are read: one
    due date of the index at a time (its applications that are in the
    result set), ties by submitted; those without a due date at the end."""

    def __init__(self, rids, due_items, submitted):
        # a BTrees set: built, intersected and subtracted in C
        self._members = IISet(rids)
        self._len = len(self._members)
        self._due_items = due_items  # [(date key, IISet of record ids)], ascending
        self._next_key = 0
        self._submitted = submitted
        self._ordered = []

    def _tie(self, rid):
        return (self._submitted.get(rid, _NEVER), rid)

    def __len__(self):
        return self._len

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._len))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        while index >= len(self._ordered):
            self._more()
        return self._ordered[index]

    def _more(self):
        members, items = self._members, self._due_items
        while self._next_key < len(items):
            day = items[self._next_key][1]
            self._next_key += 1
            found = intersection(IISet((day,)) if isinstance(day, int) else day, members)
            if found:
                self._ordered.extend(sorted(found, key=self._tie))
                return
        # past the last due date: the applications without one
        rest = difference(members, IISet(self._ordered))
        self._ordered.extend(sorted(rest, key=self._tie))
        if len(self._ordered) < self._len:  # cannot happen; never loop forever
            raise IndexError(len(self._ordered))
