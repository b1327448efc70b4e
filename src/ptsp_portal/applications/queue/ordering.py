"""Queue order from the catalog's indexes, never the objects: the files in
process first, by due date then submitted (those without a due date after
them); then the closed files, newest submitted first."""

from BTrees.IIBTree import difference
from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from BTrees.IIBTree import multiunion
from ptsp_portal.constants import ACTIVE_STATES
from ZTUtils.Lazy import LazyMap

import sys

_NEVER = sys.maxsize  # sort key of a missing date


def order_by_deadline(catalog, results, walk=None):
    """Order ``results`` for the queue, using the indexes, never the objects.

    Work comes first: the files in process (``ACTIVE_STATES``) by
    ``due_date``, then ``submitted``, then record id.  ZCatalog's own
    ``sort_on`` drops documents missing from a sort index, and an
    application of a permit type without a service time has no due date;
    here those come after the dated ones instead.  The closed files (only
    in a list that asks for them: a closed state, every state, a search)
    follow, newest first: an office looks back from today.

    Two equivalent strategies: a small result set is sorted at once; a
    large one is ordered lazily by walking the due-date and submitted
    indexes, so a first page never sorts thousands of rows (``walk`` forces
    one or the other).
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
    submitted_index = zcatalog.getIndex("submitted")
    states = zcatalog.getIndex("review_state")
    if walk is None:
        # sorting costs ~1 us a row, walking ~0.05 us an indexed application;
        # the catalog's size, not due_index.numObjects(): that is len() of
        # a BTree, which visits every bucket (a cost growing with the history)
        walk = size * 20 > len(zcatalog)
    if walk:
        ordered = _QueueOrder(rids, _records_in_process(states), due_index, submitted_index)
    else:
        due = due_index.documentToKeyMap().get
        sub = submitted_index.documentToKeyMap().get
        state = states.getEntryForObject
        keyed = [
            (0, due(rid, _NEVER), sub(rid, _NEVER), rid)
            if state(rid) in ACTIVE_STATES
            else (1, -sub(rid, -_NEVER), -rid)
            for rid in rids
        ]
        keyed.sort()
        ordered = [key[-1] if key[0] == 0 else -key[-1] for key in keyed]
    return LazyMap(zcatalog.__getitem__, ordered, size, actual_result_count=size)


def _records_in_process(states):
    """The record ids in a state of ``ACTIVE_STATES``, from the state index:
    the open work, not the history."""
    found = (states._index.get(state) for state in ACTIVE_STATES)
    return multiunion([_as_set(rids) for rids in found if rids is not None])


class _QueueOrder:
    """Record ids in queue order, computed as far as they are read.

    The files in process one due date of the index at a time (those of it
    in the result set), ties by submitted, then those without a due date;
    then the closed ones one submitted date at a time from the newest."""

    def __init__(self, rids, in_process, due_index, submitted_index):
        # BTrees sets: built, intersected and subtracted in C
        members = IISet(rids)
        self._len = len(members)
        self._members = members
        self._open = intersection(members, in_process)
        self._submitted = submitted_index.documentToKeyMap()
        self._ordered = []
        self._batches = self._walk(due_index._index.items(), submitted_index._index.items())

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
            # never loops forever: every member is in one batch
            self._ordered.extend(next(self._batches))
        return self._ordered[index]

    def _walk(self, due_items, submitted_items):
        """Batches of record ids, in order, that together hold every member
        (``__getitem__`` has added each batch to ``_ordered`` before the
        next is asked for)."""
        if self._open:
            for _day, rids in due_items:  # ascending
                found = intersection(_as_set(rids), self._open)
                if found:
                    yield sorted(found, key=self._tie)
            # past the last due date: the files in process without one
            yield sorted(difference(self._open, IISet(self._ordered)), key=self._tie)
        if len(self._open) < self._len:
            # the closed files, only once a page reaches them
            closed = difference(self._members, self._open)
            for _day, rids in reversed(submitted_items):  # newest first
                found = intersection(_as_set(rids), closed)
                if found:
                    yield sorted(found, reverse=True)
            yield sorted(difference(closed, IISet(self._ordered)), reverse=True)
        # every member was in a batch above: reading past them cannot happen
        raise IndexError(self._len)


def _as_set(rids):
    """An index's entry for one key: a record id or a set of them."""
    return IISet((rids,)) if isinstance(rids, int) else rids
