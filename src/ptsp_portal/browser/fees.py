"""The fee pages: the calculator on the permit page, the bill's PDF
(``@@skrd.pdf``), the cash desk (``@@kasir``) and the office's figures
(``@@statistik-retribusi``).  They call ``ptsp_portal.fees`` as the REST
services do."""

from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from ptsp_portal import _
from ptsp_portal.fees import bills
from ptsp_portal.fees import definition
from ptsp_portal.fees import desk
from ptsp_portal.fees import figures
from ptsp_portal.fees import payment
from ptsp_portal.fees import pdf
from ptsp_portal.fees.form import checked_definition
from ptsp_portal.fees.form import numeric_answers
from ptsp_portal.i18n.formatting import format_date
from ptsp_portal.i18n.formatting import format_rupiah
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.i18n import translate


def rupiah(amount):
    return format_rupiah(amount) if amount else "Rp 0"


class FeeCalculatorView(BrowserView):
    """``@@ptsp-fee-calculator``, included by the permit page: for a fee
    computed from an answer, a small form that works without JavaScript
    (the page is asked again with the answer) and with ``fee-calculator.js``
    (which asks ``@fee``).  Empty for other kinds."""

    def definition(self):
        try:
            found = checked_definition(self.context)
        except definition.FeeDefinitionError:
            return None
        return found if found.kind in (definition.RATE, definition.TIERED) else None

    def answer_title(self, found):
        return numeric_answers(self.context).get(found.answer, found.answer)

    def result(self, found):
        """``(amount text, error)`` for the answer in the request, or ``(None, None)``."""
        value = self.request.form.get(found.answer)
        if not isinstance(value, str) or not value:
            return None, None
        try:
            return rupiah(definition.amount(found, {found.answer: value})), None
        except definition.FeeInputError as exc:
            return None, next(iter(exc.errors.values()))

    def tiers(self, found):
        return [{"up_to": up_to, "amount": rupiah(amount)} for up_to, amount in found.tiers]

    def rate(self, found):
        return rupiah(found.rate)

    def index_text(self, found):
        return format(found.index.normalize(), "f").replace(".", ",")


class BillBoxView(BrowserView):
    """``@@ptsp-bill-box``, included by the application page: its bill."""

    STATUS_TITLES = {
        "unpaid": _("Belum dibayar"),
        "paid": _("Lunas"),
        "waived": _("Dibebaskan"),
    }

    def bill(self):
        bill = bills.bill_of(self.context)
        if bill is None:
            return None
        return {
            **bills.as_json(bill, self.context),
            "formatted": rupiah(bill["amount"]),
            "due_date_text": format_date(bill["due_date"]),
            "status_title": self.STATUS_TITLES.get(bill["status"], bill["status"]),
        }


class SkrdPdfView(BrowserView):
    """``@@skrd.pdf``: the bill of the application, for who sees it."""

    def __call__(self):
        bill = bills.bill_of(self.context)
        if bill is None:
            raise NotFound("no bill")
        data = pdf.render(pdf.bill_data(self.context, bill))
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        filename = "SKRD-" + bill["number"].replace("/", "-") + ".pdf"
        response.setHeader("Content-Disposition", f'inline; filename="{filename}"')
        response.setHeader("Cache-Control", "private, no-store")
        return data


class CashierView(BrowserView):
    """``@@kasir``: find a bill by its number, record its payment with the
    receipt's reference; the unpaid bills below."""

    message = None
    error = None
    found = None

    def __call__(self):
        if not desk.may_record():
            raise Unauthorized("cashiers only")
        form = self.request.form
        number = str(form.get("bill") or "").strip()
        if self.request.get("REQUEST_METHOD", "GET").upper() == "POST":
            CheckAuthenticator(self.request)
            self.record(number, form.get("reference"))
        elif number:
            self.lookup(number)
        return self.index()

    def lookup(self, number):
        application, bill = bills.find(number)
        if bill is None:
            self.error = _("Nomor SKRD tidak dikenal.")
            return None
        desk.log_reading(
            self.request, application, desk.AUDIT_PAGE, "/".join(self.context.getPhysicalPath()) + "/@@kasir"
        )
        self.found = {**desk.describe(application, bill), "formatted": rupiah(bill["amount"])}
        return application, bill

    def record(self, number, reference):
        found = self.lookup(number)
        if found is None:
            payment.log_refusal(
                "unknown bill", self.request.getClientAddr() or "", number, user_id=self.user_id()
            )
            return
        application, bill = found
        try:
            payment.record_payment(application, bill, reference, payment.CASHIER, recorded_by=self.user_id())
        except payment.PaymentError as exc:
            payment.log_refusal(
                str(exc.status), self.request.getClientAddr() or "", number, application, self.user_id()
            )
            self.error = (exc.errors or {}).get("reference") or exc.message
            return
        self.found = {**desk.describe(application, bill), "formatted": rupiah(bill["amount"])}
        self.message = _("Pembayaran SKRD ${number} tercatat.", mapping={"number": number})

    def user_id(self):
        return self.request.get("AUTHENTICATED_USER").getId()

    def unpaid(self):
        return [{**row, "formatted": rupiah(row["amount"])} for row in desk.unpaid()]


class FeeStatisticsView(BrowserView):
    """``@@statistik-retribusi``: billed, paid and waived per month and
    permit type, for officers."""

    def __call__(self):
        if not desk.may_read_figures():
            raise Unauthorized("officers only")
        try:
            self.year = figures.parse_year(self.request.form.get("year"))
            self.error = None
        except ValueError:
            self.year = figures.parse_year(None)
            self.error = _("Tahun harus berupa angka empat digit, misalnya 2026.")
            self.request.response.setStatus(400)
        self.result = figures.figures(self.year)
        return self.index()

    def years(self):
        return figures.years()

    def money(self, amount):
        return rupiah(amount)

    def error_text(self):
        return translate(self.error, context=self.request) if self.error else ""
