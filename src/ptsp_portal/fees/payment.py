"""A bill paid or waived, and the payment provider's signed notification.

``record_payment`` is the one way a bill becomes paid: by a cashier (the
group ``ptsp-cashiers``, role ``Cashier``, the receipt's reference) or by
the provider's callback (``check_notification`` first).  It marks the bill
and takes the transition ``confirm_payment`` to ``pending_approval``,
whose guard asks that the bill be paid.  ``waive_fee`` (an approver, with
a reason) marks the bill waived after the transition.

Every refusal of a payment is written to the access log (action
``payment``, ``refuse``) and to the Python log.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal import logger
from ptsp_portal import permissions
from ptsp_portal.audit import store
from ptsp_portal.audit.recording import PAYMENT
from ptsp_portal.fees import bills
from ptsp_portal.fees import ledger
from ptsp_portal.workflow.sla import now
from ptsp_portal.workflow.sla import office_zone

import datetime
import hashlib
import hmac
import os

SECRET_ENV = "PTSP_PAYMENT_SECRET"
SIGNATURE_HEADER = "X-Signature"
AUDIT_ACTION = PAYMENT
CALLBACK_USER = "payment-callback"
CASHIER_ROLE = "Cashier"
CASHIERS_GROUP = "ptsp-cashiers"
MAX_REFERENCE = 100
CASHIER = "cashier"
CALLBACK = "callback"


class PaymentError(ValueError):
    """A payment refused: ``status`` (HTTP), ``message``, ``errors``."""

    def __init__(self, status, message, errors=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors


def secret():
    return (os.environ.get(SECRET_ENV) or "").encode("utf-8")


def sign(body, key):
    """Hex HMAC-SHA256 of the raw ``body`` (bytes) keyed with ``key`` (bytes)."""
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def signature_valid(body, given, key):
    """Constant-time comparison of ``given`` (the header) with the signature."""
    if not key or not given:
        return False
    expected = sign(body, key).encode("ascii")
    try:
        candidate = given.strip().lower().encode("ascii")
    except (UnicodeEncodeError, AttributeError):
        return False
    return hmac.compare_digest(expected, candidate)


def log_refusal(reason, client="", bill_number="", application=None, user_id=CALLBACK_USER):
    logger.warning("payment refused (%s): bill %r from %s", reason, bill_number, client)
    try:
        store.record(
            user_id=user_id,
            action=AUDIT_ACTION,
            path="/".join(application.getPhysicalPath()) if application is not None else "",
            tracking_number=getattr(application, "tracking_number", "") or "",
            client=client,
            detail=f"ditolak: {reason}; tagihan {bill_number}"[:500],
        )
    except Exception:  # the log must never turn a refusal into a 500
        logger.exception("payment refusal not written to the access log")


def parse_paid_at(value):
    """Office-time naive datetime of an ISO 8601 text, or PaymentError."""
    if value in (None, ""):
        return now()
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        raise PaymentError(
            400, _("Data pembayaran tidak sah."), {"paid_at": _("Gunakan format tanggal ISO 8601.")}
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(office_zone()).replace(tzinfo=None)
    return moment


def check_reference(reference):
    if not isinstance(reference, str) or not reference.strip() or len(reference.strip()) > MAX_REFERENCE:
        raise PaymentError(
            400,
            _("Data pembayaran tidak sah."),
            {"reference": _("Isi nomor bukti pembayaran (paling banyak 100 karakter).")},
        )
    return reference.strip()


def record_payment(application, bill, reference, channel, paid_at=None, recorded_by=None):
    """Mark ``bill`` paid and move the application on; ``False`` when it
    was paid already with this reference (nothing changed)."""
    reference = check_reference(reference)
    if channel != CALLBACK and not api.user.has_permission(permissions.RecordPayment, obj=application):
        raise PaymentError(403, _("Hanya kasir yang dapat mencatat pembayaran."))
    if bill["status"] == ledger.PAID:
        if bill.get("reference") == reference:
            return False
        raise PaymentError(409, _("Tagihan ini sudah lunas dengan bukti pembayaran lain."))
    if bill["status"] != ledger.UNPAID or api.content.get_state(application) != bills.AWAITING_PAYMENT:
        raise PaymentError(409, _("Tagihan ini tidak menunggu pembayaran."))
    paid_at = paid_at or now()
    bill.update(
        status=ledger.PAID,
        paid_at=paid_at,
        reference=reference,
        channel=channel,
        recorded_by=recorded_by,
    )
    ledger.settle(bill["number"], ledger.PAID, paid_at.strftime("%Y-%m"))
    comment = f"Pembayaran SKRD {bill['number']} diterima ({reference})."
    workflow = api.portal.get_tool("portal_workflow")
    if channel == CALLBACK:
        with api.env.adopt_roles([CASHIER_ROLE]):
            workflow.doActionFor(application, bills.CONFIRM, comment=comment)
    else:
        workflow.doActionFor(application, bills.CONFIRM, comment=comment)
    return True


def on_waived(application, event):
    """After ``waive_fee``: the bill is waived, with the approver's reason."""
    transition = event.transition
    if transition is None or transition.id != bills.WAIVE:
        return
    bill = bills.bill_of(application)
    if bill is None:
        return
    moment = now()
    bill.update(
        status=ledger.WAIVED,
        waived_reason=(event.kwargs or {}).get("comment") or "",
        recorded_by=api.user.get_current().getId(),
        paid_at=None,
    )
    ledger.settle(bill["number"], ledger.WAIVED, moment.strftime("%Y-%m"))


def notification(payload):
    """``(bill number, amount, paid_at, reference)`` from the callback's
    JSON, or PaymentError 400."""
    errors = {}
    if not isinstance(payload, dict):
        raise PaymentError(400, _("Isi permintaan harus berupa objek JSON."))
    number = payload.get("bill")
    if not isinstance(number, str) or not number.strip():
        errors["bill"] = _("Isi nomor SKRD.")
    amount = payload.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        errors["amount"] = _("Isi jumlah dalam Rupiah (bilangan bulat).")
    if errors:
        raise PaymentError(400, _("Data pembayaran tidak sah."), errors)
    paid_at = parse_paid_at(payload.get("paid_at"))
    reference = check_reference(payload.get("reference"))
    return number.strip(), amount, paid_at, reference
