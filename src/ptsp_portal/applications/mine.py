"""The applications of the logged-in citizen ("Permohonan Saya").

One catalog query for the page ``@@permohonan-saya`` and the REST service
``@my-applications``: applications whose creator is the current user (the
intake makes the applicant the creator and the only Owner), through the
normal, security-filtered ``searchResults``, so an application the user may
no longer view is not listed either.  Rows are built from catalog metadata
only (no object is woken up).
"""

from Missing import Value as MissingValue
from plone import api
from ptsp_portal.applications import progress
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.oss.status import oss_status
from ptsp_portal.workflow import state_title
from ptsp_portal.workflow.sla import sla_status


def my_applications():
    """Brains of the current user's applications, newest first."""
    if api.user.is_anonymous():
        return []
    user_id = api.user.get_current().getId()
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.searchResults(
        portal_type=PERMIT_APPLICATION,
        Creator=user_id,
        sort_on="submitted",
        sort_order="descending",
    )


def metadata(brain, name):
    """A metadata column of ``brain``, None when missing."""
    value = getattr(brain, name, None)
    return None if value is MissingValue else value


def row(brain):
    """What the citizen sees of one application: ``url``,
    ``tracking_number``, ``permit_type``, ``review_state``, ``state_title``,
    ``state_colour``, ``oss_status_code``, ``oss_status_label``,
    ``badge_class``, ``submitted``, ``due_date``,
    ``sla`` (``ok``/``warning``/``overdue`` or None) and ``next_action``
    (``{id, title}``; ``id`` is ``fix``, ``wait``, ``download`` or
    ``closed``)."""
    state = metadata(brain, "review_state")
    due_date = metadata(brain, "due_date")
    return {
        "url": brain.getURL(),
        "tracking_number": metadata(brain, "tracking_number"),
        "permit_type": metadata(brain, "permit_type_title"),
        "review_state": state,
        "state_title": state_title(state) if state else "",
        "state_colour": progress.state_colour(state),
        **oss_status(state),
        "badge_class": progress.badge_class(state),
        "submitted": metadata(brain, "submitted"),
        "due_date": due_date,
        "sla": sla_status(due_date, state),
        "next_action": progress.next_action(state),
    }
