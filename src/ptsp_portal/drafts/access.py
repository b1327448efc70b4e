"""A draft read by its owner goes into the access log, like an application
read by its applicant (``audit.recording``): ``rest`` for ``GET
@drafts/<draft_id>``, ``download`` for a document.  The path names the
account and the draft (``drafts/<user id>/<draft id>[/<document>]``), there
is no tracking number.  Written after the transaction committed, never
failing the request."""

from ptsp_portal import logger
from ptsp_portal.audit import store as access_log

import transaction


def _write(status, entry):
    if not status:
        return
    try:
        access_log.record(**entry)
    except Exception:
        logger.exception("access log: could not record %r", entry)


def record_read(request, user_id, action, path):
    entry = {
        "user_id": user_id,
        "action": action,
        "path": path,
        "roles": ("Owner",),
        "client": request.getClientAddr() or "",
    }
    transaction.get().addAfterCommitHook(_write, args=(entry,))
