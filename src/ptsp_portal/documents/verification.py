"""Public verification of an issued permit by its code.

``verify(code)`` is the only function the ``@@verifikasi`` page and the REST
``@verify`` service call.  It finds the application through the catalog
(FieldIndex ``verification_code``, never by walking content) and returns a
deliberately small dict: status, permit number, permit type, the holder's
name masked, issue and expiry dates, and for a revoked permit the date and
the public reason of the revocation (given with ``revoke`` as
``revocation_public_reason``, else a neutral sentence: never the approver's
workflow comment, which is internal).  Nothing else (no NIK, address,
answers, documents, comments or URLs) leaves this module.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.documents.formatting import as_date
from ptsp_portal.documents.formatting import mask_name
from ptsp_portal.workflow.sla import office_zone
from ptsp_portal.workflow.sla import today
from zope.globalrequest import getRequest
from zope.i18n import translate

import re

CODE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"
STATUS_TITLES = {
    VALID: _("Berlaku"),
    EXPIRED: _("Kedaluwarsa"),
    REVOKED: _("Dicabut"),
}
NO_PUBLIC_REASON = _("Izin ini telah dicabut oleh instansi penerbit.")
FIELDS = (
    "status",
    "permit_number",
    "permit_type",
    "holder_name",
    "issued_date",
    "valid_until",
    "revoked_date",
    "revocation_reason",
)


class MalformedCode(ValueError):
    """Not a verification code at all (characters or length)."""


def too_many_message(retry_after):
    """What one address that looks up too often reads (page and REST)."""
    return _(
        "Terlalu banyak permintaan verifikasi dari alamat Anda. Coba lagi dalam ${seconds} detik.",
        mapping={"seconds": retry_after},
    )


def well_formed(code):
    return isinstance(code, str) and bool(CODE.match(code))


def _portal_date(value):
    """A Zope ``DateTime`` as the calendar day in the portal's time zone."""
    if value is None:
        return None
    moment = value.asdatetime() if hasattr(value, "asdatetime") else value
    if getattr(moment, "tzinfo", None) is not None:
        moment = moment.astimezone(office_zone())
    return as_date(moment)


def revocation(application):
    """``(date, public reason)`` of the last ``revoke``: the date from the
    workflow history, the reason from ``revocation_public_reason`` or
    ``NO_PUBLIC_REASON`` (translated), never the history's comment."""
    reason = (getattr(application, "revocation_public_reason", None) or "").strip()
    reason = reason or translate(NO_PUBLIC_REASON, context=getRequest())
    history = (getattr(application, "workflow_history", None) or {}).get(APPLICATION_WORKFLOW, ())
    for entry in reversed(history):
        if entry.get("action") == "revoke":
            return _portal_date(entry.get("time")), reason
    return None, reason


def _iso(value):
    value = as_date(value)
    return value.isoformat() if value is not None else None


def verify(code, on=None):
    """The public facts of the permit with ``code`` (a dict with ``FIELDS``),
    or ``None`` when no issued or revoked permit has it.

    Raises ``MalformedCode`` when ``code`` cannot be a verification code.
    Dates are ISO strings (``valid_until`` ``None``: no expiry).
    """
    if not well_formed(code):
        raise MalformedCode(code)
    catalog = api.portal.get_tool("portal_catalog")
    # the code alone: one FieldIndex lookup, whatever the catalog's size (adding
    # portal_type would intersect with every application ever made)
    brains = catalog.unrestrictedSearchResults(verification_code=code)
    brain = next(
        (
            b
            for b in brains
            # compared again, defensively: the brain must carry this very code
            if getattr(b, "verification_code", None) == code
            and b.portal_type == PERMIT_APPLICATION
            and b.review_state in ("issued", "revoked")
        ),
        None,
    )
    if brain is None:
        return None
    if on is None:
        on = today()
    valid_until = as_date(brain.valid_until)
    result = {
        "status": VALID,
        "permit_number": brain.permit_number,
        "permit_type": brain.permit_type_title,
        "holder_name": mask_name(brain.applicant_name),
        "issued_date": _iso(brain.issued_date),
        "valid_until": _iso(valid_until),
        "revoked_date": None,
        "revocation_reason": None,
    }
    if brain.review_state == "revoked":
        revoked_on, reason = revocation(brain._unrestrictedGetObject())
        result.update(status=REVOKED, revoked_date=_iso(revoked_on), revocation_reason=reason)
    elif valid_until is not None and valid_until < on:
        result["status"] = EXPIRED
    return result
