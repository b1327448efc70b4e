"""Expired drafts go, with their documents: part of the retention clean-up
(``scripts/retention.py``, cron-able; ``@@ptsp-retensi``).

A draft expires ``ptsp_portal.draft_days`` days after its last change
(``store.Draft.expires``); from then on nobody sees it (``store.get_draft``
and ``store.list_drafts`` skip it) and ``purge_expired`` removes it.  Each
removal is recorded in the access log (action ``retention``, after the
commit) and the event log, never with the answers: the path names the
account and the draft, ``detail`` the documents' ids.
"""

from ptsp_portal import logger
from ptsp_portal.audit import store as access_log
from ptsp_portal.audit.recording import RETENTION
from ptsp_portal.drafts import store

import transaction

SYSTEM_USER = "ptsp-retention"


def describe(user_id, draft):
    return {
        "owner": user_id,
        "draft_id": draft.draft_id,
        "modified": draft.modified.isoformat(),
        "documents": sorted(draft.documents),
    }


def _log(status, reports, user_id):
    if not status:
        return
    for report in reports:
        logger.info("drafts: removed expired draft %s of %s", report["draft_id"], report["owner"])
        try:
            access_log.record(
                user_id=user_id,
                action=RETENTION,
                path=f"drafts/{report['owner']}/{report['draft_id']}",
                detail="draft expired; documents: " + (", ".join(report["documents"]) or "-"),
            )
        except Exception:
            logger.exception("drafts: could not record the removal of %s", report["draft_id"])


def purge_expired(dry_run=False, now=None, user_id=SYSTEM_USER):
    """Remove every expired draft (in the caller's transaction); returns
    the reports ``{owner, draft_id, modified, documents}``."""
    reports = []
    for owner, draft in store.expired(now):
        reports.append(describe(owner, draft))
        if not dry_run:
            store.remove_draft(owner, draft.draft_id)
    if reports and not dry_run:
        transaction.get().addAfterCommitHook(_log, args=(reports, user_id))
    return reports
