"""The fee steps of the application workflow: the guards' questions
(``@@ptsp-fees``), the bill issued with ``issue_bill``, the reason a
waiver needs, the bill waived after ``waive_fee``."""

from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from ptsp_portal import _
from ptsp_portal.fees import bills
from ptsp_portal.fees import definition
from ptsp_portal.fees import ledger
from zope.globalrequest import getRequest
from zope.i18n import translate


def _refuse(message):
    raise WorkflowException(translate(message, context=getRequest()))


def first_error(errors):
    return next(iter(errors.values()))


def on_before_transition(application, event):
    transition = event.transition
    if transition is None:
        return
    if transition.id == bills.ISSUE:
        try:
            bills.issue(application)
        except definition.FeeDefinitionError as exc:
            _refuse(
                _(
                    "SKRD tidak dapat diterbitkan: rumus biaya jenis izin ini belum benar (${error}).",
                    mapping={"error": translate(first_error(exc.errors), context=getRequest())},
                )
            )
        except definition.FeeInputError as exc:
            _refuse(
                _(
                    "SKRD tidak dapat diterbitkan: ${error}",
                    mapping={"error": translate(first_error(exc.errors), context=getRequest())},
                )
            )
    elif transition.id == bills.CONFIRM:
        bill = bills.bill_of(application)
        if bill is None or bill["status"] != ledger.PAID:
            _refuse(_("Catat pembayaran SKRD dahulu (nomor bukti pembayaran) melalui halaman kasir."))
    elif transition.id == bills.WAIVE:
        comment = (event.kwargs or {}).get("comment") or ""
        if not comment.strip():
            _refuse(_("Alasan pembebasan retribusi wajib diisi: pemohon akan membacanya."))


class FeeGuardView(BrowserView):
    """``@@ptsp-fees``: asked by the guards of ``recommend`` and ``issue_bill``."""

    def needs_bill(self):
        return bills.needs_bill(self.context)

    def __call__(self):
        return ""
