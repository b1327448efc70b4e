"""Login throttling (issue 12, section 5): a small PAS plugin of ours.

Five wrong passwords for one login within 15 minutes lock that login for 15
minutes, on ``/login``, ``@login`` and HTTP Basic alike, the right password
included.  Failures are also counted per client address (``ratelimit.
client_address``, which knows the client behind a trusted proxy): a locked
client gets the lock message for its failed attempts and is logged, but a
correct password is never refused because of the client, so colleagues behind
one office NAT keep logging in to their own accounts.

The plugin is the first ``IAuthenticationPlugin`` of the site's ``acl_users``
and wraps the others: for login/password credentials it refuses a locked
login (and clears the credentials so no later plugin authenticates them),
else it asks the other authentication plugins (``source_users``) and counts a
failure when none accepts the password.  A right password is then handed to
the second factor (``twofactor.gate``): a user who must use one is refused
without a valid code, a wrong or reused code counts as a failure, a missing
one neither counts nor clears the failures; the second step of ``/login``
(a ticket and the code, no password) is judged here too, with the same
locks.  Credentials without a password (plone.session's cookie, restapi's
JWT) pass untouched.  Logins the site does
not know but the Zope root does (the root ``admin``) are the root's business
and are not counted here.

Products.LoginLockout was not used: its last release (0.5.0) declares Plone
up to 6.0, keeps its counters in the ZODB (a write per failed login, lost when
the 401 aborts the transaction) and monkeypatches PAS.

Counters live in process memory (no ZODB write, no conflict on a failed
login): each Zope instance counts its own clients.  In a cluster
(``PTSP_SHARED_LIMITS`` set, as ``make cluster`` does) they live in
PostgreSQL instead (``sharedlogins``): a login locked on one instance is
locked on all, and unlocked on all; while that database cannot be reached,
each instance counts in its memory again (logged).  The limits are
constants, not registry records, on purpose (keeps the control panel
unchanged until issue 14).
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from Acquisition import aq_base
from collections import deque
from plone import api
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.interfaces.plugins import IChallengePlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from ptsp_portal import _
from ptsp_portal.audit.store_postgresql import DISCONNECTED
from ptsp_portal.security import sharedlogins
from ptsp_portal.security.ratelimit import client_address
from ptsp_portal.security.twofactor import gate
from ptsp_portal.security.twofactor import plugin as twofactor_plugin
from ptsp_portal.workflow import STEPS
from threading import Lock
from zExceptions import Unauthorized
from zope.component import adapter
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer
from ZPublisher.interfaces import IPubAfterTraversal

import hashlib
import logging
import math
import time

logger = logging.getLogger("ptsp_portal.loginlock")

PLUGIN_ID = "ptsp_login_lockout"
MAX_FAILURES = 5  # wrong passwords for one login ...
WINDOW_SECONDS = 15 * 60  # ... within this time ...
LOCK_SECONDS = 15 * 60  # ... lock it this long
CLIENT_MAX_FAILURES = 20  # wrong passwords from one client address, any logins
# the officers' groups of the workflow steps, and the queue readers' group
OFFICER_GROUPS = ("ptsp-officers", *(group for _permission, _role, group in STEPS.values()))
UNLOCK_ROLES = ("Manager", "Site Administrator")

BASIC_EXTRACTOR = "credentials_basic_auth"
LOCKED = "ptsp_login_locked"  # request key: (kind, seconds left, extractor)
_SEEN = "_ptsp_login_attempts"  # request key: attempts already judged

# the clock; tests replace it (monotonic: a wall-clock jump neither unlocks nor locks)
clock = time.monotonic

_failures = {}  # (kind, key) -> deque of failure times in the window
_locked_until = {}  # (kind, key) -> time the lock ends
_lock = Lock()


def _prune(hits, now):
    while hits and hits[0] <= now - WINDOW_SECONDS:
        hits.popleft()


def _shared(method, *args):
    """``(True, answer)`` of the cluster's shared store (``sharedlogins``), or
    ``(False, None)``: no shared store, or it cannot be reached (then this
    instance counts in its memory)."""
    shared = sharedlogins.store()
    if shared is None:
        return False, None
    try:
        return True, getattr(shared, method)(*args)
    except DISCONNECTED:
        logger.exception("shared login locks unreachable: %s counted in this instance", method)
        return False, None


def seconds_locked(kind, key, now=None):
    """Seconds until ``key`` (a login or a client address) is unlocked; 0 if it is not locked."""
    done, answer = _shared("seconds_locked", kind, key)
    if done:
        return answer
    now = clock() if now is None else now
    with _lock:
        until = _locked_until.get((kind, key))
        if until is None:
            return 0
        if until <= now:
            del _locked_until[(kind, key)]
            _failures.pop((kind, key), None)
            return 0
        return until - now


def record_failure(kind, key, now=None):
    """Count one wrong password; lock ``key`` when it reaches its limit.
    Returns the seconds locked (0: not locked)."""
    limit = MAX_FAILURES if kind == "login" else CLIENT_MAX_FAILURES
    done, answer = _shared("record_failure", kind, key, WINDOW_SECONDS, limit, LOCK_SECONDS)
    if done:
        if answer >= LOCK_SECONDS - 1:  # locked by this failure
            logger.warning("%s %r locked after %s failed logins (all instances)", kind, key, limit)
        return answer
    now = clock() if now is None else now
    with _lock:
        hits = _failures.setdefault((kind, key), deque())
        _prune(hits, now)
        hits.append(now)
        if len(hits) >= limit and (kind, key) not in _locked_until:
            _locked_until[(kind, key)] = now + LOCK_SECONDS
            logger.warning("%s %r locked after %s failed logins", kind, key, len(hits))
        if len(_failures) > 10000:  # forget idle keys
            for stale in [k for k, v in _failures.items() if not v or v[-1] <= now - WINDOW_SECONDS]:
                if stale not in _locked_until:
                    del _failures[stale]
        until = _locked_until.get((kind, key))
    return max(until - now, 0) if until else 0


def forget_failures(kind, key):
    _shared("forget_failures", kind, key)
    with _lock:
        _failures.pop((kind, key), None)


def unlock(kind, key):
    """Lift a lock and forget the failures (on every instance, with a shared
    store); True if ``key`` was locked."""
    _done, was_shared = _shared("unlock", kind, key)
    with _lock:
        _failures.pop((kind, key), None)
        return bool(_locked_until.pop((kind, key), None) is not None or was_shared)


def locked(now=None):
    """``[(kind, key, seconds left)]`` of every current lock."""
    done, answer = _shared("locked")
    if done:
        return answer
    now = clock() if now is None else now
    with _lock:
        return sorted((kind, key, until - now) for (kind, key), until in _locked_until.items() if until > now)


def reset():
    """Forget everything (tests)."""
    _shared("reset")
    with _lock:
        _failures.clear()
        _locked_until.clear()


def message(kind, seconds):
    minutes = max(math.ceil(seconds / 60), 1)
    if kind == "client":
        return _(
            "login_client_locked",
            default="Terlalu banyak percobaan masuk yang gagal dari alamat Anda. "
            "Coba lagi dalam ${minutes} menit.",
            mapping={"minutes": minutes},
        )
    return _(
        "login_locked",
        default="Akun ini dikunci sementara karena terlalu banyak percobaan masuk yang gagal. "
        "Coba lagi dalam ${minutes} menit atau hubungi petugas PTSP untuk membukanya.",
        mapping={"minutes": minutes},
    )


def locked_message(request):
    """The translated lock message of this request, or None."""
    state = request.get(LOCKED) if request is not None else None
    if not state:
        return None
    kind, seconds, _extractor = state
    return translate(message(kind, seconds), context=request)


@implementer(IAuthenticationPlugin, IChallengePlugin)
class LoginLockoutPlugin(BasePlugin):
    """Refuses locked logins and counts wrong passwords (see the module)."""

    meta_type = "PTSP Login Lockout"
    protocol = "ptsp_login_lockout"
    security = ClassSecurityInfo()

    def __init__(self, id, title=None):
        self._setId(id)
        self.title = title

    def _request(self):
        return getRequest() or getattr(self, "REQUEST", None)

    def _others(self):
        plugins = self._getPAS().plugins
        own = self.getId()
        return [(pid, plugin) for pid, plugin in plugins.listPlugins(IAuthenticationPlugin) if pid != own]

    def _known_only_above(self, login):
        """The login is not a user of this site but of the Zope root."""
        pas = self._getPAS()
        if pas._verifyUser(pas.plugins, login=login):
            return False
        root_users = getattr(aq_base(self.getPhysicalRoot()), "acl_users", None)
        if root_users is None or aq_base(root_users) is aq_base(pas):
            return False
        return self.getPhysicalRoot().acl_users.getUser(login) is not None

    def _mark_locked(self, request, kind, seconds, credentials):
        if request is None:
            return
        extractor = credentials.get("extractor")
        request.set(LOCKED, (kind, seconds, extractor))
        if "__ac_name" in request.form:  # the login form: a status message
            api.portal.show_message(message(kind, seconds), request=request, type="error")

    def _attempt(self, login, credentials):
        """What identifies one attempt in this request (no secret kept in clear)."""
        if credentials.get("extractor") == twofactor_plugin.EXTRACTOR:
            secret = f"ticket:{credentials.get('ptsp_ticket')}:{credentials.get('ptsp_otp')}"
        else:
            secret = f"password:{credentials.get('password')}"
        return (login, hashlib.sha256(secret.encode("utf-8")).hexdigest())

    def _check_password(self, login, credentials, request):
        """``(result, failed)``: the other plugins judge the password, then the
        second factor (``twofactor.gate``) is asked for, where it applies."""
        result = None
        for _pid, plugin in self._others():
            try:
                answer = plugin.authenticateCredentials(dict(credentials))
            except Exception:
                logger.exception("authentication plugin %s failed", _pid)
                continue
            if answer is not None and answer[0] is not None:
                result = answer
                break
        if result is None:
            return None, not self._known_only_above(login)
        outcome = gate.judge_password(self._getPAS(), result[0], login, credentials, request)
        if outcome != gate.OK:
            # a right password without its code neither counts nor clears failures
            return None, outcome == gate.WRONG
        return result, False

    @security.private
    def authenticateCredentials(self, credentials):
        login = credentials.get("login")
        password = credentials.get("password")
        second_step = credentials.get("extractor") == twofactor_plugin.EXTRACTOR
        if not login or (password is None and not second_step):
            return None
        request = self._request()
        seen = request.other.setdefault(_SEEN, {}) if request is not None else {}
        attempt = self._attempt(login, credentials)
        if attempt in seen:  # the same credentials judged again in one request
            result = seen[attempt]
            if result is None:
                credentials.clear()
            return result

        login_locked = seconds_locked("login", login)
        if login_locked:
            logger.info("refused locked login %r from %s", login, client_address(request) if request else "?")
            self._mark_locked(request, "login", login_locked, credentials)
            seen[attempt] = None
            credentials.clear()  # no later plugin may accept it
            return None

        if second_step:  # the one-time code after the password (``/login``)
            outcome, user_id = gate.judge_ticket(self._getPAS(), credentials, request)
            result = (user_id, login) if outcome == gate.OK else None
            failed = outcome == gate.WRONG
        else:
            result, failed = self._check_password(login, credentials, request)
        if result is not None:
            forget_failures("login", login)
        elif failed:
            address = client_address(request) if request is not None else "unknown"
            logger.info("failed login %r from %s", login, address)
            login_locked = record_failure("login", login)
            client_locked = record_failure("client", address)
            if login_locked:
                self._mark_locked(request, "login", login_locked, credentials)
            elif client_locked:
                self._mark_locked(request, "client", client_locked, credentials)
        seen[attempt] = result
        credentials.clear()  # judged here: the others need not check the password again
        return result

    @security.private
    def challenge(self, request, response):
        """A locked login, or a right password refused for want of a second
        factor, over HTTP Basic: 401 with the message, not a redirect to the
        login form."""
        text = refusal_message(request)
        if not text:
            return False
        response.setStatus(401)
        response.setHeader("WWW-Authenticate", 'Basic realm="Zope"')
        response.setHeader("Content-Type", "text/plain; charset=utf-8")
        response.setBody(text)
        return True


InitializeClass(LoginLockoutPlugin)


def _second_factor_message(request):
    """A right password over HTTP Basic of a user who must use a second factor."""
    refused = gate.state(request)
    if refused and refused["outcome"] == gate.BASIC and refused.get("extractor") == BASIC_EXTRACTOR:
        return translate(gate.MESSAGES[gate.BASIC], context=request)
    return None


def refusal_message(request):
    """Why credentials were refused: a lock, or HTTP Basic of a user who must
    use a second factor (``twofactor.gate``); None otherwise."""
    return locked_message(request) or _second_factor_message(request)


@adapter(IPubAfterTraversal)
def refuse_locked_basic_auth(event):
    """HTTP Basic credentials of a locked login, or of a user who must use a
    second factor, answer 401 with the message, on public pages too (else the
    client silently sees the anonymous page)."""
    request = event.request
    state = request.get(LOCKED)
    if state and state[2] == BASIC_EXTRACTOR:
        raise Unauthorized(locked_message(request))
    text = _second_factor_message(request)
    if text:
        raise Unauthorized(text)


def install(portal):
    """Add the plugin to the site's ``acl_users``, first for authentication and challenge."""
    pas = portal.acl_users
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, LoginLockoutPlugin(PLUGIN_ID, title="PTSP login throttling"))
    plugins = pas.plugins
    for interface in (IAuthenticationPlugin, IChallengePlugin):
        active = [pid for pid, _plugin in plugins.listPlugins(interface)]
        if PLUGIN_ID not in active:
            plugins.activatePlugin(interface, PLUGIN_ID)
        plugins.movePluginsTop(interface, [PLUGIN_ID])


def uninstall(portal):
    pas = portal.acl_users
    if PLUGIN_ID in pas.objectIds():
        pas._delObject(PLUGIN_ID)


def may_unlock(user=None):
    """Managers, Site Administrators and officers may lift locks."""
    user = user or api.user.get_current()
    if user is None or api.user.is_anonymous():
        return False
    if set(UNLOCK_ROLES) & set(api.user.get_roles(user=user)):
        return True
    return bool(set(OFFICER_GROUPS) & set(user.getGroups() or ()))
