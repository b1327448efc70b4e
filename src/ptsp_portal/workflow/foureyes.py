"""Four-eyes: who took part in an earlier step of an application may not
take a later one (registry record ``ptsp_portal.four_eyes``, on by default).

The officer who accepted the documents (``accept``) may not ``recommend`` or
``approve`` the application; the officer who recommended it may not
``approve`` it.  Every earlier ``accept`` and ``recommend`` of the
application's workflow history counts (after a revision or a send-back the
people of the earlier rounds stay barred).  Managers are included: the rule
is about the person, not the role, and switching it off is a visible
setting in Pengaturan PTSP.

The workflow's guards of ``recommend`` and ``approve`` call ``allows`` of
the ``@@ptsp-four-eyes`` view, so the transition is neither offered nor
taken (``doActionFor`` checks the guard); ``refusal`` says why, for the
application page and ``@workflow``.  ``barred_tokens`` lets the queue's
"my tasks" leave out the applications a user may not move on.
"""

from AccessControl import getSecurityManager
from plone import api
from Products.Five.browser import BrowserView
from ptsp_portal import _
from ptsp_portal.constants import APPLICATION_WORKFLOW

RECORD = "ptsp_portal.four_eyes"
# transition -> the earlier transitions whose actors may not take it
EARLIER = {
    "recommend": ("accept",),
    "approve": ("accept", "recommend"),
}
# recommending with a bill (fees/) is recommending
EARLIER["approve"] = (*EARLIER["approve"], "issue_bill")
# the guarded transition that moves each state on
STEP_TRANSITIONS = {
    "technical_review": "recommend",
    "pending_approval": "approve",
}
BARRED_PREFIX = "!user:"


def enabled():
    try:
        return bool(api.portal.get_registry_record(RECORD, default=True))
    except api.exc.CannotGetPortalError:
        return True


def earlier_actors(application, transition_id):
    """User ids of everyone who took a step barring them from ``transition_id``."""
    earlier = EARLIER.get(transition_id)
    if not earlier:
        return set()
    history = (getattr(application, "workflow_history", None) or {}).get(APPLICATION_WORKFLOW, ())
    return {entry.get("actor") for entry in history if entry.get("action") in earlier} - {None}


def current_user_id():
    return getSecurityManager().getUser().getId()


def barred(application, transition_id, user_id=None):
    """True when four-eyes is on and ``user_id`` (the current user) took an
    earlier step of ``application`` that bars ``transition_id``."""
    if transition_id not in EARLIER or not enabled():
        return False
    user_id = user_id or current_user_id()
    return user_id is not None and user_id in earlier_actors(application, transition_id)


def refusal(application, transition_id, user_id=None):
    """The message telling the current user why they may not take
    ``transition_id``, or ``None`` when four-eyes does not bar them."""
    if not barred(application, transition_id, user_id):
        return None
    if transition_id == "recommend":
        return _(
            "Prinsip empat mata: petugas yang menerima berkas permohonan ini tidak boleh "
            "juga merekomendasikannya."
        )
    return _(
        "Prinsip empat mata: petugas yang menerima berkas atau merekomendasikan permohonan "
        "ini tidak boleh juga menyetujuinya."
    )


def barred_tokens(application, state):
    """``!user:<id>`` of everyone barred from the step waiting in ``state``
    (indexed in ``ptsp_actors`` whatever the setting; the queue excludes
    them only while four-eyes is on)."""
    transition_id = STEP_TRANSITIONS.get(state)
    if transition_id is None:
        return []
    return sorted(BARRED_PREFIX + actor for actor in earlier_actors(application, transition_id))


class FourEyesView(BrowserView):
    """``@@ptsp-four-eyes``: the workflow guards' question, asked as
    ``python:here.restrictedTraverse('@@ptsp-four-eyes').allows('approve')``."""

    def allows(self, transition_id):
        return not barred(self.context, transition_id)

    def __call__(self):
        return ""
