"""Two-factor login on the Classic UI (``ptsp_portal.security.twofactor``).

- ``/login`` (``TwoFactorLoginForm``, Plone's login form): when the password
  is right and the user must use a second factor, a second step asks for the
  code (the password is not written into the page: a signed ticket proves
  it), or shows the QR code to enrol when the user has none yet;
- ``@@ptsp-2fa``: the logged-in user's own second factor: enrol (QR code,
  confirmed by a first code), or switch it off with a code when it is not
  required;
- ``@@ptsp-2fa-reset``: Managers list who enrolled and reset a user's second
  factor;
- ``passwordreset`` (the link of the password reset mail): Plone logs the
  user in after setting the new password; not someone who must use a
  second factor, who logs in on ``/login`` with the new password and a code.
"""

from pathlib import Path
from plone import api
from plone.base import PloneMessageFactory as PMF
from plone.protect import CheckAuthenticator
from Products.CMFPlone.browser.login import login as plone_login
from Products.CMFPlone.browser.login.login import LoginForm
from Products.CMFPlone.browser.login.password_reset import PasswordResetView
from Products.CMFPlone.RegistrationTool import get_member_by_login_name
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ptsp_portal import _
from ptsp_portal.permissions import ResetSecondFactor
from ptsp_portal.security.twofactor import gate
from ptsp_portal.security.twofactor.plugin import LOGIN_FIELD
from ptsp_portal.security.twofactor.plugin import OTP_FIELD
from ptsp_portal.security.twofactor.plugin import TICKET_FIELD
from z3c.form import button
from zExceptions import Unauthorized
from zope.i18n import translate

ASK_CODE = (gate.NEEDED, gate.WRONG, gate.ENROL)


def grouped(secret):
    """The secret in groups of four, easier to type (apps ignore the spaces)."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _issuer():
    return api.portal.get().Title()


def _pas():
    return api.portal.get_tool("acl_users")


class TwoFactorLoginForm(LoginForm):
    """Plone's login form with a second step for the one-time code."""

    index = ViewPageTemplateFile("templates/login.pt", _prefix=str(Path(plone_login.__file__).parent))
    second_step = ViewPageTemplateFile("templates/login_second_step.pt")
    step = None  # None (Plone's form), "otp" or "enrol"
    ticket = None
    enrolment = None
    message = None
    alert = "alert alert-info"

    grouped = staticmethod(grouped)
    login_field = LOGIN_FIELD
    otp_field = OTP_FIELD
    ticket_field = TICKET_FIELD

    def update(self):
        form = self.request.form
        if self.request.method == "POST" and form.get(TICKET_FIELD):
            self._judged_second_step()
            if self.step is not None or self.request.response.getStatus() in (301, 302):
                return
        super().update()

    def render(self):
        if self.step is None:
            return super().render()
        self._set_no_cache_headers()
        return self.second_step()

    @button.buttonAndHandler(PMF("Log in"), name="login")
    def handleLogin(self, action):
        refused = gate.state(self.request)
        if refused and refused["outcome"] in ASK_CODE and api.user.is_anonymous():
            self._ask(refused["outcome"], refused["user_id"], refused["login"])
            return
        return LoginForm.handleLogin(self, action)

    def _ask(self, outcome, user_id, login, ticket=None):
        """Show the second step for ``outcome``."""
        self.message = translate(gate.MESSAGES[outcome], context=self.request)
        self.alert = "alert alert-danger" if outcome == gate.WRONG else "alert alert-info"
        self.came_from = self.get_came_from() or self.request.form.get("came_from") or ""
        self.login = login
        again = gate.enrolment_again(ticket, _issuer(), at_login=True) if ticket else None
        if again is not None or outcome == gate.ENROL:
            self.step = "enrol"
            self.enrolment = again or gate.enrolment(user_id, login, _issuer(), at_login=True)
            self.ticket = self.enrolment["ticket"]
        else:
            self.step = "otp"
            self.ticket = ticket or gate.second_step_ticket(user_id, login)

    def _judged_second_step(self):
        """The code of the second step was judged while authenticating this
        request (``loginlock`` and ``gate.judge_ticket``)."""
        if not api.user.is_anonymous():
            is_initial_login = self._post_login()
            api.portal.show_message(
                PMF("you_are_now_logged_in", default="Welcome! You are now logged in."), self.request, "info"
            )
            self.redirect_after_login(self.request.form.get("came_from"), is_initial_login)
            return
        refused = gate.state(self.request)
        if refused and refused["outcome"] in ASK_CODE:
            ticket = self.request.form.get(TICKET_FIELD)
            self._ask(refused["outcome"], refused["user_id"], refused["login"], ticket=ticket)
        elif refused:  # expired: start again with the password
            api.portal.show_message(gate.MESSAGES[refused["outcome"]], self.request, "error")
        # else locked: loginlock has shown its message


class TwoFactorView(BrowserView):
    """``@@ptsp-2fa``: the logged-in user's own second factor."""

    template = ViewPageTemplateFile("templates/twofactor.pt")
    enrolment = None
    grouped = staticmethod(grouped)

    def __call__(self):
        user = api.user.get_current()
        if api.user.is_anonymous() or _pas().getUserById(user.getId()) is None:
            raise Unauthorized("Only users of this site have a second factor.")
        self.user_id = user.getId()
        self.login = user.getUserName()
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if self._post():
                self.request.response.redirect(f"{self.context.absolute_url()}/@@ptsp-2fa")
                return ""
        self.status = gate.status(_pas(), self.user_id)
        if not self.status["enrolled"] and self.enrolment is None:
            self.enrolment = gate.enrolment(self.user_id, self.login, _issuer())
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.template()

    def _post(self):
        form = self.request.form
        code = form.get(OTP_FIELD, "")
        if form.get("action") == "confirm":
            ticket = form.get(TICKET_FIELD, "")
            if gate.confirm(_pas(), self.user_id, ticket, code):
                api.portal.show_message(_("Verifikasi dua langkah aktif."), self.request, "info")
                return True
            api.portal.show_message(gate.MESSAGES[gate.WRONG], self.request, "error")
            self.enrolment = gate.enrolment_again(ticket, _issuer())
            return False
        if form.get("action") == "disable":
            if gate.status(_pas(), self.user_id)["required"]:
                api.portal.show_message(
                    _("Verifikasi dua langkah wajib untuk akun Anda dan tidak dapat dimatikan."),
                    self.request,
                    "error",
                )
            elif gate.verify_own(_pas(), self.user_id, code):
                gate.reset(_pas(), self.user_id)
                api.portal.show_message(_("Verifikasi dua langkah dimatikan."), self.request, "info")
                return True
            else:
                api.portal.show_message(gate.MESSAGES[gate.WRONG], self.request, "error")
        return False

    def since(self):
        since = self.status["since"]
        return api.portal.get_localized_time(since.isoformat(), long_format=True) if since else ""


class TwoFactorResetView(BrowserView):
    """``@@ptsp-2fa-reset``: Managers reset a user's second factor."""

    template = ViewPageTemplateFile("templates/twofactor_reset.pt")

    def __call__(self):
        if not api.user.has_permission(ResetSecondFactor, obj=self.context):
            raise Unauthorized("Only Managers reset a second factor.")
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            user_id = (self.request.form.get("user_id") or "").strip()
            if user_id and gate.reset(_pas(), user_id):
                api.portal.show_message(
                    _("Verifikasi dua langkah ${user} dihapus.", mapping={"user": user_id}),
                    self.request,
                    "info",
                )
            else:
                api.portal.show_message(
                    _("${user} tidak memakai verifikasi dua langkah.", mapping={"user": user_id}),
                    self.request,
                    "warning",
                )
            self.request.response.redirect(f"{self.context.absolute_url()}/@@ptsp-2fa-reset")
            return ""
        return self.template()

    def users(self):
        pas = _pas()
        rows = []
        for user_id, since in gate.enrolled_users(pas):
            user = api.user.get(userid=user_id)
            rows.append(
                {
                    "id": user_id,
                    "fullname": (user.getProperty("fullname") if user is not None else "") or user_id,
                    "since": api.portal.get_localized_time(since.isoformat(), long_format=True),
                }
            )
        return rows


class TwoFactorPasswordResetView(PasswordResetView):
    """Plone's password reset, without its login for who must use a second factor."""

    def _auto_login(self, userid, password):
        member = get_member_by_login_name(self.context, userid, False)
        if member is not None and gate.must_use(_pas(), member.getId()):
            api.portal.show_message(
                _("Kata sandi Anda sudah diganti. Masuk dengan kata sandi baru dan kode verifikasi."),
                self.request,
                "info",
            )
            self.request.response.redirect(f"{api.portal.get().absolute_url()}/login")
            return ""
        return super()._auto_login(userid, password)
