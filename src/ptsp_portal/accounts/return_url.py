"""Back to the permit form after registering or logging in.

The permit page's "Masuk" and "Daftar akun baru" links carry ``came_from``
(the permit's form).  Logging in follows it already.  Registering does not:
Plone mails a link to set the password (that confirms the address), and the
citizen comes back from their mail, often much later, where ``came_from`` is
long gone.  So on registration the address is kept on the new member (the
hidden property ``ptsp_return_url``), and the first login after it (the
automatic one after setting the password, or a plain login) goes there once.
"""

from plone import api
from plone.base.interfaces import IRedirectAfterLogin
from ptsp_portal.interfaces import IBrowserLayer
from zope.component import adapter
from zope.globalrequest import getRequest
from zope.interface import implementer
from zope.interface import Interface

PROPERTY = "ptsp_return_url"


def _in_portal(url):
    if not isinstance(url, str) or not url:
        return False
    return bool(api.portal.get_tool("portal_url").isURLInPortal(url))


def remember_came_from(principal, event):
    """``IPrincipalCreatedEvent``: keep the register form's ``came_from``."""
    request = getRequest()
    came_from = request.form.get("came_from") if request is not None else None
    if not _in_portal(came_from):
        return
    member = api.user.get(userid=principal.getId())
    if member is not None:
        member.setMemberProperties({PROPERTY: came_from})


@implementer(IRedirectAfterLogin)
@adapter(Interface, IBrowserLayer)
class ReturnAfterLogin:
    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, came_from=None, is_initial_login=False):
        if api.user.is_anonymous():
            return came_from
        member = api.user.get_current()
        stored = member.getProperty(PROPERTY, "") or ""
        if stored:
            member.setMemberProperties({PROPERTY: ""})  # once
        if came_from:
            return came_from
        return stored if _in_portal(stored) else came_from
