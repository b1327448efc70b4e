"""The bill (SKRD, *Surat Ketetapan Retribusi Daerah*) of a fee-bearing
application.

Issued when the technical reviewer recommends a fee-bearing application
(transition ``issue_bill``, into ``awaiting_payment``): the amount from the
permit type's definition and the application's answers, a number from its
own per-year sequence (``applications.numbering``, drawn apart: two
approvals at the same moment never conflict on it; a failed transition
leaves a gap, never a duplicate), the due date and the payment instructions
of the registry as they were that day.  The bill lives in an annotation of
the application (a ``PersistentMapping``) and in the site's ledger.
"""

from persistent.mapping import PersistentMapping
from plone import api
from ptsp_portal.applications.numbering import next_number
from ptsp_portal.fees import definition
from ptsp_portal.fees import ledger
from ptsp_portal.fees.form import checked_definition
from ptsp_portal.i18n.formatting import format_date
from ptsp_portal.i18n.formatting import format_rupiah
from ptsp_portal.workflow.sla import now
from zope.annotation.interfaces import IAnnotations

import datetime

ANNOTATION_KEY = "ptsp_portal.fees.bill"  # stored on applications: never rename
SEQUENCE = "bill"
DUE_DAYS_RECORD = "ptsp_portal.bill_due_days"
INSTRUCTIONS_RECORD = "ptsp_portal.payment_instructions"
AWAITING_PAYMENT = "awaiting_payment"
ISSUE = "issue_bill"
CONFIRM = "confirm_payment"
WAIVE = "waive_fee"


def format_bill_number(seq, year):
    return f"SKRD/{year}/{seq:06d}"


def bill_of(application):
    """The application's bill (a mapping), or None."""
    return IAnnotations(application).get(ANNOTATION_KEY)


def settled(application):
    bill = bill_of(application)
    return bill is not None and bill["status"] in (ledger.PAID, ledger.WAIVED)


def amount_due(application):
    """The fee of ``application`` from its permit type's definition and its
    answers; None when the permit type has no fee fixed in advance.
    Raises ``definition.FeeDefinitionError`` / ``FeeInputError``."""
    permit_type = application.permit_type_object()
    if permit_type is None:
        return None
    found = checked_definition(permit_type)
    return definition.amount(found, application.form_data or {})


def needs_bill(application):
    """True while the application must be billed before approval: its
    permit type's fee is (or may be, when the answer cannot be read) more
    than nothing, and no bill of it is paid or waived yet."""
    if settled(application):
        return False
    permit_type = application.permit_type_object()
    if permit_type is None:
        return False
    try:
        found = definition.from_permit_type(permit_type)
    except definition.FeeDefinitionError:
        return True  # issue_bill says what is wrong
    if not found.billable:
        return False
    try:
        return (definition.amount(found, application.form_data or {}) or 0) > 0
    except definition.FeeInputError:
        return True


def _registry(name, default):
    try:
        value = api.portal.get_registry_record(name, default=default)
    except (api.exc.InvalidParameterError, KeyError):
        value = default
    return default if value is None else value


def issue(application):
    """Make the bill of ``application`` (raises the definition's errors)."""
    permit_type = application.permit_type_object()
    found = checked_definition(permit_type)
    answers = application.form_data or {}
    amount = definition.amount(found, answers)
    issued = now()
    number = next_number(SEQUENCE, issued.year, lambda seq: format_bill_number(seq, issued.year), apart=True)
    bill = PersistentMapping(
        number=number,
        amount=int(amount),
        basis=definition.basis(found, answers),
        issued=issued,
        due_date=issued.date() + datetime.timedelta(days=int(_registry(DUE_DAYS_RECORD, 30))),
        instructions=_registry(INSTRUCTIONS_RECORD, ""),
        permit_type_uid=permit_type.UID(),
        status=ledger.UNPAID,
        paid_at=None,
        reference=None,
        recorded_by=None,
        channel=None,
        waived_reason=None,
    )
    IAnnotations(application)[ANNOTATION_KEY] = bill
    ledger.record(number, application.UID(), permit_type.UID(), issued.strftime("%Y-%m"), amount)
    return bill


def find(number):
    """``(application, bill)`` of a bill number, or ``(None, None)``
    (unrestricted: the callers check who asks)."""
    found = ledger.entry(number)
    if found is None:
        return None, None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=found["application_uid"])
    if not brains:
        return None, None
    application = brains[0]._unrestrictedGetObject()
    return application, bill_of(application)


def as_json(bill, application=None):
    """The bill for REST clients and pages."""
    return {
        "number": bill["number"],
        "amount": bill["amount"],
        "currency": "IDR",
        "basis": bill.get("basis") or "",
        "issued": bill["issued"].isoformat(),
        "due_date": bill["due_date"].isoformat(),
        "payment_instructions": bill.get("instructions") or "",
        "status": bill["status"],
        "paid_at": bill["paid_at"].isoformat() if bill.get("paid_at") else None,
        "reference": bill.get("reference"),
        "waived_reason": bill.get("waived_reason"),
        "pdf": f"{application.absolute_url()}/@@skrd.pdf" if application is not None else None,
    }


def bill_summary(brain):
    """What "Permohonan Saya" shows of the bill of an application (a brain
    the citizen may see), or None."""
    bill = bill_of(brain.getObject())
    if bill is None:
        return None
    return {
        "number": bill["number"],
        "amount": bill["amount"],
        "formatted": format_rupiah(bill["amount"]),
        "due_date": bill["due_date"],
        "due_date_text": format_date(bill["due_date"]),
        "status": bill["status"],
        "pdf": f"{brain.getURL()}/@@skrd.pdf",
    }
