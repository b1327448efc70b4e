"""``GET /@my-applications?b_start=&b_size=``

The rows of "Permohonan Saya" for mobile clients: the logged-in citizen's
applications, newest first, batched like ``@search``.  Anonymous: 401.
"""

from plone import api
from plone.restapi.batching import HypermediaBatch
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from ptsp_portal.applications.mine import my_applications
from ptsp_portal.applications.mine import row
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
        "submitted": json_compatible(item["submitted"]),
        "due_date": json_compatible(item["due_date"]),
        "sla_status": item["sla"],
        "next_action": {
            "id": item["next_action"]["id"],
            "title": translate(item["next_action"]["title"], context=request),
        },
    }


class MyApplicationsGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to see your applications.")
        batch = HypermediaBatch(self.request, my_applications())
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": [json_row(self.request, row(brain)) for brain in batch],
        }
        if batch.links:
            result["batching"] = batch.links
        return result
