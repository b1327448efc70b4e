"""The citizen's own drafts in the browser: ``@@draf-dokumen/<draft_id>/<id>``
(a document of a draft: its owner only) and ``@@hapus-draf`` (POST: delete
one's own draft).  Anyone else's draft id, or an unknown one, is not found
(404); anonymous visitors are sent to log in.  The form that continues a
draft is the permit form itself (``forms/view.py``, ``?draf=``)."""

from AccessControl import Unauthorized
from plone import api
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal.audit.recording import DOWNLOAD
from ptsp_portal.drafts import store
from ptsp_portal.drafts.access import record_read
from ptsp_portal.drafts.saving import FORM_PARAM
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class DraftDocumentView(BrowserView):
    """``@@draf-dokumen/<draft_id>/<document id>``: the file, to its owner."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.names = []

    def publishTraverse(self, request, name):
        self.names.append(name)
        return self

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to read your draft's documents.")
        if len(self.names) != 2:
            raise NotFound("No such document.")
        user_id = api.user.get_current().getId()
        draft_id, name = self.names
        draft = store.get_draft(user_id, draft_id)
        blob = draft.documents.get(name) if draft is not None else None
        if blob is None:
            raise NotFound("No such document.")
        response = self.request.response
        set_headers(blob, response, filename=blob.filename)
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("X-Content-Type-Options", "nosniff")
        record_read(self.request, user_id, DOWNLOAD, f"drafts/{user_id}/{draft_id}/{name}")
        return stream_data(blob)


class DeleteDraftView(BrowserView):
    """``@@hapus-draf`` (POST ``draf``, with the form token): delete the
    citizen's own draft, back to Permohonan Saya."""

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to delete your drafts.")
        if self.request.get("REQUEST_METHOD", "GET").upper() != "POST":
            raise NotFound("POST only.")
        CheckAuthenticator(self.request)
        user_id = api.user.get_current().getId()
        draft_id = self.request.form.get(FORM_PARAM)
        if not isinstance(draft_id, str) or store.get_draft(user_id, draft_id) is None:
            raise NotFound("No such draft.")
        store.remove_draft(user_id, draft_id)
        IStatusMessage(self.request).add(_("Draf dihapus beserta dokumennya."), type="info")
        self.request.response.redirect(f"{api.portal.get().absolute_url()}/@@permohonan-saya")
        return ""
