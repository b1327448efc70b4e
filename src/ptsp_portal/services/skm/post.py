"""``POST /@skm`` — answer a survey with the invitation's token::

    {"token": "…", "answers": {"persyaratan": 4, "prosedur": 3, …},
     "profile": {"age_band": "26-35", "sex": "P", "education": "s1",
                 "occupation": "wiraswasta"},
     "suggestion": "…", "file_suggestion": false}

All nine elements (by name, ``ptsp_portal.survey.elements``) are required,
1–4; the profile and the suggestion are optional.  Anyone holding the
token may answer (the mail's link works without logging in); a logged-in
user who is not the applicant may not.  Answers: ``201 {"answered": true,
"complaint_number", "access_code"}``; ``400`` missing or malformed token
or invalid answers (a message per field); ``403`` another user's survey;
``404`` unknown token; ``409`` the token was used already.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from ptsp_portal import _
from ptsp_portal.services.base import JSONPostService
from ptsp_portal.survey.answering import AnswerError
from ptsp_portal.survey.answering import FORM_ERROR
from ptsp_portal.survey.answering import submit
from ptsp_portal.survey.invitations import TokenError
from zope.i18n import translate
from zope.interface import alsoProvides

BODY_LIMIT = 64 * 1024


class SkmPost(JSONPostService):
    def body_limit(self):
        return BODY_LIMIT

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Cache-Control", "no-store")
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        try:
            payload = self.read_body()
        except ValueError as exc:
            return self.error(400, "BadRequest", exc.args[0])
        token = payload.get("token") if isinstance(payload, dict) else None
        try:
            result = submit(token, payload)
        except TokenError as exc:
            return self.error(exc.status, exc.error_type, exc.message)
        except AnswerError as exc:
            message = exc.errors.get(FORM_ERROR) or _("Survei belum tersimpan: periksa isian berikut.")
            errors = [
                {"field": field, "message": translate(text, context=self.request)}
                for field, text in sorted(exc.errors.items())
            ]
            return self.error(400, "ValidationError", message, errors)
        self.request.response.setStatus(201)
        return {"answered": True, **result}
