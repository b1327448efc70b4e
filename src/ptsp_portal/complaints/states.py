"""Titles of the complaint workflow's states, from its definition."""

from plone import api
from ptsp_portal import _
from ptsp_portal.constants import COMPLAINT_WORKFLOW

# Bootstrap badge colours of the states, for the pages
STATE_BADGES = {
    "received": "bg-primary",
    "in_progress": "bg-info text-dark",
    "answered": "bg-success",
    "closed": "bg-secondary",
    "rejected": "bg-danger",
    "forwarded": "bg-warning text-dark",
}


def workflow_states():
    """``[(state id, Indonesian title message)]`` in workflow order."""
    workflow = api.portal.get_tool("portal_workflow").getWorkflowById(COMPLAINT_WORKFLOW)
    if workflow is None:
        return []
    return [(state.id, _(state.title)) for state in workflow.states.objectValues()]


def state_title(state_id):
    return dict(workflow_states()).get(state_id, state_id)


def badge(state_id):
    return "badge " + STATE_BADGES.get(state_id, "bg-secondary")
