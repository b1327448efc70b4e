"""``GET <application-url>/@document-checks``

Officers only (``checks.can_read``; anyone else 403, anonymous 401)::

    {"@id", "tracking_number", "review_state", "round", "can_edit",
     "revision_reason", "accept_refusal",
     "items": [{"id", "title", "description", "required", "file_types",
                "document": {"filename", "content_type", "size", "url",
                             "preview"} | null,
                "verdict": "sesuai" | "tidak sesuai" | null, "note",
                "checked_by", "checked_at",
                "previous": {"verdict", "note", "replaced"} | null}]}

``url`` is the document's own ``@@download/file`` (recorded in the access
log when read); ``revision_reason`` is what "Minta perbaikan" is pre-filled
with.
"""

from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.applications import checks
from zope.i18n import translate

import transaction

NOT_OFFICER = _("Hanya petugas yang dapat membaca hasil pemeriksaan dokumen.")


def serialize(application, request):
    refusal = checks.accept_refusal(application)
    items = []
    for item in checks.rows(application):
        document = item["document"]
        if document is not None:
            document = {k: v for k, v in document.items() if k != "uid"}
        previous = item["previous"]
        items.append(
            {
                "id": item["id"],
                "title": item["title"],
                "description": item["description"],
                "required": item["required"],
                "file_types": item["file_types"],
                "document": document,
                "verdict": item["verdict"],
                "note": item["note"],
                "checked_by": item["actor"],
                "checked_at": json_compatible(item["time"]),
                "previous": {k: previous.get(k) for k in ("verdict", "note", "replaced")}
                if previous
                else None,
            }
        )
    return {
        "@id": f"{application.absolute_url()}/@document-checks",
        "tracking_number": application.tracking_number,
        "review_state": api.content.get_state(application, default=None),
        "round": checks.submission_round(application),
        "can_edit": checks.can_write(application),
        "revision_reason": checks.revision_reason(application),
        "accept_refusal": translate(refusal, context=request) if refusal else None,
        "items": items,
    }


def refuse(service):
    """401/403 for who may not read the checks, or None."""
    if api.user.is_anonymous():
        status, type_, message = 401, "Unauthorized", _("Silakan masuk (login) terlebih dahulu.")
    elif not checks.can_read(service.context):
        status, type_, message = 403, "Forbidden", NOT_OFFICER
    else:
        return None
    transaction.doom()
    service.request.response.setStatus(status)
    return {"error": {"type": type_, "message": translate(message, context=service.request)}}


class DocumentChecksGet(Service):
    def reply(self):
        self.request.response.setHeader("Cache-Control", "private, no-store")
        refused = refuse(self)
        if refused is not None:
            return refused
        return serialize(self.context, self.request)
