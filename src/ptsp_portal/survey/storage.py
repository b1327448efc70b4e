"""Where survey answers live: one ``SurveyStorage`` in an annotation of
the site, apart from applications and accounts.

- ``responses``: OOBTree, a random id -> one answer as a plain dict
  (month ``YYYY-MM``, permit type UID, the nine answers, the optional
  profile and suggestion).  No NIK, no name, no user id, no application,
  no token, no day or time: nothing leads from a response to a person.
- ``tallies``: OOBTree ``"YYYY-MM|<permit type UID>"`` -> ``Tally``, the
  counts of that month and permit type (respondents, each answer of each
  element, the profile).  The index is computed from these (a year is at
  most 12 × the permit types' tallies), never by waking responses.
  ``Tally`` resolves concurrent updates by adding both sides' increments,
  as ``BTrees.Length`` does, so simultaneous answers do not conflict.
- ``invitations``/``tokens``/``used``: see ``invitations``.
- ``secret``: the key the invitation tokens are derived with.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

import secrets

KEY = "ptsp_portal.survey"
RESPONDENTS = "n"


class Tally(Persistent):
    """Counts of one month and permit type; ``counts`` maps a name to an int."""

    def __init__(self):
        self.counts = {}

    def add(self, names):
        counts = dict(self.counts)
        for name in names:
            counts[name] = counts.get(name, 0) + 1
        self.counts = counts

    def _p_resolveConflict(self, old, committed, new):
        """Both transactions only added: keep both increments."""
        old_counts = (old or {}).get("counts", {})
        committed_counts = committed.get("counts", {})
        new_counts = new.get("counts", {})
        merged = {}
        for name in set(committed_counts) | set(new_counts) | set(old_counts):
            base = old_counts.get(name, 0)
            merged[name] = committed_counts.get(name, 0) + new_counts.get(name, 0) - base
        state = dict(new)
        state["counts"] = merged
        return state


class SurveyStorage(Persistent):
    def __init__(self):
        self.secret = secrets.token_bytes(32)
        self.responses = OOBTree()
        self.tallies = OOBTree()
        self.invitations = OOBTree()
        self.tokens = OOBTree()
        self.used = OOTreeSet()


def get_storage(site, create=False):
    """The site's survey storage; ``None`` when there is none yet and
    ``create`` is false (reads never write)."""
    annotations = IAnnotations(site)
    storage = annotations.get(KEY)
    if storage is None and create:
        storage = annotations[KEY] = SurveyStorage()
    return storage


def tally_key(month, permit_type):
    return f"{month}|{permit_type or ''}"


def counted_names(answers, profile):
    """The tally names one response adds 1 to."""
    names = [RESPONDENTS]
    names += [f"{key}:{value}" for key, value in sorted(answers.items())]
    names += [f"profile:{field}:{value}" for field, value in sorted(profile.items()) if value]
    return names


def record(storage, month, permit_type, answers, profile, suggestion):
    """Store one response and count it; returns nothing that identifies it."""
    while True:
        response_id = secrets.token_hex(8)
        if response_id not in storage.responses:
            break
    storage.responses[response_id] = {
        "month": month,
        "permit_type": permit_type,
        "answers": dict(answers),
        "profile": {k: v for k, v in profile.items() if v},
        "suggestion": suggestion or "",
    }
    key = tally_key(month, permit_type)
    tally = storage.tallies.get(key)
    if tally is None:
        tally = storage.tallies[key] = Tally()
    tally.add(counted_names(answers, profile))


def sum_tallies(storage, month_keys, permit_type=None):
    """``{permit type UID: {name: count}}`` over ``month_keys``."""
    result = {}
    if storage is None:
        return result
    for month in month_keys:
        for key, tally in storage.tallies.items(min=f"{month}|", max=f"{month}|\uffff"):
            uid = key.split("|", 1)[1]
            if permit_type is not None and uid != permit_type:
                continue
            target = result.setdefault(uid, {})
            for name, count in tally.counts.items():
                target[name] = target.get(name, 0) + count
    return result


def first_year(storage):
    if storage is None or not len(storage.tallies):
        return None
    return int(storage.tallies.minKey()[:4])
