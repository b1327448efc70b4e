"""Who may renew which permit, and when a permit counts as renewed.

Only the applicant (the account holding the local ``Owner`` role that the
intake gave, ``applications.intake.set_owner``) renews, never an officer,
a Manager or another citizen.  A permit is renewable while its application
is ``issued`` and it has a ``valid_until`` (its permit type has
``validity_years``; expired permits still in ``issued`` too).  It counts as
renewed once an application with ``renewal_of_uid`` naming it exists that
was not rejected or withdrawn (its saved draft does not count: pressing
"Perpanjang" again continues that draft).
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.constants import PERMIT_APPLICATION

ISSUED = "issued"
CLOSED = ("rejected", "withdrawn")
RENEWAL_OF = "renewal_of"  # the old permit number (catalog column)
RENEWAL_OF_UID = "renewal_of_uid"  # the old application's UID (catalog index)


class RenewalRefused(Exception):
    """Why a permit cannot be renewed now: ``status`` (HTTP) and ``message``."""

    status = 400
    error_type = "BadRequest"

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class NotOwner(RenewalRefused):
    status = 403
    error_type = "Forbidden"


class NotIssued(RenewalRefused):
    status = 409
    error_type = "Conflict"


class NotRenewable(RenewalRefused):
    status = 400
    error_type = "BadRequest"


class AlreadyRenewed(RenewalRefused):
    status = 409
    error_type = "Conflict"


NOT_OWNER = _("Hanya pemegang izin yang dapat memperpanjang izin ini.")
NOT_ISSUED = _("Hanya izin yang sudah terbit dan belum dicabut yang dapat diperpanjang.")
NOT_RENEWABLE = _("Izin ini berlaku selama kegiatan berjalan, tanpa masa berlaku: tidak perlu diperpanjang.")


def owner_ids(application):
    """The accounts holding the local ``Owner`` role (the applicant)."""
    return {principal for principal, roles in application.get_local_roles() if "Owner" in roles}


def is_holder(application, user_id):
    return bool(user_id) and user_id in owner_ids(application)


def renewals(application):
    """Brains of the open or decided renewals of ``application`` (not
    rejected or withdrawn), unrestricted."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=PERMIT_APPLICATION, **{RENEWAL_OF_UID: application.UID()}
    )
    return [brain for brain in brains if brain.review_state not in CLOSED]


def is_renewable(application):
    """Issued, with a validity, not renewed yet (whoever asks)."""
    return (
        api.content.get_state(application, default=None) == ISSUED
        and getattr(application, "valid_until", None) is not None
        and not renewals(application)
    )


def check(application, user_id):
    """Raise ``RenewalRefused`` unless ``user_id`` may renew now."""
    if not is_holder(application, user_id):
        raise NotOwner(NOT_OWNER)
    if api.content.get_state(application, default=None) != ISSUED:
        raise NotIssued(NOT_ISSUED)
    if getattr(application, "valid_until", None) is None:
        raise NotRenewable(NOT_RENEWABLE)
    found = renewals(application)
    if found:
        raise AlreadyRenewed(
            _(
                "Izin ini sudah diperpanjang dengan permohonan ${number}.",
                mapping={"number": found[0].tracking_number},
            )
        )
