"""Public tracking of an application by its tracking number.

One function for the page ``@@lacak`` and the REST service ``@track``.
Anyone may look a number up, so the result holds only what the number's
holder needs to see where the file is: permit type, state, submitted and
due dates and the dated steps (state titles), never the applicant's name,
NIK, address, answers, documents, comments or officers.  The lookup is
unrestricted (anonymous users cannot see applications): it finds at most
one application by its ``tracking_number`` index and reads only the fields
above.  Lookups are rate-limited per client (``ratelimit``, bucket
``track``) so numbers cannot be enumerated.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.applications import progress
from ptsp_portal.applications.mine import metadata
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.content.application import TRACKING_NUMBER
from ptsp_portal.oss.status import oss_status
from ptsp_portal.security import ratelimit
from ptsp_portal.workflow import state_title

RATE_LIMIT_BUCKET = "track"


class TrackingError(Exception):
    """A lookup that gives no result: ``status`` (HTTP) and ``message``."""

    status = 400
    error_type = "BadRequest"

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class MalformedNumber(TrackingError):
    status = 400
    error_type = "BadRequest"


class UnknownNumber(TrackingError):
    status = 404
    error_type = "NotFound"


class TooManyLookups(TrackingError):
    status = 429
    error_type = "TooManyRequests"

    def __init__(self, message, retry_after):
        self.retry_after = retry_after
        super().__init__(message)


MISSING_MESSAGE = _("Masukkan nomor registrasi permohonan.")
MALFORMED_MESSAGE = _(
    "Format nomor registrasi tidak dikenal. Nomor registrasi berbentuk "
    "AWALAN-TAHUN-NNNNNN, misalnya PTSP-2026-000123."
)
UNKNOWN_MESSAGE = _("Nomor tidak ditemukan. Periksa kembali nomor registrasi Anda.")


def too_many_message(retry_after):
    return _(
        "Terlalu banyak pencarian dari alamat Anda. Silakan coba lagi dalam ${seconds} detik.",
        mapping={"seconds": retry_after},
    )


def normalize(number):
    """``" ptsp-2026-000123 "`` -> ``"PTSP-2026-000123"``; raises
    ``MalformedNumber``."""
    if not isinstance(number, str) or not number.strip():
        raise MalformedNumber(MISSING_MESSAGE)
    number = number.strip().upper()
    if not TRACKING_NUMBER.match(number):
        raise MalformedNumber(MALFORMED_MESSAGE)
    return number


def public_history(history, submitted=None):
    """``[{date, state, title}]``, oldest first, from the workflow
    ``history``: when the application entered each state.  The first entry
    (the submission) is dated ``submitted``."""
    entries = []
    for entry in history:
        state = entry.get("review_state")
        date = entry.get("time")
        if entry.get("action") is None and submitted is not None and not entries:
            date = submitted
        entries.append({"date": date, "state": state, "title": state_title(state)})
    return entries


def track(number):
    """The public status of the application with tracking number ``number``.

    Raises ``MalformedNumber`` or ``UnknownNumber``.  Returns a dict:
    ``tracking_number``, ``permit_type`` (title), ``review_state``,
    ``state_title``, ``state_colour``, ``oss_status_code`` and
    ``oss_status_label`` (``oss.status``), ``submitted`` (datetime),
    ``due_date`` (date), ``steps`` (``public_history``) and ``progress``
    (``progress.steps``).
    """
    number = normalize(number)
    catalog = api.portal.get_tool("portal_catalog")
    # the number alone: one FieldIndex lookup whatever the catalog's size
    # (adding portal_type intersected with the set of every application ever
    # made, a cost growing with the office's history); the type is checked
    # on the brain
    brains = catalog.unrestrictedSearchResults(tracking_number=number)
    brain = next((b for b in brains if b.portal_type == PERMIT_APPLICATION), None)
    if brain is None:
        raise UnknownNumber(UNKNOWN_MESSAGE)
    history = progress.history_of(brain._unrestrictedGetObject())
    state = metadata(brain, "review_state")
    submitted = metadata(brain, "submitted")
    return {
        "tracking_number": number,
        "permit_type": metadata(brain, "permit_type_title"),
        "review_state": state,
        "state_title": state_title(state),
        "state_colour": progress.state_colour(state),
        **oss_status(state),
        "submitted": submitted,
        "due_date": metadata(brain, "due_date"),
        "steps": public_history(history, submitted),
        "progress": progress.steps(state, history),
    }


def lookup(request, number):
    """``track`` behind the per-client rate limit (every attempt counts,
    found or not); raises ``TooManyLookups`` (429) or the errors of
    ``track``."""
    try:
        ratelimit.check(request, RATE_LIMIT_BUCKET)
    except ratelimit.RateLimited as exc:
        raise TooManyLookups(too_many_message(exc.retry_after), exc.retry_after) from None
    return track(number)
