"""``POST @login`` with the lock message: restapi answers a refused login
"Wrong login and/or password."; a locked login gets 401 with our message."""

from plone.restapi.services.auth.login import Login
from ptsp_portal.security.loginlock import locked_message


class LockAwareLogin(Login):
    def reply(self):
        result = super().reply()
        text = locked_message(self.request)
        if text and self.request.response.getStatus() == 401:
            return {"error": {"type": "Login locked", "message": text}}
        return result
