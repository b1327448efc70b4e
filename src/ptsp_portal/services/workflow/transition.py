"""``POST <application>/++api++/@workflow/<transition>``

plone.restapi's transition service, for applications:

- ``revoke`` takes an optional ``revocation_public_reason`` next to the
  (required, internal) ``comment``: the only reason the public verification
  shows (``workflow.rules`` checks and stores it);
- a transition four-eyes bars for the current user is refused with 403 and
  the reason in Indonesian, instead of DCWorkflow's "No workflow provides
  the action" (the guard hides it from ``GET @workflow`` already).
"""

from DateTime import DateTime
from plone.restapi.deserializer import json_body
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.services.workflow.transition import WorkflowTransition
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal.workflow import foureyes
from ptsp_portal.workflow import PUBLIC_REASON
from zope.component import queryMultiAdapter
from zope.i18n import translate


class ApplicationTransition(WorkflowTransition):
    def reply(self):
        refusal = foureyes.refusal(self.context, self.transition) if self.transition else None
        if refusal is not None:
            self.request.response.setStatus(403)
            return {
                "error": {
                    "type": "Forbidden",
                    "message": translate(refusal, context=self.request),
                }
            }
        return super().reply()

    def extra(self):
        """Keywords for ``doActionFor`` besides the comment."""
        if self.transition != "revoke":
            return {}
        data = json_body(self.request)
        if not isinstance(data, dict) or data.get(PUBLIC_REASON) is None:
            return {}
        return {PUBLIC_REASON: data[PUBLIC_REASON]}

    def recurse_transition(self, objs, comment, publication_dates, include_children=False):
        # plone.restapi's, with the extra keywords; no children: an
        # application's documents have no workflow of their own
        for obj in objs:
            if publication_dates:
                queryMultiAdapter((obj, self.request), IDeserializeFromJson)(data=publication_dates)
            if obj.EffectiveDate() == "None":
                obj.setEffectiveDate(DateTime())
                obj.reindexObject()
            try:
                self.wftool.doActionFor(obj, self.transition, comment=comment, **self.extra())
            except WorkflowException:
                if not self.is_same_state(obj):
                    raise
