"""Reminders before a permit expires: once per permit per interval.

The intervals are the registry record ``ptsp_portal.renewal_reminder_days``
(Pengaturan PTSP, default ``[90, 30]``: days before ``valid_until``).  A
run (``scripts/renewal_reminders.py``, cron-able; ``remind()``) asks the
catalog for issued permits whose ``valid_until`` lies between today and
today + the longest interval (the ``valid_until`` index: no object of
any other permit is woken), and for each one not renewed yet
(``policy.renewals``) finds the smallest interval it has entered.  When
that interval is not among those already sent, the holder gets one mail
and the application records it in ``renewal_reminders`` (interval ->
the date sent), together with any longer interval that a missed day
skipped, so a late run sends one mail and never the skipped ones after
it.

Idempotent and safe to run twice at once: each permit is recorded and
committed in a transaction of its own, and the mail goes after that commit
(the notifications' outbox).  Two runs that reach the same permit write the
same object: the second commit raises ``ConflictError``, its transaction
is aborted (no mail) and the permit is looked at again, now with the first
run's record.
"""

from plone import api
from ptsp_portal import logger
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.notifications.subscribers import outbox
from ptsp_portal.renewal.mail import reminder_mail
from ptsp_portal.renewal.policy import ISSUED
from ptsp_portal.renewal.policy import renewals
from ptsp_portal.workflow.sla import today
from ZODB.POSException import ConflictError

import datetime
import transaction

RECORD = "ptsp_portal.renewal_reminder_days"
DEFAULT_DAYS = (90, 30)
SENT = "renewal_reminders"  # on the application: {days: "YYYY-MM-DD"}
ATTEMPTS = 3


def intervals():
    """The reminder intervals in days, longest first (none: no reminders)."""
    value = api.portal.get_registry_record(RECORD, default=None)
    if value is None:
        value = DEFAULT_DAYS
    return sorted({int(v) for v in value if isinstance(v, int) and v > 0}, reverse=True)


def sent(application):
    return dict(getattr(application, SENT, None) or {})


def due(valid_until, on, already, days):
    """``(interval, entered)``: the smallest interval ``valid_until`` has
    entered on ``on`` if it was not sent yet (else ``None``), and every
    interval entered.  Nothing after the permit expired."""
    left = (valid_until - on).days
    if left < 0:
        return None, []
    entered = [d for d in days if left <= d]
    if not entered or min(entered) in already:
        return None, entered
    return min(entered), entered


def candidates(on, days):
    """Brains of issued permits ending within the longest interval."""
    if not days:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type=PERMIT_APPLICATION,
        review_state=ISSUED,
        valid_until={"query": (on, on + datetime.timedelta(days=max(days))), "range": "min:max"},
        sort_on="valid_until",
    )


def remind_one(application, on, days, dry_run=False):
    """Record and queue the reminder ``application`` is due; return its
    report or None."""
    if api.content.get_state(application, default=None) != ISSUED or application.valid_until is None:
        return None
    already = sent(application)
    interval, entered = due(application.valid_until, on, already, days)
    if interval is None or renewals(application):
        return None
    report = {
        "permit_number": application.permit_number,
        "tracking_number": application.tracking_number,
        "valid_until": application.valid_until.isoformat(),
        "interval": interval,
        "to": application.applicant_email or "",
    }
    if dry_run:
        return report
    for days_ in entered:
        already.setdefault(days_, on.isoformat())
    setattr(application, SENT, already)
    outbox().add(reminder_mail(application, on))
    return report


def remind(on=None, dry_run=False, commit=True):
    """Send every reminder due on ``on`` (today, office time); return the
    reports.  ``commit``: one transaction per permit (the script); without
    it the caller's transaction holds everything (tests)."""
    on = on or today()
    days = intervals()
    reports = []
    for brain in candidates(on, days):
        path = brain.getPath()
        for attempt in range(ATTEMPTS):
            try:
                application = api.portal.get().unrestrictedTraverse(path)
                report = remind_one(application, on, days, dry_run=dry_run)
                if commit and not dry_run and report is not None:
                    transaction.commit()
                break
            except ConflictError:
                if not commit:
                    raise
                transaction.abort()
                logger.info("renewal reminders: %s changed meanwhile, again (%d)", path, attempt + 1)
        else:
            logger.warning("renewal reminders: %s skipped after %d conflicts", path, ATTEMPTS)
            report = None
        if report is not None:
            reports.append(report)
    return reports
