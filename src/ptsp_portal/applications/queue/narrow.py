"""Queue searches whose cost follows the result, not the office's history.

ZCatalog answers a query with one set of records per index, intersected.
A term that matches most applications -- ``portal_type``, the ``path`` of
``/permohonan``, a state such as ``issued``, and the ``allowedRolesAndUsers``
and ``effectiveRange`` terms that ``searchResults`` adds for security --
costs time in proportion to every application ever made, however small the
answer: BTrees intersect two sets by walking both (about 3 ms per term at
100,000 applications).  An office's history grows; its open work does not.

``search(catalog, query)`` gives what ``catalog.searchResults(query)``
gives the current user.  When the query has a *selective* term
(``SELECTIVE``: the user's actions, a tracking number, a name), the catalog
finds the records of the selective terms alone, unrestricted; every other
term, the security terms included, is then checked on each of those records
against the value its index holds for it (``getEntryForObject``), with the
same meaning as the index's query: a cost in proportion to the records
found.  Otherwise (no selective term, a term not checkable record by record,
or more than ``MAX_CHECKED`` records found) it is ``searchResults`` as
before.  Only indexes are read, never objects.
"""

from AccessControl import getSecurityManager
from DateTime import DateTime
from ptsp_portal.applications import names
from ZTUtils.Lazy import LazyMap

# terms that match a handful of records, whatever the history
SELECTIVE = ("ptsp_actors", "tracking_number", names.INDEX)
# FieldIndexes queried with a value or a list of values
FIELDS = ("portal_type", "review_state", "permit_type_uid")
PATH = "path"
# passed on to the selective search, whose order the result keeps
SORTING = ("sort_on", "sort_order")
# above this, checking record by record costs more than the catalog's sets
MAX_CHECKED = 2000


def _values(value):
    """The accepted values of a FieldIndex term, or None if not plain."""
    if isinstance(value, str):
        return frozenset((value,))
    if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value):
        return frozenset(value)
    return None


def _checks(zcatalog, rest, query, catalog):
    """One predicate per term of ``rest`` plus the security terms, or None
    when one of them cannot be checked record by record."""
    checks = []
    for name, value in rest.items():
        if name in FIELDS:
            wanted = _values(value)
            if wanted is None:
                return None
            entry = zcatalog.getIndex(name).getEntryForObject
            checks.append(lambda rid, entry=entry, wanted=wanted: entry(rid) in wanted)
        elif name == PATH and isinstance(value, str):
            # ExtendedPathIndex, default depth -1: the path and all below it
            prefix = value.rstrip("/")
            paths = zcatalog.paths
            checks.append(
                lambda rid, paths=paths, prefix=prefix: (
                    (path := paths.get(rid)) is not None and (path == prefix or path.startswith(prefix + "/"))
                )
            )
        else:
            return None
    # what CatalogTool.searchResults adds: allowedRolesAndUsers (any of the
    # user's tokens) and, for users who may not see inactive content, the
    # effective range (since <= now <= until, either end open)
    tokens = frozenset(catalog._listAllowedRolesAndUsers(getSecurityManager().getUser()))
    allowed = zcatalog.getIndex("allowedRolesAndUsers").getEntryForObject
    checks.append(lambda rid: not tokens.isdisjoint(allowed(rid) or ()))
    if not catalog.allow_inactive(query):
        index = zcatalog.getIndex("effectiveRange")
        now = index._convertDateTime(DateTime())
        if now is None:
            return None

        def effective(rid, entry=index.getEntryForObject, now=now):
            datum = entry(rid)
            if datum is None:
                return False
            since, until = datum
            return (since is None or since <= now) and (until is None or until >= now)

        checks.append(effective)
    return checks


def _keywords(entry):
    """The values an index holds for a record, as a collection."""
    if entry is None:
        return ()
    return (entry,) if isinstance(entry, str) else entry


def _split_not(zcatalog, selective):
    """``selective`` without its ``not`` clauses, and a check per clause.

    A ``not`` in a query makes ZCatalog start from every record of the
    catalog (``UnIndex.query_index``: all record ids, then the difference),
    a cost in proportion to the history (the four-eyes ``!user:`` token of
    the user's actions: about 3 ms at 100,000 applications).  Here the
    positive terms find the records and each record's entry in the index
    is checked against the excluded values instead."""
    positive, checks = {}, []
    for name, value in selective.items():
        excluded = _values(value.get("not")) if isinstance(value, dict) and value.get("query") else None
        if excluded is not None:
            entry = zcatalog.getIndex(name).getEntryForObject
            checks.append(
                lambda rid, entry=entry, excluded=excluded: excluded.isdisjoint(_keywords(entry(rid)))
            )
            value = {key: item for key, item in value.items() if key != "not"}
        positive[name] = value
    return positive, checks


def search(catalog, query, selective_terms=SELECTIVE):
    """``catalog.searchResults(query)`` (a lazy sequence of brains in
    record order, or in ``sort_on`` order), for the current user.
    ``selective_terms``: the terms known to match few records here (e.g.
    ``portal_type`` for a type with a few dozen items)."""
    sorting = {name: value for name, value in query.items() if name in SORTING}
    selective = {name: value for name, value in query.items() if name in selective_terms}
    rest = {
        name: value for name, value in query.items() if name not in selective_terms and name not in SORTING
    }
    if not selective:
        return catalog.searchResults(query)
    zcatalog = catalog._catalog
    checks = _checks(zcatalog, rest, query, catalog)
    if checks is None:
        return catalog.searchResults(query)
    selective, excluding = _split_not(zcatalog, selective)
    checks = excluding + checks
    found = catalog.unrestrictedSearchResults({**selective, **sorting})
    if len(found) > MAX_CHECKED:
        return catalog.searchResults(query)
    seq = getattr(found, "_seq", None)
    if seq is None:
        rids = [brain.getRID() for brain in found]
    else:  # record ids, or (score, record id) for a scored search
        rids = [item[-1] if isinstance(item, tuple) else item for item in seq]
    kept = [rid for rid in rids if all(check(rid) for check in checks)]
    return LazyMap(zcatalog.__getitem__, kept, len(kept), actual_result_count=len(kept))
