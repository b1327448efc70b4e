"""What our POST services share: a JSON body read up to a limit, and
errors that abort the transaction."""

from plone.restapi.services import Service
from ptsp_portal import _
from zope.i18n import translate

import json
import transaction


class JSONPostService(Service):
    def body_limit(self):
        raise NotImplementedError

    def error(self, status, type_, message, errors=None):
        transaction.doom()
        self.request.response.setStatus(status)
        error = {"type": type_, "message": translate(message, context=self.request)}
        if errors is not None:
            error["errors"] = errors
        return {"error": error}

    def read_body(self):
        """The JSON body, read from the request's body file (not through
        Zope's form memory limit) up to ``body_limit()``; raises
        ``ValueError`` with the message for the client."""
        limit = self.body_limit()
        try:
            length = int(self.request.get_header("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > limit:
            raise ValueError(_("Permintaan terlalu besar."))
        body = self.request.get("BODYFILE")
        if body is not None:
            body.seek(0)
            raw = body.read(limit + 1)
            body.seek(0)
        else:
            raw = self.request.get("BODY") or b""
        if len(raw) > limit:
            raise ValueError(_("Permintaan terlalu besar."))
        try:
            return json.loads(raw or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValueError(_("Isi permintaan bukan JSON yang sah.")) from None
