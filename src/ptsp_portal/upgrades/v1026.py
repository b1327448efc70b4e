"""1025 -> 1026: fees (retribusi) and payment (issue 18, section 2).

After the workflow (state ``awaiting_payment``, transitions ``issue_bill``,
``confirm_payment``, ``waive_fee``), the role ``Cashier`` with its
permissions and the registry records (due days, payment instructions) are
imported: every permit type gets the fee kind its ``fee_amount`` meant
(0 free, a number fixed, empty none: "see the fee note", never billed),
the group ``ptsp-cashiers`` (Kasir) holds ``Cashier`` on ``/permohonan``
and the bills' ledger is made.  Running it again changes nothing; a kind
an editor chose is kept.
"""

from plone import api
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.fees import definition
from ptsp_portal.fees import setup as fees_setup

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def kind_of(permit_type):
    amount = getattr(permit_type, "fee_amount", None)
    if amount is None:
        return None
    return definition.FREE if amount == 0 else definition.FIXED


def fees(context):
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE):
        permit_type = brain._unrestrictedGetObject()
        if getattr(permit_type, "fee_kind", None):
            continue
        kind = kind_of(permit_type)
        if kind is not None:
            permit_type.fee_kind = kind
            count += 1
    fees_setup.ensure_cashiers(api.portal.get())
    logger.info("fees: fee kind set on %d permit types; group ptsp-cashiers ready", count)
