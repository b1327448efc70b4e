"""The renewal cards of "Permohonan Saya": the logged-in holder's issued
permits that end within the longest reminder interval (or ended no longer
ago than that), not renewed yet.  One catalog query on the ``valid_until``
index among the holder's own applications (security-filtered, as
``applications.mine``); each card says whether a renewal draft exists."""

from plone import api
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.renewal.mail import renew_url
from ptsp_portal.renewal.policy import ISSUED
from ptsp_portal.renewal.policy import renewals
from ptsp_portal.renewal.reminders import intervals
from ptsp_portal.renewal.starting import existing_draft
from ptsp_portal.workflow.sla import today

import datetime


def cards(user_id, on=None):
    """``[{url, renew_url, tracking_number, permit_number, permit_type,
    valid_until, days_left, expired, draft_id}]``, soonest first."""
    days = intervals()
    if not user_id or not days:
        return []
    on = on or today()
    window = datetime.timedelta(days=max(days))
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.searchResults(
        portal_type=PERMIT_APPLICATION,
        Creator=user_id,
        review_state=ISSUED,
        valid_until={"query": (on - window, on + window), "range": "min:max"},
        sort_on="valid_until",
    )
    found = []
    for brain in brains:
        application = brain.getObject()
        if renewals(application):
            continue
        valid_until = application.valid_until
        draft = existing_draft(user_id, brain.UID)
        found.append(
            {
                "url": brain.getURL(),
                "renew_url": renew_url(application),
                "tracking_number": brain.tracking_number,
                "permit_number": application.permit_number,
                "permit_type": brain.permit_type_title,
                "valid_until": valid_until,
                "days_left": (valid_until - on).days,
                "expired": valid_until < on,
                "draft_id": draft.draft_id if draft is not None else None,
            }
        )
    return found
