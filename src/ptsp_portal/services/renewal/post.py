"""``POST <application-url>/@renew`` (no body needed)

The holder renews an issued permit: a saved draft of the same permit type
prefilled from this application (``ptsp_portal.renewal.starting``), which
the client reviews (``GET @drafts/<draft_id>``) and submits with
``POST <permit type>/@apply`` ``{"draft_id": ..., <further answers>}``;
the application made of it carries ``renewal_of``.

- ``201`` a new draft, ``200`` the renewal draft that exists already
  (pressing "Perpanjang" twice continues it): the draft as ``GET
  @drafts/<draft_id>`` describes it, with ``renewal_of`` ``{uid,
  permit_number, tracking_number, valid_until}``; ``Location``: the draft;
- ``400`` the permit has no validity (its permit type has no
  ``validity_years``: it never needs renewing), or the permit type is not
  online; ``409`` the application is not ``issued`` (in process, rejected,
  withdrawn, revoked) or the permit was renewed already (an application
  renewing it exists that was not rejected or withdrawn); ``429`` the
  account's limits;
- ``401`` anonymous (or who may not see the application), ``403`` anyone
  but the holder (another citizen who can see it, an officer, a Manager),
  and a cookie-authenticated request that is not ``application/json`` or
  comes from another site.
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from ptsp_portal import _
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.limits import LimitExceeded
from ptsp_portal.audit.recording import REST
from ptsp_portal.drafts.access import record_read
from ptsp_portal.drafts.listing import describe
from ptsp_portal.forms.checks import translate_errors
from ptsp_portal.renewal.policy import RenewalRefused
from ptsp_portal.renewal.starting import start
from ptsp_portal.services.base import JSONPostService
from zope.interface import alsoProvides


class RenewPost(JSONPostService):
    def body_limit(self):
        return 64 * 1024

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Cache-Control", "private, no-store")
        if api.user.is_anonymous():
            return self.error(401, "Unauthorized", _("Silakan masuk (login) terlebih dahulu."))
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        user_id = api.user.get_current().getId()
        try:
            draft, created = start(self.context, user_id)
        except RenewalRefused as exc:
            return self.error(exc.status, exc.error_type, exc.message)
        except IntakeError as exc:
            if isinstance(exc, LimitExceeded):
                self.request.response.setHeader("Retry-After", str(exc.retry_after))
                return self.error(429, "TooManyRequests", next(iter(exc.errors.values())))
            return self.error(
                400,
                "ValidationError",
                _("Izin ini belum dapat diperpanjang secara daring."),
                translate_errors(exc.errors, self.request),
            )
        # the old answers and documents, now the draft's: read by the holder
        record_read(self.request, user_id, REST, f"drafts/{user_id}/{draft.draft_id}")
        result = describe(draft, self.request)
        result["renewal_of"] = dict(draft.renewal_of)
        self.request.response.setStatus(201 if created else 200)
        self.request.response.setHeader("Location", result["@id"])
        return result
