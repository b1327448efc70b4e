"""``GET <permit-type-url>/@apply``

The fields of the permit type's application form, so that a mobile client
can render it: id, title, description, type, required, choices and, for
documents, the accepted file types (tokens and MIME types) and the size
limit.  For a logged-in citizen the applicant fields carry a ``default``
from their profile.
"""

from plone.restapi.services import Service
from ptsp_portal.forms.codec import describe


class ApplyGet(Service):
    def reply(self):
        self.request.response.setHeader("Cache-Control", "private, no-cache")
        return describe(self.context, self.request)
