"""The cash desk's questions, for the page ``@@kasir`` and ``@cashier``:
may the current user record payments, which bills wait, what one bill
shows.  A cashier sees a bill's number, amount, due date, permit type and
the applicant's name (read from the application, written to the access
log), never the application's answers or documents."""

from plone import api
from ptsp_portal import logger
from ptsp_portal import permissions
from ptsp_portal.audit import store
from ptsp_portal.constants import APPLICATIONS_FOLDER
from ptsp_portal.fees import bills
from ptsp_portal.fees import ledger

AUDIT_PAGE = "page"
AUDIT_REST = "rest"


def applications_folder():
    portal = api.portal.get()
    return portal.get(APPLICATIONS_FOLDER) if APPLICATIONS_FOLDER in portal.objectIds() else None


def may(permission):
    folder = applications_folder()
    return folder is not None and api.user.has_permission(permission, obj=folder)


def may_record():
    return may(permissions.RecordPayment)


def may_read_figures():
    return may(permissions.ViewFeeStatistics)


def describe(application, bill):
    permit_type = application.permit_type_object()
    return {
        **bills.as_json(bill),
        "pdf": None,
        "tracking_number": application.tracking_number,
        "applicant_name": application.applicant_name,
        "permit_type": permit_type.Title() if permit_type is not None else "",
        "review_state": api.content.get_state(application),
    }


def log_reading(request, application, action, path):
    user = api.user.get_current()
    try:
        store.record(
            user_id=user.getId(),
            action=action,
            path=path,
            tracking_number=application.tracking_number or "",
            roles=[r for r in user.getRolesInContext(application) if r != "Authenticated"],
            client=request.getClientAddr() or "",
            detail="kasir",
        )
    except Exception:  # the log never fails a page
        logger.exception("access log: cash desk reading not recorded")


def unpaid(limit=200):
    """The bills waiting for payment, oldest first (number, amount, due)."""
    rows = []
    for entry in ledger.entries():
        if entry["status"] == ledger.UNPAID:
            rows.append({"number": entry["number"], "amount": entry["amount"], "month": entry["month"]})
            if len(rows) >= limit:
                break
    return rows
