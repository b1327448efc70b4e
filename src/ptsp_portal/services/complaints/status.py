"""``GET /ptsp/++api++/@complaint-status?number=ADU-2026-000123[&code=…]``

The status of a complaint for anyone with its number (``complaints.status``,
the same as ``@@lacak-pengaduan``): kind, state, dates, steps; the answer
only for the logged-in complainant or with the access code.  ``400``
missing or malformed number, ``404`` unknown, ``403`` wrong code, ``429``
(``Retry-After``) too many lookups.  Never the complainant's identity.
"""

from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from ptsp_portal.complaints import status
from zope.i18n import translate


class ComplaintStatusGet(Service):
    def reply(self):
        request = self.request
        response = request.response
        response.setHeader("Cache-Control", "no-store")
        code = request.form.get("code")
        try:
            result = status.lookup(
                request, request.form.get("number"), code if isinstance(code, str) else None
            )
        except status.TrackingError as exc:
            response.setStatus(exc.status)
            if isinstance(exc, status.TooManyLookups):
                response.setHeader("Retry-After", str(exc.retry_after))
            return {"error": {"type": exc.error_type, "message": translate(exc.message, context=request)}}
        answer = {
            "number": result["number"],
            "kind": result["kind"],
            "review_state": result["review_state"],
            "review_state_title": translate(result["state_title"], context=request),
            "filed": json_compatible(result["filed"]),
            "due_date": json_compatible(result["due_date"]),
            "answered_date": json_compatible(result["answered_date"]),
            "overdue": result["overdue"],
            "steps": [
                {
                    "date": json_compatible(step["date"]),
                    "review_state": step["state"],
                    "title": translate(step["title"], context=request),
                }
                for step in result["steps"]
            ],
            "answer_visible": result["answer_visible"],
        }
        if result["answer_visible"]:
            for key in ("subject", "answer", "rejection_reason", "forwarded_to"):
                answer[key] = result[key]
        return answer
