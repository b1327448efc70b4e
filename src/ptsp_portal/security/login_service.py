"""``POST @login`` with the lock message and the second factor.

restapi answers a refused login "Wrong login and/or password."; here a locked
login gets 401 with our message, and a right password of a user who must use
a second factor gets 401 ``OTPRequired`` until the body carries a valid
``otp`` (``{"login", "password", "otp"}``).  A user who must use one but has
not enrolled gets 401 ``OTPEnrolmentRequired`` with a new secret to enrol
(``enrolment``: ``ticket``, ``secret``, ``otpauth_uri``, ``qr_svg``); sending
``{"login", "password", "otp", "otp_enrolment": <ticket>}`` with the first
code of that secret confirms it and logs in.
"""

from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.services.auth.login import Login
from ptsp_portal.security.loginlock import locked_message
from ptsp_portal.security.twofactor import gate
from zope.i18n import translate


class LockAwareLogin(Login):
    def reply(self):
        try:
            data = json_body(self.request)
        except Exception:  # restapi's own reply answers a bad body
            data = None
        if isinstance(data, dict):
            # marks the request as a login: the gate reads the code from here
            self.request.other[gate.SERVICE_CODE] = (data.get("otp"), data.get("otp_enrolment"))
        result = super().reply()
        if self.request.response.getStatus() != 401:
            return result
        text = locked_message(self.request)
        if text:
            return {"error": {"type": "Login locked", "message": text}}
        refused = gate.state(self.request)
        if refused and refused["outcome"] in gate.ERROR_TYPES:
            outcome = refused["outcome"]
            error = {
                "type": gate.ERROR_TYPES[outcome],
                "message": translate(gate.MESSAGES[outcome], context=self.request),
            }
            if outcome == gate.ENROL:
                error["enrolment"] = gate.enrolment(
                    refused["user_id"], refused["login"], api.portal.get().Title(), at_login=True
                )
            return {"error": error}
        return result
