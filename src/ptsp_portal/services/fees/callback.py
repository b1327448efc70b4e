"""``POST /ptsp/++api++/@payment-callback``: a payment provider reports a
paid bill.

Body ``{"bill", "amount", "paid_at", "reference"}``; header ``X-Signature``:
the hex HMAC-SHA256 of the raw body keyed with the instance's environment
variable ``PTSP_PAYMENT_SECRET``.  In this order: no secret configured
``503``; signature missing or wrong ``401`` (compared in constant time,
before the body is read as JSON); a body that is not the contract ``400``;
unknown bill ``404``; an amount other than the bill's ``409``; a bill not
waiting for payment, or paid with another reference, ``409``; the same
notification again ``200`` with ``"changed": false`` and nothing changed;
else the bill is paid and the application moves on (``200``,
``"changed": true``).  Every refusal goes to the access log (``payment``).
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.fees import bills
from ptsp_portal.fees import payment
from zope.i18n import translate
from zope.interface import alsoProvides

import json
import transaction

BODY_LIMIT = 4096


class PaymentCallbackPost(Service):
    def raw_body(self):
        body = self.request.get("BODYFILE")
        if body is not None:
            body.seek(0)
            raw = body.read(BODY_LIMIT + 1)
            body.seek(0)
            return raw
        return self.request.get("BODY") or b""

    def refuse(self, status, message, reason, bill_number="", application=None, errors=None):
        transaction.doom()
        payment.log_refusal(reason, self.request.getClientAddr() or "", bill_number, application)
        self.request.response.setStatus(status)
        error = {"type": reason, "message": translate(message, context=self.request)}
        if errors:
            error["errors"] = {key: translate(value, context=self.request) for key, value in errors.items()}
        return {"error": error}

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        key = payment.secret()
        if not key:
            return self.refuse(503, _("Pembayaran daring belum dikonfigurasi."), "NotConfigured")
        raw = self.raw_body()
        given = self.request.get_header(payment.SIGNATURE_HEADER) or ""
        if len(raw) > BODY_LIMIT or not payment.signature_valid(raw, given, key):
            return self.refuse(401, _("Tanda tangan permintaan tidak sah."), "Unauthorized")
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return self.refuse(400, _("Isi permintaan bukan JSON yang sah."), "BadRequest")
        try:
            number, amount, paid_at, reference = payment.notification(payload)
        except payment.PaymentError as exc:
            return self.refuse(exc.status, exc.message, "BadRequest", errors=exc.errors)
        application, bill = bills.find(number)
        if bill is None:
            return self.refuse(404, _("Nomor SKRD tidak dikenal."), "NotFound", number)
        if amount != bill["amount"]:
            return self.refuse(
                409, _("Jumlah pembayaran tidak sama dengan jumlah SKRD."), "WrongAmount", number, application
            )
        try:
            changed = payment.record_payment(
                application,
                bill,
                reference,
                payment.CALLBACK,
                paid_at=paid_at,
                recorded_by=payment.CALLBACK_USER,
            )
        except payment.PaymentError as exc:
            return self.refuse(exc.status, exc.message, "Conflict", number, application, exc.errors)
        return {"bill": number, "status": bill["status"], "changed": changed}
