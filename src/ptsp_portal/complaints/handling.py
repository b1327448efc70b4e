"""The complaint handlers' steps, each with what it needs:

- ``assign``  (received -> in_progress): the unit or officer handling it;
- ``answer``  (in_progress -> answered): the answer, public to the complainant;
- ``close``   (answered -> closed);
- ``reject``  (received -> rejected): not a complaint, with the reason;
- ``forward`` (received -> forwarded): to another agency, named.

One function for the page ``@@tangani-pengaduan``: it sets the field the
transition's guard asks for, then fires the transition (the guard checks
"ptsp_portal: Handle complaints").  ``set_category`` keeps the free-text
SP4N-LAPOR! category.  A refusal is a ``HandlingError`` (field -> message).
"""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal import _
from ptsp_portal import permissions
from ptsp_portal.constants import COMPLAINT_WORKFLOW

# transition -> the field it needs (None: nothing), its error message
STEPS = {
    "assign": ("assigned_to", _("Sebutkan unit atau petugas yang menangani.")),
    "answer": ("answer", _("Tuliskan tanggapan untuk pelapor.")),
    "close": (None, None),
    "reject": ("rejection_reason", _("Tuliskan alasan penolakan.")),
    "forward": ("forwarded_to", _("Sebutkan instansi tujuan.")),
}
MAX_LENGTH = {"assigned_to": 200, "forwarded_to": 200, "answer": 10000, "rejection_reason": 2000}
CATEGORY_MAX = 200


class HandlingError(ValueError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors)


def may_handle(complaint):
    return api.user.has_permission(permissions.HandleComplaints, obj=complaint)


def available(complaint):
    """The steps of the complaint's state, for those who may handle it
    (each asks for its field before its guard lets it through)."""
    if not may_handle(complaint):
        return []
    workflow = api.portal.get_tool("portal_workflow").getWorkflowById(COMPLAINT_WORKFLOW)
    state = workflow.states[api.content.get_state(obj=complaint)]
    return [step for step in STEPS if step in state.transitions]


def take(complaint, transition, value=None):
    """Set the step's field from ``value`` and fire ``transition``."""
    if transition not in STEPS:
        raise HandlingError({"transition": _("Langkah tidak dikenal.")})
    if not may_handle(complaint):
        raise HandlingError({"transition": _("Anda tidak berwenang menangani pengaduan ini.")})
    field, message = STEPS[transition]
    if field is not None:
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            raise HandlingError({field: message})
        if len(text) > MAX_LENGTH[field]:
            raise HandlingError(
                {field: _("Paling panjang ${max} karakter.", mapping={"max": MAX_LENGTH[field]})}
            )
        setattr(complaint, field, text)
    try:
        api.portal.get_tool("portal_workflow").doActionFor(complaint, transition)
    except WorkflowException:
        raise HandlingError(
            {"transition": _("Langkah ini tidak dapat dilakukan pada status sekarang.")}
        ) from None


def set_category(complaint, category):
    if not may_handle(complaint):
        raise HandlingError({"lapor_category": _("Anda tidak berwenang menangani pengaduan ini.")})
    text = " ".join(category.split()) if isinstance(category, str) else ""
    if len(text) > CATEGORY_MAX:
        raise HandlingError(
            {"lapor_category": _("Paling panjang ${max} karakter.", mapping={"max": CATEGORY_MAX})}
        )
    complaint.lapor_category = text or None
