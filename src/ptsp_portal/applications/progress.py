"""Where an application stands, in words a citizen understands.

Shared by "Permohonan Saya" (page and ``@my-applications``), the progress
stepper (``@@ptsp-stepper``, included by the application page) and public
tracking (``@@lacak``, ``@track``).  Pure functions of the review state and
the workflow history, so they work on catalog brains and in tests alike.

The stepper always shows the five stages of the service
(Diajukan → Verifikasi → Peninjauan Teknis → Persetujuan → Izin Terbit),
each ``done``, ``current``, ``next`` or ``skipped``; extra steps are
marked ``detour`` (``revision``: the file is with the applicant, after which
it goes back to verification) or ``outcome`` (``rejected``, ``withdrawn``,
``revoked``: status ``ended``).
"""

from ptsp_portal import _
from ptsp_portal.constants import APPLICATION_WORKFLOW

DONE = "done"
CURRENT = "current"
NEXT = "next"
SKIPPED = "skipped"
ENDED = "ended"

# (id, title) of the stages, in order
STAGES = (
    ("submitted", _("Diajukan")),
    ("verification", _("Verifikasi")),
    ("technical_review", _("Peninjauan Teknis")),
    ("approval", _("Persetujuan")),
    ("issued", _("Izin Terbit")),
)
# the stage an officer works on in each active state (index into STAGES)
STAGE_OF_STATE = {
    "submitted": 1,
    "revision": 1,  # resubmitting sends the file back to verification
    "technical_review": 2,
    "pending_approval": 3,
    "awaiting_payment": 3,  # billed: paying comes before the approval
}
DETOUR_TITLE = _("Perbaikan oleh pemohon")
OUTCOME_TITLES = {
    "rejected": _("Ditolak"),
    "withdrawn": _("Dibatalkan"),
    "revoked": _("Dicabut"),
}

# What the applicant must do now: (id, title)
WAIT = ("wait", _("Menunggu petugas"))
NEXT_ACTIONS = {
    "submitted": WAIT,
    "technical_review": WAIT,
    "pending_approval": WAIT,
    "awaiting_payment": ("pay", _("Bayar retribusi (SKRD)")),
    "revision": ("fix", _("Perbaiki dan ajukan kembali")),
    "issued": ("download", _("Unduh izin")),
    "rejected": ("closed", _("Selesai, permohonan ditutup")),
    "withdrawn": ("closed", _("Selesai, permohonan ditutup")),
    "revoked": ("closed", _("Selesai, permohonan ditutup")),
}

# A colour per state, in Bootstrap's names, for REST clients; pages use the
# classes ``ptsp-state ptsp-state-<state>`` of the application page (ptsp.css)
STATE_COLOURS = {
    "submitted": "primary",
    "revision": "warning",
    "technical_review": "primary",
    "pending_approval": "primary",
    "awaiting_payment": "warning",
    "issued": "success",
    "rejected": "danger",
    "withdrawn": "secondary",
    "revoked": "danger",
}


def state_colour(review_state):
    return STATE_COLOURS.get(review_state, "secondary")


def badge_class(review_state):
    """CSS classes of the state badge, as on the application page."""
    return f"badge ptsp-state ptsp-state-{review_state}"


def next_action(review_state):
    """``{"id", "title"}`` of what the applicant must do now."""
    action_id, title = NEXT_ACTIONS.get(review_state, WAIT)
    return {"id": action_id, "title": title}


def history_of(application):
    """The entries of the application workflow's history, oldest first."""
    history = getattr(application, "workflow_history", None) or {}
    return tuple(history.get(APPLICATION_WORKFLOW, ()))


def state_before(history, state):
    """The state the application was in before it last entered ``state``."""
    entries = list(history or ())
    for index in range(len(entries) - 1, 0, -1):
        if entries[index].get("review_state") == state:
            return entries[index - 1].get("review_state")
    return None


def _step(stage_id, title, status, kind="stage"):
    return {"id": stage_id, "title": title, "status": status, "kind": kind}


def steps(review_state, history=None):
    """The stepper of an application in ``review_state``.

    ``history`` is its workflow history (``history_of``); it only tells
    where a rejected or withdrawn application stopped (without it: at
    verification).  Returns a list of ``{id, title, status, kind}`` where
    ``kind`` is ``stage``, ``detour`` or ``outcome``.
    """
    stages = list(STAGES)
    if review_state == "issued":
        return [_step(i, t, DONE) for i, t in stages]
    if review_state == "revoked":
        return [_step(i, t, DONE) for i, t in stages] + [
            _step("revoked", OUTCOME_TITLES["revoked"], ENDED, "outcome")
        ]
    if review_state in ("rejected", "withdrawn"):
        stopped_in = state_before(history, review_state)
        if stopped_in == "revision" and review_state == "withdrawn":
            # withdrawn during a revision: the detour was the last step taken
            reached = STAGE_OF_STATE["revision"]
            result = [_step(i, t, DONE) for i, t in stages[:reached]]
            result.append(_step("revision", DETOUR_TITLE, DONE, "detour"))
        else:
            reached = STAGE_OF_STATE.get(stopped_in, 1)
            # a rejection is the officer's decision on that stage
            done = reached + 1 if review_state == "rejected" else reached
            result = [_step(i, t, DONE) for i, t in stages[:done]]
            reached = done
        result.append(_step(review_state, OUTCOME_TITLES[review_state], ENDED, "outcome"))
        result.extend(_step(i, t, SKIPPED) for i, t in stages[reached:])
        return result
    current = STAGE_OF_STATE.get(review_state, 1)
    result = [_step(i, t, DONE) for i, t in stages[:current]]
    if review_state == "revision":
        result.append(_step("revision", DETOUR_TITLE, CURRENT, "detour"))
        result.extend(_step(i, t, NEXT) for i, t in stages[current:])
        return result
    result.append(_step(*stages[current], CURRENT))
    result.extend(_step(i, t, NEXT) for i, t in stages[current + 1 :])
    return result


def steps_of(application, review_state=None):
    """``steps`` of an application object."""
    if review_state is None:
        from plone import api

        review_state = api.content.get_state(application, default=None)
    return steps(review_state, history_of(application))
