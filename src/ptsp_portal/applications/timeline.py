"""The timeline of an application, from its workflow history.

Shared by the detail page and (later) the REST API.  Officers see who did
each step; the applicant sees the role of the step instead ("Petugas
Verifikasi"), never an officer's name or user id.  Comments are public to
the applicant: they are the reasons the citizen must read.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal import permissions
from ptsp_portal.applications import checks
from ptsp_portal.applications.progress import history_of
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.workflow import ROLE_TITLES
from ptsp_portal.workflow import state_title

# officers see names where they see the internal notes: one permission

# transition -> role; a dict per transition when it depends on the state it left
TRANSITION_ROLES = {
    None: "Owner",  # the submission that created the application
    "accept": "Verifier",
    "request_revision": {"submitted": "Verifier", "technical_review": "TechnicalReviewer"},
    "reject": {"submitted": "Verifier", "pending_approval": "Approver", "awaiting_payment": "Approver"},
    "recommend": "TechnicalReviewer",
    "approve": "Approver",
    "issue_bill": "TechnicalReviewer",
    "confirm_payment": "Cashier",
    "waive_fee": "Approver",
    "send_back": "Approver",
    "revoke": "Approver",
    "resubmit": "Owner",
    "withdraw": "Owner",
}
SUBMITTED_TITLE = _("Permohonan diajukan")
OFFICER_TITLE = _("Petugas")


def actor_role(action, from_state):
    """The role whose step ``action`` (taken in ``from_state``) is, or None."""
    role = TRANSITION_ROLES.get(action)
    if isinstance(role, dict):
        return role.get(from_state)
    return role


def can_see_names(application):
    """Officers (and managers) see who acted; the applicant does not."""
    return bool(api.user.has_permission(permissions.ViewInternalNotes, obj=application))


def _fullname(user_id, cache):
    if user_id not in cache:
        user = api.user.get(userid=user_id) if user_id else None
        name = user.getProperty("fullname", "") if user is not None else ""
        cache[user_id] = name or user_id or ""
    return cache[user_id]


def _owner_id(application):
    """The applicant's user id; only asked for when names are shown, since
    ``getOwner`` is a lookup in acl_users."""
    owner = application.getOwner()
    return owner.getId() if owner is not None else None


def transition_title(workflow, action):
    """The title message of ``action`` in ``workflow`` (the workflow object);
    the submission (``None``) has its own, an unknown action its id."""
    if action is None:
        return SUBMITTED_TITLE
    transition = workflow.transitions.get(action) if workflow is not None else None
    return _(transition.title) if transition is not None and transition.title else action


def timeline(application, show_names=None):
    """The steps of ``application``, oldest first, as dicts:

    ``time`` (DateTime), ``action`` (transition id, None for the submission),
    ``action_title``, ``from_state``/``from_title`` (None for the submission),
    ``to_state``/``to_title``, ``role`` and ``role_title`` (who in the office
    acts), ``actor`` (the full name for officers, the role title otherwise),
    ``comment``, ``changes`` (labels of what the applicant corrected, on a
    resubmit step); and ``actor_id`` only when ``show_names``.  Officers
    (``show_names``) also get the saved document checks
    (``checks.timeline_steps``: action ``document_check``, no states).

    ``show_names`` defaults to whether the current user may see internal
    notes, i.e. is an officer.
    """
    if show_names is None:
        show_names = can_see_names(application)
    history = history_of(application)
    workflow = api.portal.get_tool("portal_workflow").get(APPLICATION_WORKFLOW)
    names = {}
    steps = []
    previous = None
    for entry in history:
        action = entry.get("action")
        to_state = entry.get("review_state")
        from_state = previous
        previous = to_state
        role = actor_role(action, from_state)
        role_title = ROLE_TITLES.get(role, OFFICER_TITLE)
        step = {
            "time": entry.get("time"),
            "action": action,
            "action_title": transition_title(workflow, action),
            "from_state": from_state,
            "from_title": state_title(from_state) if from_state else None,
            "to_state": to_state,
            "to_title": state_title(to_state) if to_state else None,
            "role": role,
            "role_title": role_title,
            "comment": (entry.get("comments") or "").strip(),
            # what the applicant corrected before resubmitting (ptsp_portal.applications.revision)
            "changes": list(entry.get("changes") or ()),
        }
        if show_names:
            # the submission is the applicant's, whoever ran the intake code
            actor_id = _owner_id(application) if action is None else entry.get("actor")
            step["actor_id"] = actor_id
            step["actor"] = _fullname(actor_id, names) or role_title
        else:
            step["actor"] = role_title
        steps.append(step)
    if show_names:
        # officers also see the document checks (applications.checks)
        for step in checks.timeline_steps(application):
            step["role_title"] = OFFICER_TITLE
            step["actor"] = _fullname(step["actor_id"], names) or OFFICER_TITLE
            steps.append(step)
        steps.sort(key=lambda s: s["time"])
    return steps
