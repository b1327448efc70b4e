"""Where second factors are kept: the PAS plugin ``ptsp_two_factor``.

One ``SecondFactor`` per enrolled user, in an ``OOBTree`` keyed by user id,
inside the plugin in the site's ``acl_users``: the secret and the last time
step accepted (replay protection).  Nothing here is publishable (private
methods, ``_``-attributes), no REST serializer reads it, and a secret is
never shown again once its enrolment is confirmed.  A record is a persistent
object of its own, so that two logins accepting codes of one user at the same
moment conflict (one is retried and sees the step the other stored) while
logins of different users never do.

The plugin is also the extraction plugin of the second step of ``/login``
(``__ptsp_2fa_ticket`` and ``__ac_otp`` posted with ``__ac_name``): those
credentials carry no password, and the login gate (``loginlock``) judges
them with ``gate.judge_ticket``.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from BTrees.OOBTree import OOBTree
from datetime import datetime
from datetime import timezone
from persistent import Persistent
from Products.PluggableAuthService.interfaces.plugins import IExtractionPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zope.interface import implementer

PLUGIN_ID = "ptsp_two_factor"
EXTRACTOR = PLUGIN_ID  # ``credentials["extractor"]`` of the second step
LOGIN_FIELD = "__ac_name"
PASSWORD_FIELD = "__ac_password"
OTP_FIELD = "__ac_otp"
TICKET_FIELD = "__ptsp_2fa_ticket"


class SecondFactor(Persistent):
    """One user's TOTP secret, when it was confirmed, the last step accepted."""

    def __init__(self, secret, step):
        self.secret = secret
        self.last_step = step
        self.since = datetime.now(timezone.utc)


@implementer(IExtractionPlugin)
class TwoFactorPlugin(BasePlugin):
    """Second factors of the site's users (see the module)."""

    meta_type = "PTSP Two-Factor"
    security = ClassSecurityInfo()

    def __init__(self, id, title=None):
        self._setId(id)
        self.title = title
        self._factors = OOBTree()

    @security.private
    def factor(self, user_id):
        return self._factors.get(user_id) if user_id else None

    @security.private
    def enrolled(self):
        """``[(user id, since)]`` of every enrolled user."""
        return [(user_id, factor.since) for user_id, factor in self._factors.items()]

    @security.private
    def activate(self, user_id, secret, step):
        self._factors[user_id] = SecondFactor(secret, step)

    @security.private
    def accept(self, user_id, step):
        """Code of ``step`` used: older and equal steps are refused from now on."""
        self._factors[user_id].last_step = step

    @security.private
    def remove(self, user_id):
        """Forget ``user_id``'s second factor; True if there was one."""
        if user_id in self._factors:
            del self._factors[user_id]
            return True
        return False

    @security.private
    def extractCredentials(self, request):
        form = getattr(request, "form", {})
        if request.get("REQUEST_METHOD") != "POST" or not form.get(TICKET_FIELD):
            return {}
        login = form.get(LOGIN_FIELD)
        if not login or not isinstance(login, str):
            return {}
        return {
            "login": login,
            "ptsp_ticket": str(form[TICKET_FIELD]),
            "ptsp_otp": str(form.get(OTP_FIELD, "")),
        }


InitializeClass(TwoFactorPlugin)


def get(pas):
    """The site's plugin (``None`` before it is installed)."""
    return pas._getOb(PLUGIN_ID, None)


def install(portal):
    pas = portal.acl_users
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, TwoFactorPlugin(PLUGIN_ID, title="PTSP two-factor login"))
    plugins = pas.plugins
    if PLUGIN_ID not in [pid for pid, _plugin in plugins.listPlugins(IExtractionPlugin)]:
        plugins.activatePlugin(IExtractionPlugin, PLUGIN_ID)


def uninstall(portal):
    pas = portal.acl_users
    if PLUGIN_ID in pas.objectIds():
        pas._delObject(PLUGIN_ID)
