"""``GET /@my-applications?b_start=&b_size=``

The rows of "Permohonan Saya" for mobile clients: the logged-in citizen's
saved drafts (``review_state: "draft"``, ``draft_id``, ``permit_type``,
``modified``, ``expires``; ``@id`` is ``@drafts/<draft_id>``, ``form`` the
web form continuing it), last changed first, then their applications,
newest first, batched like ``@search``.  Anonymous: 401.
"""

from plone import api
from plone.restapi.batching import HypermediaBatch
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from ptsp_portal.applications.mine import my_applications
from ptsp_portal.applications.mine import row
from ptsp_portal.drafts.listing import Chain
from ptsp_portal.drafts.listing import rows as draft_rows
from zExceptions import Unauthorized
from zope.i18n import translate


def json_row(request, item):
    """A row of ``applications.mine.row`` as JSON (titles translated)."""
    return {
        "@id": item["url"],
        "tracking_number": item["tracking_number"],
        "permit_type": item["permit_type"],
        "review_state": item["review_state"],
        "review_state_title": translate(item["state_title"], context=request),
        "state_colour": item["state_colour"],
        "oss_status_code": item["oss_status_code"],
        "oss_status_label": item["oss_status_label"],
        "submitted": json_compatible(item["submitted"]),
        "due_date": json_compatible(item["due_date"]),
        "sla_status": item["sla"],
        "next_action": {
            "id": item["next_action"]["id"],
            "title": translate(item["next_action"]["title"], context=request),
        },
    }


def json_draft(request, item):
    """A row of ``drafts.listing.row`` as JSON."""
    return {
        "@id": item["rest_url"],
        "draft_id": item["draft_id"],
        "tracking_number": None,
        "permit_type": item["permit_type"],
        "review_state": item["review_state"],
        "review_state_title": translate(item["state_title"], context=request),
        "oss_status_code": None,
        "oss_status_label": None,
        "modified": json_compatible(item["modified"]),
        "expires": json_compatible(item["expires"]),
        "form": item["url"],
        "documents": item["documents"],
        "next_action": {
            "id": item["next_action"]["id"],
            "title": translate(item["next_action"]["title"], context=request),
        },
    }


class MyApplicationsGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to see your applications.")
        user_id = api.user.get_current().getId()
        batch = HypermediaBatch(self.request, Chain(draft_rows(user_id), my_applications()))
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": [
                json_draft(self.request, item)
                if isinstance(item, dict)
                else json_row(self.request, row(item))
                for item in batch
            ],
        }
        if batch.links:
            result["batching"] = batch.links
        return result

    def json_item(self, item):
        if isinstance(item, dict):  # a draft (drafts.listing.row)
            return json_draft(self.request, item)
        return json_row(self.request, row(item))
