"""``GET /ptsp/++api++/@cashier[?bill=<number>]`` and ``POST`` ``{"bill",
"reference"}``: the cash desk for the group ``ptsp-cashiers`` (permission
``ptsp_portal: Record payment`` on ``/permohonan``; 403 for anyone else).
GET lists the unpaid bills, or shows one bill (with the applicant's name:
written to the access log); POST records its payment with the receipt's
reference and moves the application on (``fees.payment.record_payment``,
the same call as the page ``@@kasir``)."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.fees import bills
from ptsp_portal.fees import desk
from ptsp_portal.fees import payment
from ptsp_portal.services.base import JSONPostService
from zope.i18n import translate
from zope.interface import alsoProvides


def forbidden(service):
    service.request.response.setStatus(403)
    return {
        "error": {
            "type": "Forbidden",
            "message": translate(_("Hanya kasir yang dapat membuka halaman ini."), context=service.request),
        }
    }


def not_found(service):
    service.request.response.setStatus(404)
    return {
        "error": {
            "type": "NotFound",
            "message": translate(_("Nomor SKRD tidak dikenal."), context=service.request),
        }
    }


class CashierGet(Service):
    def reply(self):
        if not desk.may_record():
            return forbidden(self)
        number = self.request.form.get("bill")
        if not number:
            return {"@id": f"{self.context.absolute_url()}/@cashier", "unpaid": desk.unpaid()}
        application, bill = bills.find(str(number).strip())
        if bill is None:
            return not_found(self)
        desk.log_reading(
            self.request, application, desk.AUDIT_REST, "/".join(self.context.getPhysicalPath()) + "/@cashier"
        )
        return desk.describe(application, bill)


class CashierPost(JSONPostService):
    def body_limit(self):
        return 4096

    def reply(self):
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        # a JSON client has no form token: refuse_cross_site is the CSRF check
        alsoProvides(self.request, IDisableCSRFProtection)
        if not desk.may_record():
            return forbidden(self)
        try:
            body = self.read_body()
        except ValueError as exc:
            return self.error(400, "BadRequest", exc.args[0])
        number = body.get("bill") if isinstance(body, dict) else None
        application, bill = bills.find(number.strip()) if isinstance(number, str) else (None, None)
        if bill is None:
            payment.log_refusal(
                "unknown bill", self.request.getClientAddr() or "", str(number or ""), user_id=_user()
            )
            return self.error(404, "NotFound", _("Nomor SKRD tidak dikenal."))
        try:
            changed = payment.record_payment(
                application, bill, body.get("reference"), payment.CASHIER, recorded_by=_user()
            )
        except payment.PaymentError as exc:
            payment.log_refusal(
                str(exc.status), self.request.getClientAddr() or "", number, application, _user()
            )
            errors = {k: translate(v, context=self.request) for k, v in (exc.errors or {}).items()} or None
            return self.error(
                exc.status, "BadRequest" if exc.status == 400 else "Conflict", exc.message, errors
            )
        return {**desk.describe(application, bill), "changed": changed}


def _user():
    return api.user.get_current().getId()
