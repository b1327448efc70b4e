"""``GET <application>/@bill``: the application's bill (SKRD), for the
applicant and the officers who see the application (``View``); ``404``
when it has none.  Read like the application: the access log records it."""

from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.fees import bills
from ptsp_portal.i18n.formatting import format_rupiah
from zope.i18n import translate


class BillGet(Service):
    def reply(self):
        bill = bills.bill_of(self.context)
        if bill is None:
            self.request.response.setStatus(404)
            return {
                "error": {
                    "type": "NotFound",
                    "message": translate(_("Permohonan ini tidak memiliki SKRD."), context=self.request),
                }
            }
        return {
            "@id": f"{self.context.absolute_url()}/@bill",
            "tracking_number": self.context.tracking_number,
            **bills.as_json(bill, self.context),
            "formatted": translate(format_rupiah(bill["amount"]), context=self.request),
        }
