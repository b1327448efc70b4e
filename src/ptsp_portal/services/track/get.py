"""``GET /@track?number=PTSP-2026-000123``

The public status of an application, the same as the page ``@@lacak``:
permit type, state, submitted and due dates, dated steps and the stepper.
``400`` for a missing or malformed number, ``404`` for an unknown one,
``429`` (with ``Retry-After``) when one client looks up too often.
"""

from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from ptsp_portal.applications import tracking
from zope.i18n import translate


class TrackGet(Service):
    def reply(self):
        request = self.request
        response = request.response
        response.setHeader("Cache-Control", "no-store")
        try:
            result = tracking.lookup(request, request.form.get("number"))
        except tracking.TrackingError as exc:
            response.setStatus(exc.status)
            if isinstance(exc, tracking.TooManyLookups):
                response.setHeader("Retry-After", str(exc.retry_after))
            return {
                "error": {
                    "type": exc.error_type,
                    "message": translate(exc.message, context=request),
                }
            }
        return {
            "@id": f"{self.context.absolute_url()}/@track?number={result['tracking_number']}",
            "tracking_number": result["tracking_number"],
            "permit_type": result["permit_type"],
            "review_state": result["review_state"],
            "review_state_title": translate(result["state_title"], context=request),
            "state_colour": result["state_colour"],
            "oss_status_code": result["oss_status_code"],
            "oss_status_label": result["oss_status_label"],
            "submitted": json_compatible(result["submitted"]),
            "due_date": json_compatible(result["due_date"]),
            "steps": [
                {
                    "date": json_compatible(step["date"]),
                    "review_state": step["state"],
                    "title": translate(step["title"], context=request),
                }
                for step in result["steps"]
            ],
            "progress": [
                {
                    "id": step["id"],
                    "title": translate(step["title"], context=request),
                    "status": step["status"],
                    "kind": step["kind"],
                }
                for step in result["progress"]
            ],
        }
