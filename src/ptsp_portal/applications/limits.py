"""How much one account may file: ``max_pending_per_account`` applications
in an active state and ``max_submissions_per_day`` submitted today (office
time), both records of Pengaturan PTSP (0 = no limit).

Counted from the catalog (brains only, never objects): the applicant is the
application's creator (``intake.set_owner``).  Two submissions at the same
moment may both pass the count; the limits bound abuse, not a quota to the
unit.  The web form and ``@apply`` both call ``check_limits`` through
``forms.submission.submit``; a refusal is a ``LimitExceeded`` (an
``IntakeError``) carrying the seconds after which to try again (429 and
``Retry-After`` over HTTP).

Saved drafts (``ptsp_portal.drafts``) count too: each one toward the
pending limit, and each one started today toward the daily limit.  A
draft being submitted (``exclude_draft``) is not counted: it becomes the
application.  ``with_drafts=False``: applications only (``@apply``'s check
before it reads the body, which may submit a draft).
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.constants import ACTIVE_STATES
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.drafts.store import count_drafts
from ptsp_portal.workflow.sla import now

import datetime

MAX_PENDING_RECORD = "ptsp_portal.max_pending_per_account"
MAX_PER_DAY_RECORD = "ptsp_portal.max_submissions_per_day"
DEFAULT_LIMIT = 50
# a pending application ends when an officer acts on it: try again later
PENDING_RETRY_SECONDS = 3600
LIMIT_ERROR = "limit"  # key of the error in ``LimitExceeded.errors``


class LimitExceeded(IntakeError):
    def __init__(self, message, retry_after):
        super().__init__({LIMIT_ERROR: message})
        self.retry_after = retry_after


def _limit(record):
    value = api.portal.get_registry_record(record, default=DEFAULT_LIMIT)
    return value if isinstance(value, int) and value > 0 else 0


def _count(user_id, **query):
    catalog = api.portal.get_tool("portal_catalog")
    return len(catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION, Creator=user_id, **query))


def _start_of_today():
    current = now()
    midnight = datetime.datetime.combine(current.date(), datetime.time())
    return current, midnight


def check_limits(user_id, exclude_draft=None, with_drafts=True):
    """Raise ``LimitExceeded`` when ``user_id`` may not file one more now."""
    pending_limit = _limit(MAX_PENDING_RECORD)
    drafts = count_drafts(user_id, exclude=exclude_draft) if with_drafts and pending_limit else 0
    if pending_limit and _count(user_id, review_state=ACTIVE_STATES) + drafts >= pending_limit:
        raise LimitExceeded(
            _(
                "Anda sudah memiliki ${count} permohonan yang sedang diproses, batas per akun. "
                "Tunggu sampai sebagian selesai diproses, lalu ajukan lagi.",
                mapping={"count": pending_limit},
            ),
            PENDING_RETRY_SECONDS,
        )
    day_limit = _limit(MAX_PER_DAY_RECORD)
    if day_limit:
        current, midnight = _start_of_today()
        drafts = count_drafts(user_id, since=midnight, exclude=exclude_draft) if with_drafts else 0
        # naive, like the stored ``submitted``: the index converts both alike
        if _count(user_id, submitted={"query": midnight, "range": "min"}) + drafts >= day_limit:
            tomorrow = midnight + datetime.timedelta(days=1)
            raise LimitExceeded(
                _(
                    "Batas ${count} permohonan per hari untuk satu akun sudah tercapai. "
                    "Silakan ajukan lagi besok.",
                    mapping={"count": day_limit},
                ),
                max(int((tomorrow - current).total_seconds()), 1),
            )
