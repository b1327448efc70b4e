"""A decision (``issued`` or ``rejected``) invites the applicant to the
survey: the invitation is stored (its card shows in "Permohonan Saya") and
the mail is queued in the notifications' outbox (sent after commit; never
costs the transition)."""

from ptsp_portal.notifications.subscribers import outbox
from ptsp_portal.survey.invitations import invite
from ptsp_portal.survey.mail import invitation_mail
from ptsp_portal.workflow.sla import today
from ZODB.POSException import ConflictError

import logging

logger = logging.getLogger("ptsp_portal.survey")
DECIDED = ("issued", "rejected")


def on_transition(application, event):
    """``IAfterTransitionEvent`` of a PermitApplication."""
    if event.transition is None or event.new_state is None or event.new_state.id not in DECIDED:
        return
    token = invite(application, today().isoformat())
    if token is None:
        return
    try:
        outbox().add(invitation_mail(application, token))
    except ConflictError:
        raise
    except Exception:
        logger.exception("Survey invitation mail for %s failed", "/".join(application.getPhysicalPath()))
