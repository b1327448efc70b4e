"""``GET <folder>/@regulations?jenis=&tahun=&status=&q=&b_start=&b_size=``

The same catalog search as the ``regulasi`` page, for mobile clients and
integrations (JDIH-style listing).
"""

from plone.restapi.batching import HypermediaBatch
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.services import Service
from ptsp_portal.regulations import query
from zope.component import getMultiAdapter


class RegulationsGet(Service):
    def reply(self):
        try:
            filters = query.parse_filters(self.request.form)
            brains = query.search(self.context, filters)
        except query.RegulationQueryError as exc:
            self.request.response.setStatus(400)
            return {
                "error": {
                    "type": "BadRequest",
                    "message": str(exc),
                    "field": exc.field,
                }
            }
        batch = HypermediaBatch(self.request, brains)
        items = []
        for brain in batch:
            summary = getMultiAdapter((brain, self.request), ISerializeToJsonSummary)()
            summary.update(
                {
                    "regulation_type": brain.regulation_type,
                    "number": brain.regulation_number,
                    "year": brain.regulation_year,
                    "status": brain.regulation_status,
                }
            )
            items.append(summary)
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": items,
        }
        if batch.links:
            result["batching"] = batch.links
        return result
