"""``GET /@drafts`` and ``GET /@drafts/<draft_id>``; ``DELETE /@drafts/<draft_id>``.

The logged-in citizen's own saved drafts (``ptsp_portal.drafts``): the list
(as the draft rows of ``@my-applications``), one draft with its answers and
documents (each with a ``download`` link, ``@@draf-dokumen``) to continue it
in a client of one's own, and its deletion (``204``).  A draft id that is
not the account's own is not found (404); anonymous: 401.  Submitting or
updating a draft is ``POST <permit type>/@apply`` with ``draft_id``.
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ptsp_portal.audit.recording import REST
from ptsp_portal.drafts import store
from ptsp_portal.drafts.access import record_read
from ptsp_portal.drafts.listing import describe
from ptsp_portal.drafts.listing import rows
from ptsp_portal.services.my_applications.get import json_draft
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class _DraftService(Service):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    def user_id(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to see your drafts.")
        self.request.response.setHeader("Cache-Control", "private, no-store")
        return api.user.get_current().getId()

    def draft(self, user_id):
        if len(self.params) != 1:
            raise NotFound("No such draft.")
        draft = store.get_draft(user_id, self.params[0])
        if draft is None:
            raise NotFound("No such draft.")
        return draft


class DraftsGet(_DraftService):
    def reply(self):
        user_id = self.user_id()
        if not self.params:
            items = [json_draft(self.request, item) for item in rows(user_id)]
            return {
                "@id": f"{api.portal.get().absolute_url()}/@drafts",
                "items_total": len(items),
                "items": items,
            }
        draft = self.draft(user_id)
        record_read(self.request, user_id, REST, f"drafts/{user_id}/{draft.draft_id}")
        return describe(draft, self.request)


class DraftsDelete(_DraftService):
    def reply(self):
        user_id = self.user_id()
        # no form token for a JSON client; another site's page cannot send
        # DELETE with the citizen's cookie (never a CORS "simple" request)
        alsoProvides(self.request, IDisableCSRFProtection)
        draft = self.draft(user_id)
        store.remove_draft(user_id, draft.draft_id)
        return self.reply_no_content()
