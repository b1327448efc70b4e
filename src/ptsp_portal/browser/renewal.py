"""Renewal pages (``ptsp_portal.renewal``):

- ``<application>/@@perpanjang``: the holder renews.  GET explains what
  happens (or why it cannot) with one button; POST (form token) makes or
  continues the renewal draft and opens the permit form on it
  (``?draf=<id>``).  Anyone but the holder is refused like a page they may
  not see (Unauthorized: the login form or "insufficient privileges").
- ``<application>/@@ptsp-perpanjangan``: the renewal panel of the
  application page: "Berlaku sampai" of an issued permit with its
  "Perpanjang" for the holder, or the permit a renewal renews, for
  everyone who sees the application (officers: "Permohonan perpanjangan").
- ``@@perpanjangan-saya``: the renewal cards of "Permohonan Saya".
"""

from AccessControl import Unauthorized
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.limits import LimitExceeded
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.drafts.listing import form_url
from ptsp_portal.i18n.formatting import format_date
from ptsp_portal.renewal import policy
from ptsp_portal.renewal.cards import cards
from ptsp_portal.renewal.starting import existing_draft
from ptsp_portal.renewal.starting import start
from zope.i18n import translate

import transaction


def _user_id():
    return None if api.user.is_anonymous() else api.user.get_current().getId()


class RenewView(BrowserView):
    refusal = None
    draft = None

    def __call__(self):
        user_id = _user_id()
        if user_id is None or not policy.is_holder(self.context, user_id):
            raise Unauthorized("Only the holder renews a permit.")
        self.request.response.setHeader("Cache-Control", "private, no-store")
        if self.request.get("REQUEST_METHOD", "GET").upper() == "POST":
            CheckAuthenticator(self.request)
            return self.renew(user_id)
        try:
            policy.check(self.context, user_id)
        except policy.RenewalRefused as exc:
            self.refusal = exc.message
        self.draft = existing_draft(user_id, self.context.UID())
        return self.index()

    def renew(self, user_id):
        try:
            draft, created = start(self.context, user_id)
        except policy.RenewalRefused as exc:
            transaction.doom()
            self.refusal = exc.message
            self.request.response.setStatus(exc.status)
            return self.index()
        except IntakeError as exc:
            transaction.doom()
            status = 400
            if isinstance(exc, LimitExceeded):
                status = 429
                self.request.response.setHeader("Retry-After", str(exc.retry_after))
            self.request.response.setStatus(status)
            self.refusal = " ".join(translate(m, context=self.request) for m in exc.errors.values())
            return self.index()
        message = (
            _(
                "Permohonan perpanjangan izin ${number} sudah terisi dari permohonan lama: periksa "
                "jawaban dan dokumen, lengkapi yang kurang, lalu kirim.",
                mapping={"number": self.context.permit_number},
            )
            if created
            else _(
                "Lanjutkan permohonan perpanjangan izin ${number}.",
                mapping={"number": self.context.permit_number},
            )
        )
        IStatusMessage(self.request).add(message, type="info")
        self.request.response.redirect(form_url(draft))
        return ""

    def valid_until(self):
        return format_date(self.context.valid_until)

    def permit_type_title(self):
        permit_type = self.context.permit_type_object()
        return permit_type.Title() if permit_type is not None else ""

    def continue_url(self):
        return form_url(self.draft) if self.draft is not None else None


class RenewalPanel(BrowserView):
    """The renewal facts of one application (an include of the page)."""

    def holder(self):
        return policy.is_holder(self.context, _user_id())

    def valid_until(self):
        value = getattr(self.context, "valid_until", None)
        return format_date(value) if value else None

    def can_renew(self):
        return self.holder() and policy.is_renewable(self.context)

    def renew_url(self):
        return f"{self.context.absolute_url()}/@@perpanjang"

    def renewal_of(self):
        """``{number, url}`` of the permit this application renews (the
        link only for who may open it), or None."""
        number = getattr(self.context, policy.RENEWAL_OF, None)
        uid = getattr(self.context, policy.RENEWAL_OF_UID, None)
        if not number and not uid:
            return None
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.searchResults(portal_type=PERMIT_APPLICATION, UID=uid) if uid else []
        return {"number": number, "url": brains[0].getURL() if brains else None}

    def renewed_by(self):
        """Brains of this permit's renewals the viewer may see."""
        if getattr(self.context, "valid_until", None) is None:
            return []
        catalog = api.portal.get_tool("portal_catalog")
        return list(
            catalog.searchResults(
                portal_type=PERMIT_APPLICATION, **{policy.RENEWAL_OF_UID: self.context.UID()}
            )
        )


class RenewalCards(BrowserView):
    """``@@perpanjangan-saya``: the section of "Permohonan Saya"."""

    def cards(self):
        found = cards(_user_id())
        for card in found:
            card["valid_until_text"] = format_date(card["valid_until"])
        return found
