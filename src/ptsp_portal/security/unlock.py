"""``@@ptsp-unlock-login``: Managers, Site Administrators and officers see the
logins and client addresses locked by login throttling and lift a lock."""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ptsp_portal import _
from ptsp_portal.security import loginlock
from zExceptions import Unauthorized

import math


class UnlockLoginView(BrowserView):
    template = ViewPageTemplateFile("templates/unlock_login.pt")

    def __call__(self):
        if not loginlock.may_unlock():
            raise Unauthorized("Only Managers, Site Administrators and officers may unlock logins.")
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            kind = self.request.form.get("kind", "login")
            key = (self.request.form.get("key") or "").strip()
            if kind not in ("login", "client") or not key:
                api.portal.show_message(_("Tidak ada yang dibuka."), request=self.request, type="error")
            elif loginlock.unlock(kind, key):
                loginlock.logger.info("%s %r unlocked by %s", kind, key, api.user.get_current().getId())
                api.portal.show_message(
                    _("${key} dibuka kembali.", mapping={"key": key}), request=self.request, type="info"
                )
            else:
                text = _("${key} tidak sedang dikunci.", mapping={"key": key})
                api.portal.show_message(text, request=self.request, type="warning")
            self.request.response.redirect(f"{self.context.absolute_url()}/@@ptsp-unlock-login")
            return ""
        return self.template()

    def locks(self):
        return [
            {"kind": kind, "key": key, "minutes": max(math.ceil(seconds / 60), 1)}
            for kind, key, seconds in loginlock.locked()
        ]
