"""Retention: rejected and withdrawn applications lose their documents and
personal data once the office's retention period has passed (UU 27/2022
on personal data; the period follows the office's archive schedule, Jadwal
Retensi Arsip, under UU 43/2009).

The period is ``ptsp_portal.retention_days`` (Pengaturan PTSP), in calendar
days: archive schedules count years, not working days.  0, the default,
switches retention off.  An application is due when the day it was rejected
or withdrawn (office time) lies more than that many days before today: with
30 days, one rejected on 1 March is cleared from 1 April on.

Removed: every document (child File: the requirement uploads, the power of
attorney), the applicant fields, ``on_behalf_of``, the form answers, the
internal notes, the comments of every workflow step and the officers' notes
on the documents (free text, in which officers and applicants name people
and quote documents; the verdicts stay), and the link to
the citizen's account: the site's owner owns the application, no citizen is
its Owner, creator or filer, and the applicant's own steps (submission,
resubmission, withdrawal) lose their actor, so the record no longer says
who applied.  Kept: tracking number, permit type, state, submission and due
dates, every step with its date and the state it led to, and the officer
who took each officer step (the office's accountability), so that
``@track`` and statistics keep answering; the citizen still follows it by
its number, no longer in "my applications".  ``personal_data_removed`` says
when; the catalog entry is rewritten (no name in ``applicant_name``,
``SearchableText``, ``Creator``, ``allowedRolesAndUsers``).  The files and
values leave the database files (``Data.fs`` and blobs, RelStorage) at its
next pack: until then its history still holds them.

Due applications are found in the catalog (``closed_date`` index and the
``personal_data_removed`` column), so that a run wakes only those it clears.
Each cleared application is recorded, after its transaction committed, in
the access log (action ``retention``, what was removed in ``detail``) and in
the Zope event log.  Running again clears nothing twice.
"""

from DateTime import DateTime
from plone import api
from ptsp_portal import logger
from ptsp_portal.applications import checks
from ptsp_portal.applications.intake import drop_owner_role
from ptsp_portal.applications.revision import PENDING_KEY
from ptsp_portal.applications.timeline import actor_role
from ptsp_portal.audit import store
from ptsp_portal.audit.recording import RETENTION
from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.constants import FINAL_STATES
from ptsp_portal.constants import ON_BEHALF_OF
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.constants import RETENTION_STATES
from ptsp_portal.workflow.sla import now as office_now
from ptsp_portal.workflow.sla import office_zone
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations

import datetime
import json
import transaction

RECORD = "ptsp_portal.retention_days"
BATCH_SIZE = 50
CONFLICT_ATTEMPTS = 3
# the access log's user id when no person runs it (the script, cron)
SYSTEM_USER = "ptsp-retention"
# cleared to these values; the applicant fields to ""
CLEARED = {ON_BEHALF_OF: None, "form_data": {}, "internal_notes": None, "applicant_nik_verified": False}
PERSONAL_FIELDS = (*APPLICANT_FIELDS, ON_BEHALF_OF, "form_data", "internal_notes")


def closed_at(application):
    """When ``application`` entered its final state (a ``DateTime``), or
    None while it is not in one."""
    history = (getattr(application, "workflow_history", None) or {}).get(APPLICATION_WORKFLOW) or ()
    if not history:
        return None
    state = history[-1].get("review_state")
    if state not in FINAL_STATES:
        return None
    return history[-1].get("time")


def index_closing(application, event):
    """After a transition: ``closed_date`` follows (the workflow reindexes
    only ``review_state``)."""
    application.reindexObject(idxs=["closed_date"])


def retention_days():
    """The period in days; 0: retention is off."""
    try:
        days = api.portal.get_registry_record(RECORD, default=0)
    except api.exc.InvalidParameterError:
        days = 0
    return max(int(days or 0), 0)


def cutoff(days, today=None):
    """The first moment (aware, office time) an application closed at or
    after is kept: midnight starting the day ``days`` before ``today``."""
    today = today or office_now().date()
    day = today - datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=office_zone())


def due(days, today=None):
    """``[(path, tracking number)]`` of the applications to clear, read from
    the catalog; empty when ``days`` is 0."""
    if days <= 0:
        return []
    # DateIndex counts whole minutes and ``max`` includes its own: one
    # minute before the cutoff keeps everything closed from the cutoff on
    latest = DateTime(cutoff(days, today) - datetime.timedelta(minutes=1))
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=PERMIT_APPLICATION,
        review_state=list(RETENTION_STATES),
        closed_date={"query": latest, "range": "max"},
        sort_on="closed_date",
    )
    return [(brain.getPath(), brain.tracking_number) for brain in brains if not brain.personal_data_removed]


def _has_value(value):
    return value not in (None, "", {}, [], ())


def accounts_of(application):
    """The citizen accounts ``application`` names: its owner, creators and
    filer (never an officer: they act, they do not own)."""
    owner = application.getOwner()
    ids = {owner.getId()} if owner is not None else set()
    ids.update(application.listCreators())
    ids.update(principal for principal, roles in application.get_local_roles() if "Owner" in roles)
    if getattr(application, "filed_by", None):
        ids.add(application.filed_by)
    site_owner = api.portal.get().getOwner()
    ids.discard(site_owner.getId() if site_owner is not None else None)
    ids.discard(None)
    return ids


def holds(application):
    """What ``application`` holds that retention removes: ``documents`` (ids),
    ``fields`` (names with a value; ``account``: it is linked to a citizen's
    account), ``comments`` (steps with a comment)."""
    histories = getattr(application, "workflow_history", None) or {}
    fields = [name for name in PERSONAL_FIELDS if _has_value(getattr(application, name, None))]
    if accounts_of(application):
        fields.append("account")
    return {
        "documents": sorted(application.objectIds()),
        "fields": fields,
        "comments": sum(1 for history in histories.values() for step in history if step.get("comments")),
    }


def describe(application, removed):
    """One application's report line: what is (or would be) removed."""
    closed = closed_at(application)
    return {
        "tracking_number": application.tracking_number,
        "path": "/".join(application.getPhysicalPath()),
        "state": api.content.get_state(application, default=None),
        "closed": closed.asdatetime().astimezone(office_zone()).date().isoformat() if closed else "",
        **removed,
    }


def _unlink_accounts(application, accounts):
    """The site's owner owns it; no citizen is Owner, creator, filer or the
    actor of a step (the officers' steps keep their actor)."""
    site_owner = api.portal.get().getOwner()
    if site_owner is not None:
        application.changeOwnership(site_owner, recursive=False)
    drop_owner_role(application)
    application.setCreators(())
    application.filed_by = None
    histories = application.workflow_history
    for workflow_id, history in list(histories.items()):
        steps, before = [], None
        for step in history:
            applicants = step.get("actor") in accounts or actor_role(step.get("action"), before) == "Owner"
            steps.append(dict(step, comments="", actor="" if applicants else step.get("actor")))
            before = step.get("review_state")
        histories[workflow_id] = tuple(steps)


def clear(application, when=None):
    """Remove the documents and personal data of ``application`` (no check of
    state or period: ``run`` chooses); returns ``describe``'s report."""
    removed = holds(application)
    report = describe(application, removed)
    accounts = accounts_of(application)
    for document_id in removed["documents"]:
        application._delObject(document_id)
    for name in APPLICANT_FIELDS:
        setattr(application, name, "")
    for name, value in CLEARED.items():
        setattr(application, name, value)
    IAnnotations(application).pop(PENDING_KEY, None)
    checks.forget_notes(application)  # the officers' notes on the documents
    _unlink_accounts(application, accounts)
    application.personal_data_removed = when or office_now()
    # every index and the metadata, by name: a plain reindexObject() would
    # "modify" it, and that makes whoever runs retention its creator
    application.reindexObject(idxs=list(api.portal.get_tool("portal_catalog").indexes()))
    return report


def detail(report):
    """What the access log says was removed (names and counts, no values)."""
    return json.dumps(
        {key: report[key] for key in ("state", "closed", "documents", "fields", "comments")},
        sort_keys=True,
    )


def _log(status, reports, user_id):
    """After-commit hook: the access log and the event log say what went."""
    if not status:
        return
    for report in reports:
        logger.info(
            "retention: %s (%s %s) cleared: documents %s, fields %s, %s comments",
            report["tracking_number"],
            report["state"],
            report["closed"],
            ", ".join(report["documents"]) or "-",
            ", ".join(report["fields"]) or "-",
            report["comments"],
        )
        try:
            store.record(
                user_id,
                RETENTION,
                path=report["path"],
                tracking_number=report["tracking_number"],
                detail=detail(report),
            )
        except Exception:
            logger.exception("retention: access log could not record %s", report["tracking_number"])


def _batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _clear_batch(portal, batch, user_id, dry_run):
    reports = []
    for path, _number in batch:
        application = portal.unrestrictedTraverse(path, None)
        if application is None or application.personal_data_removed:
            continue
        if api.content.get_state(application, default=None) not in RETENTION_STATES:
            continue
        if dry_run:
            reports.append(describe(application, holds(application)))
        else:
            reports.append(clear(application))
    if reports and not dry_run:
        transaction.get().addAfterCommitHook(_log, args=(reports, user_id))
    return reports


def run(
    days=None, dry_run=False, commit=False, batch_size=BATCH_SIZE, user_id=SYSTEM_USER, today=None, limit=None
):
    """Clear every due application; returns ``{days, cutoff, dry_run,
    applications: [report]}``.

    ``commit``: commit after each batch of ``batch_size`` applications (the
    script), retrying a batch that conflicted with the portal's users;
    otherwise the caller's transaction holds them all (a request).
    ``dry_run``: report what would be removed, change nothing.  ``limit``:
    at most that many applications (the oldest first).
    """
    days = retention_days() if days is None else days
    portal = api.portal.get()
    result = {"days": days, "cutoff": cutoff(days, today) if days else None, "dry_run": dry_run}
    reports = []
    items = due(days, today)
    for batch in _batches(items[:limit] if limit else items, batch_size):
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                done = _clear_batch(portal, batch, user_id, dry_run)
                if commit and not dry_run:
                    transaction.commit()
                break
            except ConflictError:
                if not commit or attempt == CONFLICT_ATTEMPTS:
                    raise
                transaction.abort()
                logger.info("retention: batch conflicted, attempt %s of %s", attempt + 1, CONFLICT_ATTEMPTS)
        reports.extend(done)
    result["applications"] = reports
    return result
