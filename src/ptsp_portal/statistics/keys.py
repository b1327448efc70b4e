"""The catalog keys that count applications for the statistics.

One KeywordIndex, ``ptsp_statistics``, holds per application at most two
keys, each a cell of the published tables:

- ``r|YYYY-MM|<permit type UID>``: received (submitted) in that month;
- ``d|YYYY-MM|<permit type UID>|<outcome>|<working days>|<within>``: its
  outcome (``recording.OUTCOMES``) in the month it was decided, the working
  days to the decision (empty for a withdrawal) and ``1``/``0`` for within
  the service days (empty without a service time).

Months are office time.  Counting a cell is the length of one key's set,
so the figures cost the number of distinct keys of a year (months × permit
types × outcomes × distinct working days), not the number of applications.
"""

INDEX = "ptsp_statistics"
RECEIVED = "r"
DECIDED = "d"
SEPARATOR = "|"


def month_of(value):
    return f"{value.year:04d}-{value.month:02d}"


def keys_of(application, permit_type_uid):
    """The keys of ``application`` (attributes of ``recording``)."""
    if not permit_type_uid:
        return []
    result = []
    submitted = getattr(application, "submitted", None)
    if submitted is not None:
        result.append(SEPARATOR.join((RECEIVED, month_of(submitted), permit_type_uid)))
    decision = getattr(application, "decision", None)
    decided = getattr(application, "decided", None)
    if decision and decided is not None:
        days = getattr(application, "decision_working_days", None)
        within = getattr(application, "decided_within_service_days", None)
        result.append(
            SEPARATOR.join(
                (
                    DECIDED,
                    month_of(decided),
                    permit_type_uid,
                    decision,
                    "" if days is None else str(int(days)),
                    "" if within is None else ("1" if within else "0"),
                )
            )
        )
    return result


def parse(key):
    """``(kind, month, permit type UID, outcome, working days, within)``;
    the last three None for a received key."""
    parts = key.split(SEPARATOR)
    if parts[0] == RECEIVED and len(parts) == 3:
        return RECEIVED, parts[1], parts[2], None, None, None
    if parts[0] == DECIDED and len(parts) == 6:
        days = int(parts[4]) if parts[4] else None
        within = {"1": True, "0": False}.get(parts[5])
        return DECIDED, parts[1], parts[2], parts[3], days, within
    return None


def counted_keys(catalog, kind, first_month=None, last_month=None):
    """``(key, count)`` of one kind between two months (``YYYY-MM``,
    inclusive; open ends when None), read from the index's own tree."""
    index = catalog._catalog.getIndex(INDEX)
    low = f"{kind}{SEPARATOR}{first_month or ''}"
    high = f"{kind}{SEPARATOR}{last_month or '9999-99'}{SEPARATOR}\uffff"
    for key, rids in index._index.items(low, high):
        yield key, 1 if isinstance(rids, int) else len(rids)
