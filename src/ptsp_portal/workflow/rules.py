"""Transition rules DCWorkflow guards cannot express."""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal import _
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.workflow import COMMENT_REQUIRED
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


def reindex_applications_of_permit_type(permit_type, event):
    """Sharing changed on a permit type: its applications' security follows."""
    forget_permit_type_roles()
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=PERMIT_APPLICATION, permit_type_uid=permit_type.UID()
    ):
        brain._unrestrictedGetObject().reindexObjectSecurity()
        brain._unrestrictedGetObject().reindexObject(idxs=["ptsp_actors"])
