"""The status of a complaint by its number, for anyone who has it.

One function for the page ``@@lacak-pengaduan`` and ``GET
@complaint-status``: kind, state, filing, due and answer dates and the
dated steps, never the complainant's identity, the text, the attachment or
who handles it.  The answer (and a rejection's reason, a forwarding's
agency) is added only for the logged-in complainant or with the access code
given at filing.  Lookups are rate-limited per client like ``@track``
(bucket ``complaint-status``: every attempt counts, found or not, right
code or wrong); the errors are those of application tracking (400
malformed, 404 unknown, 429), plus 403 for a wrong access code.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.applications.tracking import MalformedNumber
from ptsp_portal.applications.tracking import too_many_message
from ptsp_portal.applications.tracking import TooManyLookups
from ptsp_portal.applications.tracking import TrackingError
from ptsp_portal.applications.tracking import UnknownNumber
from ptsp_portal.complaints import deadline
from ptsp_portal.complaints.numbering import code_matches
from ptsp_portal.complaints.states import state_title
from ptsp_portal.constants import COMPLAINT
from ptsp_portal.content.complaint import COMPLAINT_NUMBER
from ptsp_portal.content.complaint import KIND_TITLES
from ptsp_portal.security import ratelimit

RATE_LIMIT_BUCKET = "complaint-status"
MISSING_MESSAGE = _("Masukkan nomor pengaduan.")
MALFORMED_MESSAGE = _(
    "Format nomor pengaduan tidak dikenal. Nomor pengaduan berbentuk "
    "ADU-TAHUN-NNNNNN, misalnya ADU-2026-000123."
)
UNKNOWN_MESSAGE = _("Nomor pengaduan tidak ditemukan. Periksa kembali nomor Anda.")
WRONG_CODE_MESSAGE = _("Kode akses tidak cocok dengan nomor pengaduan ini.")
# the states in which the office's words are there for the complainant
ANSWER_STATES = ("answered", "closed")

__all__ = ["MalformedNumber", "TooManyLookups", "TrackingError", "UnknownNumber", "WrongCode", "lookup"]


class WrongCode(TrackingError):
    status = 403
    error_type = "Forbidden"


def normalize(number):
    if not isinstance(number, str) or not number.strip():
        raise MalformedNumber(MISSING_MESSAGE)
    number = number.strip().upper()
    if not COMPLAINT_NUMBER.match(number):
        raise MalformedNumber(MALFORMED_MESSAGE)
    return number


def find(number):
    """The complaint numbered ``number`` (unrestricted), or None."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type=COMPLAINT, complaint_number=number)
    return brains[0]._unrestrictedGetObject() if brains else None


def is_complainant(complaint):
    if api.user.is_anonymous():
        return False
    user_id = api.user.get_current().getId()
    return bool(user_id) and user_id == complaint.complainant_id


def steps(complaint):
    """``[{date, state, title}]``, oldest first: when it entered each state."""
    history = (
        complaint.workflow_history.get("ptsp_complaint_workflow", ())
        if hasattr(complaint, "workflow_history")
        else ()
    )
    result = []
    for entry in history:
        state = entry.get("review_state")
        date = entry.get("time")
        result.append(
            {
                "date": date.asdatetime() if hasattr(date, "asdatetime") else date,
                "state": state,
                "title": state_title(state),
            }
        )
    return result


def status(complaint, code=None):
    """The public status of ``complaint``; raises ``WrongCode`` for a code
    given that does not match."""
    visible = is_complainant(complaint)
    if code:
        if not code_matches(complaint, code):
            raise WrongCode(WRONG_CODE_MESSAGE)
        visible = True
    state = api.content.get_state(obj=complaint, default=None)
    result = {
        "number": complaint.complaint_number,
        "kind": complaint.kind,
        "kind_title": KIND_TITLES.get(complaint.kind, complaint.kind),
        "review_state": state,
        "state_title": state_title(state),
        "filed": complaint.filed,
        "due_date": complaint.complaint_due,
        "answered_date": complaint.answered_date,
        "overdue": deadline.status(complaint.complaint_due, state) == "overdue",
        "steps": steps(complaint),
        "answer_visible": visible,
    }
    if visible:
        result["subject"] = complaint.complaint_subject
        result["answer"] = complaint.answer if state in ANSWER_STATES else None
        result["rejection_reason"] = complaint.rejection_reason if state == "rejected" else None
        result["forwarded_to"] = complaint.forwarded_to if state == "forwarded" else None
    return result


def lookup(request, number, code=None):
    """``status`` behind the per-client rate limit; raises ``TooManyLookups``
    (429), ``MalformedNumber`` (400), ``UnknownNumber`` (404) or
    ``WrongCode`` (403)."""
    try:
        ratelimit.check(request, RATE_LIMIT_BUCKET)
    except ratelimit.RateLimited as exc:
        raise TooManyLookups(too_many_message(exc.retry_after), exc.retry_after) from None
    number = normalize(number)
    complaint = find(number)
    if complaint is None:
        raise UnknownNumber(UNKNOWN_MESSAGE)
    return status(complaint, code if isinstance(code, str) else None)
