"""Transition rules DCWorkflow guards cannot express."""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal import _
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.workflow import COMMENT_REQUIRED
from ptsp_portal.workflow import PUBLIC_REASON
from ptsp_portal.workflow import PUBLIC_REASON_MAX_LENGTH
from ptsp_portal.workflow.localroles import forget_permit_type_roles
from zope.globalrequest import getRequest
from zope.i18n import translate


def require_comment(obj, event):
    """The citizen must read why: some transitions need a comment."""
    transition = event.transition
    if transition is None or transition.id not in COMMENT_REQUIRED:
        return
    comment = (event.kwargs or {}).get("comment") or ""
    if not comment.strip():
        message = _(
            'Alasan wajib diisi untuk tindakan "${action}": pemohon akan membacanya.',
            mapping={"action": translate(_(transition.title), context=getRequest())},
        )
        raise WorkflowException(translate(message, context=getRequest()))


def check_public_revocation_reason(obj, event):
    """The public reason given with ``revoke`` (keyword
    ``revocation_public_reason`` of ``doActionFor``) must be text that fits."""
    transition = event.transition
    if transition is None or transition.id != "revoke":
        return
    value = (event.kwargs or {}).get(PUBLIC_REASON)
    if value is None:
        return
    if not isinstance(value, str):
        raise WorkflowException(
            translate(_("Alasan pencabutan untuk publik harus berupa teks."), context=getRequest())
        )
    if len(value.strip()) > PUBLIC_REASON_MAX_LENGTH:
        message = _(
            "Alasan pencabutan untuk publik paling banyak ${count} karakter.",
            mapping={"count": PUBLIC_REASON_MAX_LENGTH},
        )
        raise WorkflowException(translate(message, context=getRequest()))


def record_public_revocation_reason(obj, event):
    """``revoke`` stores its public reason (or none) on the application; the
    workflow comment stays internal (verification never shows it)."""
    transition = event.transition
    if transition is None or transition.id != "revoke":
        return
    value = (event.kwargs or {}).get(PUBLIC_REASON)
    obj.revocation_public_reason = (value.strip() if isinstance(value, str) else "") or None


def reindex_applications_of_permit_type(permit_type, event):
    """Sharing changed on a permit type: its applications' security follows."""
    forget_permit_type_roles()
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=PERMIT_APPLICATION, permit_type_uid=permit_type.UID()
    ):
        application = brain._unrestrictedGetObject()
        application.reindexObjectSecurity()
        application.reindexObject(idxs=["ptsp_actors"])
