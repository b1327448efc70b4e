"""What goes into the access log, and when it is written.

Recorded, for every user (the applicant on their own application too: the
log says who read what, and only Managers read the log), when the answer is
a success (200):

- ``page``: a page (browser view) of an application, or of one of its
  documents other than the file itself, read with GET or HEAD (a form
  submitted back changes; it is not a reading);
- ``rest``: a REST ``GET`` of an application or of one of its documents
  (``GET <application>``, ``@lock``, ...);
- ``download``: a document's file (``@@download``, ``@@display-file``);
- complaints (``content/complaint.py``) as applications: their pages, REST
  ``GET`` and attachment, under the complaint's number;
- ``export``: a view marked ``IRecordedExport`` (the queue CSV), with its
  query string.

The entry is put together at ``IPubBeforeCommit``, while the user, the
context and its local roles are at hand, and written at ``IPubSuccess``:
after the ZODB transaction committed (a request retried after a conflict is
recorded once), in the log's own database (``store``), never in the ZODB.
A failure to write is logged and never fails the request.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from plone.rest.interfaces import IService
from ptsp_portal import logger
from ptsp_portal.audit import store
from ptsp_portal.audit.interfaces import IRecordedExport
from ptsp_portal.content.application import IApplicationDocument
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.content.complaint import IComplaint
from zope.component import adapter
from ZPublisher.interfaces import IPubBeforeCommit
from ZPublisher.interfaces import IPubSuccess

PAGE = "page"
REST = "rest"
DOWNLOAD = "download"
EXPORT = "export"
# not a reading: documents and personal data removed at the end of the
# retention period (applications/retention.py writes it, ``detail`` says what)
RETENTION = "retention"
ACTIONS = (PAGE, REST, DOWNLOAD, EXPORT, RETENTION)
# not a reading: a payment refused (fees/payment.py: the callback's wrong
# signature, unknown bill, wrong amount; a cashier's refused entry)
PAYMENT = "payment"
ACTIONS = (*ACTIONS, PAYMENT)
DOWNLOAD_VIEWS = ("download", "display-file")
READ_METHODS = ("GET", "HEAD")
REQUEST_KEY = "ptsp_portal.audit.entry"


def _application(context):
    """The application ``context`` is or belongs to (or None); a complaint
    counts as one (its complainant's identity, ``complaints/``)."""
    if IPermitApplication.providedBy(context) or IComplaint.providedBy(context):
        return context
    if IApplicationDocument.providedBy(context):
        parent = aq_parent(aq_inner(context))
        if IPermitApplication.providedBy(parent):
            return parent
    return None


def classify(published, request):
    """``(action, context, view name)`` of what was published, or None when
    it is not recorded."""
    published = getattr(published, "__self__", published)  # a published method
    method = request.get("REQUEST_METHOD", "GET").upper()
    context = getattr(published, "context", None)
    name = getattr(published, "__name__", "") or ""
    if IRecordedExport.providedBy(published):
        return (EXPORT, context, name) if context is not None else None
    if context is None:
        # a content object published itself (e.g. a document's index_html)
        if IApplicationDocument.providedBy(published) and method in READ_METHODS:
            return DOWNLOAD, published, ""
        return None
    if _application(context) is None:
        return None
    if IService.providedBy(published):
        # plone.rest names a service "GET_application_json_@lock"
        name = name.split("_", 3)[3] if name.count("_") >= 3 else ""
        return (REST, context, name) if method == "GET" else None
    if (
        IApplicationDocument.providedBy(context) or IComplaint.providedBy(context)
    ) and name in DOWNLOAD_VIEWS:
        return (DOWNLOAD, context, name) if method in READ_METHODS else None
    return (PAGE, context, name) if method in READ_METHODS else None


def entry(request):
    """The access ``request`` is about to answer, as ``store.record``'s
    keywords, or None."""
    found = classify(request.get("PUBLISHED"), request)
    if found is None:
        return None
    action, context, name = found
    user = request.get("AUTHENTICATED_USER")
    if user is None:
        return None
    path = "/".join(context.getPhysicalPath())
    if name:
        path += "/" + name if name.startswith("@") else f"/@@{name}"
    if action == EXPORT and request.get("QUERY_STRING"):
        path += "?" + request["QUERY_STRING"]
    application = _application(context)
    try:
        roles = [role for role in user.getRolesInContext(context) if role != "Authenticated"]
    except Exception:  # a user folder that cannot say: the id is what matters
        roles = []
    return {
        "user_id": user.getId() or user.getUserName(),
        "roles": roles,
        "action": action,
        "path": path,
        "tracking_number": getattr(application, "complaint_number", "")
        or getattr(application, "tracking_number", "")
        or "",
        "client": request.getClientAddr() or "",
    }


@adapter(IPubBeforeCommit)
def prepare(event):
    request = event.request
    try:
        found = entry(request)
    except Exception:
        logger.exception("access log: could not describe %s", request.get("ACTUAL_URL"))
        return
    if found is not None:
        request.environ[REQUEST_KEY] = found


@adapter(IPubSuccess)
def write(event):
    request = event.request
    found = request.environ.pop(REQUEST_KEY, None)
    if found is None:
        return
    if request.response.getStatus() != 200:
        return
    try:
        store.record(**found)
    except Exception:
        logger.exception("access log: could not record %r", found)
