"""Every bill in one ledger on the site: the bill number's way to its
application, and the office's figures without waking applications.

An ``OOBTree`` in a site annotation: bill number -> a tuple (application
UID, permit type UID, month issued ``YYYY-MM``, amount, status, month
settled or "").  Two approvals at the same moment insert different keys,
which the tree's conflict resolution merges; a tuple is replaced whole.
"""

from BTrees.OOBTree import OOBTree
from plone import api
from zope.annotation.interfaces import IAnnotations

ANNOTATION_KEY = "ptsp_portal.fees.ledger"  # stored on the site: never rename
UNPAID = "unpaid"
PAID = "paid"
WAIVED = "waived"
STATUSES = (UNPAID, PAID, WAIVED)


def ledger(site=None, create=True):
    annotations = IAnnotations(site if site is not None else api.portal.get())
    tree = annotations.get(ANNOTATION_KEY)
    if tree is None and create:
        tree = annotations[ANNOTATION_KEY] = OOBTree()
    return tree


def record(number, application_uid, permit_type_uid, month, amount, status=UNPAID, settled=""):
    ledger()[number] = (application_uid, permit_type_uid, month, int(amount), status, settled)


def entry(number):
    """``dict`` of a bill number's entry, or None."""
    tree = ledger(create=False)
    found = tree.get(number) if tree is not None and isinstance(number, str) else None
    if found is None:
        return None
    application_uid, permit_type_uid, month, amount, status, settled = found
    return {
        "number": number,
        "application_uid": application_uid,
        "permit_type_uid": permit_type_uid,
        "month": month,
        "amount": amount,
        "status": status,
        "settled": settled,
    }


def settle(number, status, month):
    found = entry(number)
    record(
        number,
        found["application_uid"],
        found["permit_type_uid"],
        found["month"],
        found["amount"],
        status=status,
        settled=month,
    )


def entries():
    tree = ledger(create=False)
    for number in tree.keys() if tree is not None else ():
        yield entry(number)
