"""``@2fa``: one's own second factor over REST, and the Managers' reset.

- ``GET @2fa``: ``{"enrolled", "required", "since"}``;
- ``POST @2fa`` with ``{}``: a new secret to enrol, ``{"ticket", "secret",
  "otpauth_uri", "qr_svg"}`` (nothing is stored yet); with ``{"ticket",
  "otp"}``: the secret of the ticket is confirmed by its first code and
  active from now on (400 ``OTPInvalid`` for a wrong code);
- ``DELETE @2fa`` with ``{"otp"}``: switch one's second factor off (403 when
  it is required);
- ``DELETE @2fa/<user id>``: a Manager (``ptsp_portal: Reset second
  factor``) removes a user's second factor (204; 404 when there is none).

A stored secret is never answered.  Writes refuse a cookie-authenticated
request from another site (``services.base.is_cross_site``).
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.permissions import ResetSecondFactor
from ptsp_portal.security.twofactor import gate
from ptsp_portal.services.base import JSONPostService
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

LOGIN_FIRST = _("Silakan masuk (login) terlebih dahulu.")
WRONG_CODE = _("Kode verifikasi salah, kedaluwarsa atau sudah dipakai.")


def _pas():
    return api.portal.get_tool("acl_users")


def _own_user():
    """The current user if they are a user of this site, else None."""
    if api.user.is_anonymous():
        return None
    user = api.user.get_current()
    return user if _pas().getUserById(user.getId()) is not None else None


class TwoFactorGet(Service):
    def reply(self):
        self.request.response.setHeader("Cache-Control", "no-store")
        user = _own_user()
        if user is None:
            self.request.response.setStatus(401)
            return {
                "error": {"type": "Unauthorized", "message": translate(LOGIN_FIRST, context=self.request)}
            }
        status = gate.status(_pas(), user.getId())
        return {
            "@id": f"{self.context.absolute_url()}/@2fa",
            "enrolled": status["enrolled"],
            "required": status["required"],
            "since": json_compatible(status["since"]),
        }


class _Write(JSONPostService):
    def body_limit(self):
        return 16 * 1024

    def start(self):
        """``(user, payload, None)`` or ``(None, None, error answer)``."""
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Cache-Control", "no-store")
        user = _own_user()
        if user is None:
            return None, None, self.error(401, "Unauthorized", LOGIN_FIRST)
        refused = self.refuse_cross_site()
        if refused is not None:
            return None, None, refused
        try:
            payload = self.read_body()
        except ValueError as exc:
            return None, None, self.error(400, "BadRequest", exc.args[0])
        if not isinstance(payload, dict):
            return None, None, self.error(400, "BadRequest", _("Isi permintaan harus berupa objek JSON."))
        return user, payload, None


class TwoFactorPost(_Write):
    def reply(self):
        user, payload, error = self.start()
        if error is not None:
            return error
        pas = _pas()
        user_id = user.getId()
        if gate.status(pas, user_id)["enrolled"]:
            return self.error(
                409,
                "Conflict",
                _("Verifikasi dua langkah sudah aktif. Matikan dulu sebelum mendaftarkan aplikasi baru."),
            )
        ticket = payload.get("ticket")
        if ticket is None:
            return gate.enrolment(user_id, user.getUserName(), api.portal.get().Title())
        if not isinstance(ticket, str) or not isinstance(payload.get("otp"), str):
            return self.error(400, "BadRequest", _("Kirim ticket dan otp sebagai teks."))
        if not gate.confirm(pas, user_id, ticket, payload["otp"]):
            return self.error(400, "OTPInvalid", WRONG_CODE)
        return {"enrolled": True}


@implementer(IPublishTraverse)
class TwoFactorDelete(_Write):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    def reply(self):
        if self.params:
            return self._reset(self.params[0])
        user, payload, error = self.start()
        if error is not None:
            return error
        pas = _pas()
        status = gate.status(pas, user.getId())
        if not status["enrolled"]:
            return self.error(404, "NotFound", _("Verifikasi dua langkah tidak aktif."))
        if status["required"]:
            return self.error(
                403, "Forbidden", _("Verifikasi dua langkah wajib untuk akun Anda dan tidak dapat dimatikan.")
            )
        otp = payload.get("otp")
        if not isinstance(otp, str) or not gate.verify_own(pas, user.getId(), otp):
            return self.error(400, "OTPInvalid", WRONG_CODE)
        gate.reset(pas, user.getId())
        return self.reply_no_content()

    def _reset(self, user_id):
        alsoProvides(self.request, IDisableCSRFProtection)
        if len(self.params) > 1:
            return self.error(404, "NotFound", _("Tidak ditemukan."))
        if not api.user.has_permission(ResetSecondFactor, obj=self.context):
            return self.error(
                403, "Forbidden", _("Hanya Manager yang dapat mengatur ulang verifikasi dua langkah.")
            )
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        if not gate.reset(_pas(), user_id):
            return self.error(404, "NotFound", _("Pengguna ini tidak memakai verifikasi dua langkah."))
        return self.reply_no_content()
