"""``@@coba-portal``: the guided first visit of a demo site ("Coba portal
ini"), linked from the front page.  Only on a demo (a site on which demo
accounts exist, ``ptsp_portal.demo``): elsewhere it is not found.  It names
the accounts, never their passwords (``make start`` prints those)."""

from Products.Five.browser import BrowserView
from ptsp_portal.demo import accounts
from ptsp_portal.demo.guide import guide
from zExceptions import NotFound
from zope.i18n import translate


class TryPortalView(BrowserView):
    def __call__(self):
        if not accounts.is_demo():
            raise NotFound("coba-portal")
        self.guide = guide()
        return self.index()

    def role(self, account):
        return translate(account.role, context=self.request)

    def has(self, account):
        return account.login in self.guide["has"]
