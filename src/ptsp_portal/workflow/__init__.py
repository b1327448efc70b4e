"""The application workflow: step owners, local roles per permit type,
transition rules, the SLA clock and notifications (see configure.zcml)."""

from AccessControl.PermissionRole import rolesForPermissionOn
from plone import api
from ptsp_portal import _
from ptsp_portal import permissions
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.workflow.foureyes import barred_tokens

OFFICER_ROLES = ("Verifier", "TechnicalReviewer", "Approver")

# The officer step waiting in each state: the permission that moves it on
# and the role (and default group) that holds it.
STEPS = {
    "submitted": (permissions.VerifyApplication, "Verifier", "ptsp-verifiers"),
    "technical_review": (permissions.ReviewApplication, "TechnicalReviewer", "ptsp-reviewers"),
    "pending_approval": (permissions.ApproveApplication, "Approver", "ptsp-approvers"),
    "awaiting_payment": (permissions.RecordPayment, "Cashier", "ptsp-cashiers"),
}
COMMENT_REQUIRED = ("request_revision", "reject", "send_back", "revoke")
# waiving a bill (fees/): the applicant reads why
COMMENT_REQUIRED = (*COMMENT_REQUIRED, "waive_fee")
# ``revoke`` may carry a public reason (keyword of ``doActionFor``, key of the
# ``@workflow/revoke`` body, field of the application page's form): the only
# reason ``@@verifikasi`` and ``@verify`` show; the comment stays internal.
PUBLIC_REASON = "revocation_public_reason"
PUBLIC_REASON_MAX_LENGTH = 500

ROLE_TITLES = {
    "Verifier": _("Petugas Verifikasi"),
    "TechnicalReviewer": _("Tim Teknis"),
    "Approver": _("Pejabat Penandatangan"),
    "Cashier": _("Kasir"),
    "Owner": _("Pemohon"),
}


def state_title(state_id):
    """The Indonesian title of a state, from the workflow definition."""
    workflow = api.portal.get_tool("portal_workflow")[APPLICATION_WORKFLOW]
    state = workflow.states.get(state_id)
    return _(state.title) if state is not None else state_id


def actors(obj):
    """Roles and principals that can take the officer step waiting on ``obj``.

    The same shape as ``allowedRolesAndUsers`` (``user:<id>`` for local
    roles), for the permission of the current step, so "my actions" is one
    catalog query against the user's ``_listAllowedRolesAndUsers``; plus
    ``!user:<id>`` for the people four-eyes bars from that step, whom the
    query leaves out (``workflow.foureyes``).
    """

    state = api.content.get_state(obj, default=None)
    step = STEPS.get(state)
    if step is None:
        return []
    allowed = set(rolesForPermissionOn(step[0], obj))
    acl_users = api.portal.get_tool("acl_users")
    for principal, roles in acl_users._getAllLocalRoles(obj).items():
        if allowed.intersection(roles):
            allowed.add("user:" + principal)
    allowed.discard("Owner")
    return sorted(allowed) + barred_tokens(obj, state)
