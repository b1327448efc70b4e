"""A logged-in complainant's own complaints, for "Permohonan Saya".

The complainant holds no role on a complaint (only handlers see it), so
the catalog is asked unrestricted for the complaints whose creator is the
current account, and only what the status page shows is taken from the
brains: number, kind, subject, state, dates.
"""

from plone import api
from ptsp_portal.applications.mine import metadata
from ptsp_portal.complaints.states import badge
from ptsp_portal.complaints.states import state_title
from ptsp_portal.constants import COMPLAINT
from ptsp_portal.content.complaint import KIND_TITLES

TRACKING_VIEW = "lacak-pengaduan"


def my_complaints():
    if api.user.is_anonymous():
        return []
    user_id = api.user.get_current().getId()
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=COMPLAINT, Creator=user_id, sort_on="created", sort_order="descending"
    )
    portal_url = api.portal.get().absolute_url()
    rows = []
    for brain in brains:
        number = metadata(brain, "complaint_number")
        state = brain.review_state
        kind = metadata(brain, "complaint_kind")
        rows.append(
            {
                "number": number,
                "url": f"{portal_url}/@@{TRACKING_VIEW}?nomor={number}",
                "kind_title": KIND_TITLES.get(kind, kind or ""),
                "subject": metadata(brain, "complaint_subject") or "",
                "review_state": state,
                "state_title": state_title(state),
                "badge_class": badge(state),
                "filed": brain.created,
                "due_date": metadata(brain, "complaint_due"),
            }
        )
    return rows
