"""``GET <folder>/@queue?status=&jenis=&terlambat=&q=&tugas=&b_start=&b_size=``

The officer work queue for mobile clients and integrations: the same query
as the ``antrian`` page (``ptsp_portal.applications.queue``), brains only, batched.
"""

from plone.restapi.batching import HypermediaBatch
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.applications import queue
from zExceptions import BadRequest
from zope.i18n import translate


class QueueGet(Service):
    def reply(self):
        try:
            filters = queue.parse_filters(self.request.form)
            brains = queue.search(self.context, filters)
        except queue.QueueQueryError as exc:
            return self.bad_request(exc)
        field = _bad_batching(self.request.form)
        if field is not None:
            message = _("Nilai ${field} harus bilangan bulat positif.", mapping={"field": field})
            return self.bad_request(queue.QueueQueryError({field: message}))
        try:
            batch = HypermediaBatch(self.request, brains)
        except BadRequest as exc:  # e.g. a b_size in a JSON body
            return self.bad_request(queue.QueueQueryError({"b_size": str(exc)}))
        rows = queue.Rows(self.request)
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": [self.item(rows, brain) for brain in batch],
        }
        if batch.links:
            result["batching"] = batch.links
        return result

    def item(self, rows, brain):
        row = rows.row(brain)
        permit_type = {"title": row["permit_type_title"]}
        url = rows.permit_type_url(row["permit_type_uid"])
        if url is not None:
            permit_type["@id"] = url
        return {
            "@id": row["url"],
            "tracking_number": row["tracking_number"],
            "permit_type": permit_type,
            "applicant_name": row["applicant_name"],
            "review_state": row["review_state"],
            "review_state_title": rows.translate(row["review_state_title"]),
            "oss_status_code": row["oss_status_code"],
            "oss_status_label": row["oss_status_label"],
            "submitted": json_compatible(row["submitted"]),
            "due_date": json_compatible(row["due_date"]),
            "sla_status": row["sla_status"],
            "renewal_of": row["renewal_of"],
        }

    def bad_request(self, exc):
        """A 400 naming the first bad parameter; ``exc.message`` is always
        set (a message or, from batching, plain text)."""
        self.request.response.setStatus(400)
        return {
            "error": {
                "type": "BadRequest",
                "message": translate(exc.message, context=self.request),
                "field": exc.field,
            }
        }


def _bad_batching(form):
    """The batching parameter that is not a usable number, if any."""
    for name, minimum in (("b_size", 1), ("b_start", 0)):
        value = form.get(name)
        if value is None:
            continue
        try:
            if int(value) < minimum:
                return name
        except (TypeError, ValueError):
            return name
    return None
