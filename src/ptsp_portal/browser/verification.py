"""``/@@verifikasi/<code>``: anyone (a bank, a police officer, a landlord)
checks a permit from the QR code printed on it.

Shows only what ``documents.verification.verify`` returns: status, permit
number, permit type, the holder's masked name, dates and, when revoked, the
date and reason.  Unknown or malformed codes get a plain 404 page; too many
lookups from one address a 429 page (``ratelimit``, bucket ``verify``).
"""

from plone import api
from Products.Five.browser import BrowserView
from ptsp_portal import _
from ptsp_portal.documents.formatting import indonesian_date
from ptsp_portal.documents.verification import MalformedCode
from ptsp_portal.documents.verification import STATUS_TITLES
from ptsp_portal.documents.verification import too_many_message
from ptsp_portal.documents.verification import verify
from ptsp_portal.security import ratelimit
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

STATUS_CLASSES = {
    "valid": "alert-success",
    "expired": "alert-warning",
    "revoked": "alert-danger",
}


@implementer(IPublishTraverse)
class VerificationView(BrowserView):
    code = None
    result = None
    # "form" (no code given), "found", "unknown", "limited"
    outcome = "form"
    retry_after = None

    def publishTraverse(self, request, name):
        if self.code is None:
            self.code = name
            return self
        raise NotFound(self, name, request)

    def __call__(self):
        response = self.request.response
        response.setHeader("Cache-Control", "no-store")
        response.setHeader("X-Robots-Tag", "noindex, nofollow")
        code = self.code or (self.request.form.get("code") or "").strip() or None
        if code is not None:
            self.lookup(code)
        return self.index()

    def lookup(self, code):
        response = self.request.response
        try:
            ratelimit.check(self.request, "verify")
        except ratelimit.RateLimited as exc:
            self.outcome = "limited"
            self.retry_after = exc.retry_after
            response.setStatus(429)
            response.setHeader("Retry-After", str(exc.retry_after))
            return
        try:
            self.result = verify(code)
        except MalformedCode:
            self.result = None
        if self.result is None:
            self.outcome = "unknown"
            response.setStatus(404)
        else:
            self.outcome = "found"

    def form_url(self):
        return f"{api.portal.get().absolute_url()}/@@verifikasi"

    def status_title(self):
        return _(STATUS_TITLES[self.result["status"]])

    def status_class(self):
        return STATUS_CLASSES[self.result["status"]]

    def date(self, value):
        return indonesian_date(value)

    def limited_message(self):
        return too_many_message(self.retry_after)
