"""``GET <application-url>/@revision``

What the applicant may correct while the application waits in
``revision``: ``{"@id", "tracking_number", "review_state", "can_revise",
"reason", "to_fix": [{"id", "title"}], "answers": [...], "documents": [...]}`` (see
``ptsp_portal.applications.revision.fields``).  ``can_revise`` is false (and the lists
empty) in any other state or for anyone but the applicant.
"""

from plone import api
from plone.restapi.services import Service
from ptsp_portal.applications import checks
from ptsp_portal.applications.revision import can_revise
from ptsp_portal.applications.revision import fields
from ptsp_portal.applications.revision import revision_request
from zope.i18n import translate


class RevisionGet(Service):
    def reply(self):
        self.request.response.setHeader("Cache-Control", "private, no-cache")
        context = self.context
        allowed = can_revise(context)
        described = fields(context) if allowed else {"answers": [], "documents": []}
        for answer in described["answers"]:
            answer["title"] = translate(answer["title"], context=self.request)
            answer["description"] = translate(answer["description"], context=self.request)
        request = revision_request(context) if allowed else None
        reason = (request or {}).get("comment") or None
        return {
            "@id": f"{context.absolute_url()}/@revision",
            "tracking_number": context.tracking_number,
            "review_state": api.content.get_state(context, default=None),
            "can_revise": allowed,
            "reason": reason,
            # the documents an officer marked tidak sesuai (ids and titles only)
            "to_fix": checks.to_fix(context) if allowed else [],
            **described,
        }
