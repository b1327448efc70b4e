"""Documents of an application have no workflow of their own: they acquire
the permissions that the application's workflow state sets."""

from plone.base.interfaces import IWorkflowChain
from Products.CMFCore.interfaces import IWorkflowTool
from ptsp_portal.content.application import IApplicationDocument
from zope.component import adapter
from zope.interface import implementer


@adapter(IApplicationDocument, IWorkflowTool)
@implementer(IWorkflowChain)
def no_workflow(context, workflow_tool):
    return ()
