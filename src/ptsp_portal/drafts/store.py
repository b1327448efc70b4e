"""Where drafts live: a private storage per account, outside the content tree.

A draft is not an application: it has no tracking number, no workflow, no
place in ``/permohonan``, no catalog entry, no URL of its own.  It is kept
in an annotation of the site (``ptsp_portal.drafts``): a BTree by user id,
each holding that account's drafts by ``draft_id`` (a random token).  Its
documents are blobs (``NamedBlobFile``), like an application's.

So the queue, statistics, the SLA clock, tracking, search and every
catalog-based listing never meet a draft: they do not look there.  The only
ways in are ours, and every one of them looks only among the drafts of the
logged-in account (``drafts_of(user_id)``), so another citizen, an officer,
a Manager and anonymous find nothing (404/401), by construction rather than
by a permission someone could grant.

A draft expires ``ptsp_portal.draft_days`` (Pengaturan PTSP, default 30)
calendar days after its last change; ``purge_expired`` removes expired
drafts with their documents (``scripts/retention.py``, the cron-able
clean-up of the retention work).  The blobs leave the database files at its
next pack.
"""

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from plone import api
from ptsp_portal.workflow.sla import office_zone
from zope.annotation.interfaces import IAnnotations

import datetime
import secrets

KEY = "ptsp_portal.drafts"
DAYS_RECORD = "ptsp_portal.draft_days"
DEFAULT_DAYS = 30


class Draft(Persistent):
    """One saved draft.  ``answers``: field id -> JSON value as ``@apply``
    takes it (not checked); ``contract``: the ``@apply`` keys kept
    (``on_behalf_of``); ``documents``: field id -> ``NamedBlobFile`` (each
    checked like a submission's); ``titles``: field id -> document title;
    ``renewal_of``: the permit it renews (``ptsp_portal.renewal``), or None."""

    renewal_of = None

    def __init__(self, draft_id, owner, permit_type_uid, now=None):
        self.draft_id = draft_id
        self.owner = owner
        self.permit_type = permit_type_uid
        self.created = self.modified = now or utcnow()
        self.answers = {}
        self.contract = {}
        self.documents = {}
        self.titles = {}

    def expires(self):
        return self.modified + datetime.timedelta(days=draft_days())


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def draft_days():
    value = api.portal.get_registry_record(DAYS_RECORD, default=DEFAULT_DAYS)
    return value if isinstance(value, int) and value > 0 else DEFAULT_DAYS


def _root(create=False):
    annotations = IAnnotations(api.portal.get())
    root = annotations.get(KEY)
    if root is None and create:
        root = annotations[KEY] = OOBTree()
    return root


def drafts_of(user_id, create=False):
    """The BTree of ``user_id``'s drafts (None when there is none and not
    ``create``)."""
    root = _root(create)
    if root is None or not user_id:
        return None
    mine = root.get(user_id)
    if mine is None and create:
        mine = root[user_id] = OOBTree()
    return mine


def get_draft(user_id, draft_id):
    """``user_id``'s draft ``draft_id``, or None (also for anyone else's)."""
    mine = drafts_of(user_id)
    if mine is None or not isinstance(draft_id, str):
        return None
    draft = mine.get(draft_id)
    if draft is not None and draft.expires() <= utcnow():
        return None  # expired: gone for the citizen, the clean-up removes it
    return draft


def list_drafts(user_id):
    """``user_id``'s drafts that have not expired, last changed first."""
    mine = drafts_of(user_id)
    if mine is None:
        return []
    current = utcnow()
    found = [d for d in mine.values() if d.expires() > current]
    return sorted(found, key=lambda d: d.modified, reverse=True)


def count_drafts(user_id, since=None, exclude=None):
    """How many drafts ``user_id`` holds (created since ``since``, a naive
    office-time or aware datetime), not counting ``exclude``."""
    drafts = [d for d in list_drafts(user_id) if d.draft_id != exclude]
    if since is not None:
        if since.tzinfo is None:
            since = since.replace(tzinfo=office_zone())
        drafts = [d for d in drafts if d.created >= since]
    return len(drafts)


def new_draft(user_id, permit_type_uid):
    mine = drafts_of(user_id, create=True)
    draft_id = secrets.token_urlsafe(12)
    while draft_id in mine:
        draft_id = secrets.token_urlsafe(12)
    draft = Draft(draft_id, user_id, permit_type_uid)
    mine[draft_id] = draft
    return draft


def remove_draft(user_id, draft_id):
    """Remove ``user_id``'s draft; True when there was one."""
    mine = drafts_of(user_id)
    if mine is None or draft_id not in mine:
        return False
    del mine[draft_id]
    if not len(mine):
        del _root()[user_id]
    return True


def expired(now=None):
    """``[(user_id, draft)]`` of every expired draft."""
    root = _root()
    if root is None:
        return []
    now = now or utcnow()
    return [
        (user_id, draft)
        for user_id, mine in root.items()
        for draft in mine.values()
        if draft.expires() <= now
    ]
