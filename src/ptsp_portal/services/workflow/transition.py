"""``POST <application>/++api++/@workflow/<transition>``

plone.restapi's transition service, for applications:

- ``revoke`` takes an optional ``revocation_public_reason`` next to the
  (required, internal) ``comment``: the only reason the public verification
  shows (``workflow.rules`` checks and stores it);
- a transition four-eyes bars for the current user is refused with 403 and
  the reason in Indonesian, instead of DCWorkflow's "No workflow provides
  the action" (the guard hides it from ``GET @workflow`` already).
- ``accept`` while a required document is marked ``tidak sesuai`` in this
  round's document checks (``applications.checks``, the guard of
  ``accept``) is refused with 409 and the documents named.
"""

from DateTime import DateTime
from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.services.workflow.transition import WorkflowTransition
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal import permissions
from ptsp_portal.applications import checks
from ptsp_portal.applications.writing import write_alone
from ptsp_portal.workflow import foureyes
from ptsp_portal.workflow import PUBLIC_REASON
from zope.component import queryMultiAdapter
from zope.i18n import translate


class ApplicationTransition(WorkflowTransition):
    def reply(self):
        # only the step waiting in the application's state: any other
        # transition gets plone.restapi's own answer
        waiting = foureyes.STEP_TRANSITIONS.get(api.content.get_state(self.context, default=None))
        refusal = foureyes.refusal(self.context, self.transition) if self.transition == waiting else None
        if refusal is not None:
            self.request.response.setStatus(403)
            return {
                "error": {
                    "type": "Forbidden",
                    "message": translate(refusal, context=self.request),
                }
            }
        verifying = (
            self.transition == "accept"
            and api.content.get_state(self.context, default=None) == "submitted"
            and api.user.has_permission(permissions.VerifyApplication, obj=self.context)
        )
        blocked = checks.accept_refusal(self.context) if verifying else None
        if blocked is not None:
            # a required document marked tidak sesuai (the guard of accept)
            self.request.response.setStatus(409)
            return {"error": {"type": "Conflict", "message": translate(blocked, context=self.request)}}
        write_alone()  # a step reindexes the application: write alone (applications.writing)
        return super().reply()

    def extra(self):
        """Keywords for ``doActionFor`` besides the comment (read once)."""
        if not hasattr(self, "_extra"):
            data = json_body(self.request) if self.transition == "revoke" else {}
            if not isinstance(data, dict) or data.get(PUBLIC_REASON) is None:
                self._extra = {}
            else:
                self._extra = {PUBLIC_REASON: data[PUBLIC_REASON]}
        return self._extra

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
