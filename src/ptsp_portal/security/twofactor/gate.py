"""The second factor at login: what the login gate (``loginlock``) asks once a
password is right, and how it judges the second step of ``/login``.

Where the code comes from, by the way the password came (``credentials
["extractor"]``):

- ``/login`` (``credentials_cookie_auth`` with ``__ac_password`` in the
  form): ``__ac_otp`` of the same form; without it the login form asks for
  it in a second step (a ticket, see ``tickets``);
- ``@login``: the ``otp`` of the JSON body, beside ``login`` and
  ``password`` (plone.restapi's ``jwt_auth`` extracts them from the body of
  any JSON POST; when it did not, our ``@login`` service hands them over
  for its own ``authenticate`` call);
- HTTP Basic: never; a user who must use a second factor cannot log in with
  it (a client would send the password with every request, and no code);
- a password in ``credentials_cookie_auth``'s own cookie, or from any other
  extractor: refused likewise;
- ``authenticate`` called by other code (Plone checking the current password
  before changing it): allowed only when the request is already
  authenticated as that very user.

A user who must use a second factor but has not enrolled yet (the setting
was switched on) is not logged in: the answer carries a new secret (in an
``enrol`` ticket) and its QR code, and the first valid code confirms the
secret and logs them in (``/login`` second step, or ``@login`` with
``otp`` and ``otp_enrolment``).  The password is the only proof until then,
as it was before the setting; whoever enrols first owns the account's second
factor, so an office switches the setting on when its officers can enrol
right away, and a Manager resets a second factor enrolled by mistake.
"""

from AccessControl import getSecurityManager
from ptsp_portal import _
from ptsp_portal.security.twofactor import plugin as storage
from ptsp_portal.security.twofactor import policy
from ptsp_portal.security.twofactor import tickets
from ptsp_portal.security.twofactor import totp

import logging

logger = logging.getLogger("ptsp_portal.twofactor")

STATE = "ptsp_two_factor"  # request.other: {"outcome", "user_id", "login"[, "extractor"]}
SERVICE_CODE = "ptsp_two_factor_service_code"  # request.other: (otp, enrolment ticket) of @login
# plone.restapi's JWT plugin extracts ``login`` and ``password`` from the JSON
# body of any POST (``@login`` first): the code travels beside them
JSON_EXTRACTOR = "jwt_auth"

# outcomes
OK = "ok"
NEEDED = "otp_required"  # right password, no code
WRONG = "otp_wrong"  # right password (or ticket), wrong or reused code: a failed login
ENROL = "enrolment_required"  # right password, must enrol first
BASIC = "basic_refused"  # right password over HTTP Basic (or another way without a code)
EXPIRED = "ticket_expired"  # second step with an unknown or expired ticket

# ticket purposes: they are not interchangeable
SECOND_STEP = "otp"  # the password was right; the code is asked next
LOGIN_ENROLMENT = "enrol_login"  # the password was right; a secret to confirm, which logs in
SESSION_ENROLMENT = "enrol"  # a secret for a logged-in user to confirm (no login)

REFUSALS = (NEEDED, WRONG, ENROL, BASIC, EXPIRED)

MESSAGES = {
    NEEDED: _(
        "otp_required",
        default="Akun ini memakai verifikasi dua langkah. Masukkan kode 6 angka dari aplikasi "
        "autentikator Anda.",
    ),
    WRONG: _(
        "otp_wrong",
        default="Kode verifikasi salah, kedaluwarsa atau sudah dipakai. Masukkan kode terbaru dari aplikasi "
        "autentikator Anda.",
    ),
    ENROL: _(
        "otp_enrolment_required",
        default="Akun Anda wajib memakai verifikasi dua langkah. Pindai kode QR dengan aplikasi autentikator "
        "(misalnya Google Authenticator, Microsoft Authenticator, FreeOTP), lalu masukkan kode 6 angka "
        "yang ditampilkannya.",
    ),
    BASIC: _(
        "otp_basic_refused",
        default="Akun ini memakai verifikasi dua langkah dan tidak dapat masuk dengan HTTP Basic. Masuk "
        "melalui halaman login, atau @login dengan kode verifikasi.",
    ),
    EXPIRED: _(
        "otp_ticket_expired",
        default="Waktu untuk memasukkan kode sudah habis. Masuk lagi dengan kata sandi Anda.",
    ),
}
ERROR_TYPES = {
    NEEDED: "OTPRequired",
    WRONG: "OTPRequired",
    ENROL: "OTPEnrolmentRequired",
    EXPIRED: "OTPRequired",
}


def state(request):
    """``{"outcome", "user_id", "login"}`` of a refused second factor in this request, or None."""
    return request.other.get(STATE) if request is not None else None


def _refuse(request, outcome, user_id, login):
    if request is not None:
        request.other[STATE] = {"outcome": outcome, "user_id": user_id, "login": login}
    return outcome


def _text(value):
    """A code or ticket of a JSON body (a code sent as a number loses no leading zero)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**totp.DIGITS:
        return str(value).zfill(totp.DIGITS)
    return value if isinstance(value, str) else ""


def must_use(pas, user_id):
    """``user_id`` logs in with a second factor: enrolled, or required."""
    store = storage.get(pas)
    if store is not None and store.factor(user_id) is not None:
        return True
    return policy.required(pas, user_id)


def _check_code(store, user_id, login, code, request):
    factor = store.factor(user_id)
    step = totp.matching_step(factor.secret, code, after=factor.last_step)
    if step is None:
        logger.info("wrong one-time code for %r", login)
        return _refuse(request, WRONG, user_id, login)
    store.accept(user_id, step)
    return OK


def _enrol(store, user_id, login, ticket, code, request):
    """Confirm the secret of an ``enrol_login`` ticket with its first code."""
    payload = tickets.read(ticket, LOGIN_ENROLMENT)
    if payload is None or payload["u"] != user_id or store.factor(user_id) is not None:
        return _refuse(request, EXPIRED, user_id, login)
    step = totp.matching_step(payload["s"], code)
    if step is None:
        return _refuse(request, WRONG, user_id, login)
    store.activate(user_id, payload["s"], step)
    logger.info("second factor enrolled for %r at login", login)
    return OK


def judge_password(pas, user_id, login, credentials, request):
    """The password of ``user_id`` was right: ``OK``, or why the login is
    refused (the reason is also kept on the request, see ``state``)."""
    outcome = _judge_password(pas, user_id, login, credentials, request)
    refused = state(request)
    if outcome != OK and refused is not None:
        refused["extractor"] = credentials.get("extractor")
    return outcome


def _judge_password(pas, user_id, login, credentials, request):
    store = storage.get(pas)
    if store is None:
        return OK
    enrolled = store.factor(user_id) is not None
    if not enrolled and not policy.required(pas, user_id):
        return OK
    extractor = credentials.get("extractor")
    form = getattr(request, "form", {}) if request is not None else {}
    enrolment = None
    if extractor is None:
        given = request.other.get(SERVICE_CODE) if request is not None else None
        if given is None:
            # a password check by other code, not a login
            current = getSecurityManager().getUser()
            if current is not None and current.getId() == user_id:
                return OK
            return _refuse(request, BASIC, user_id, login)
        code, enrolment = _text(given[0]), _text(given[1])
    elif extractor == "credentials_cookie_auth" and storage.PASSWORD_FIELD in form:
        code = form.get(storage.OTP_FIELD, "")
    elif extractor == JSON_EXTRACTOR:
        code, enrolment = _text(credentials.get("otp")), _text(credentials.get("otp_enrolment"))
    else:
        return _refuse(request, BASIC, user_id, login)
    if not enrolled:
        if enrolment and totp.clean(code):
            return _enrol(store, user_id, login, enrolment, code, request)
        return _refuse(request, ENROL, user_id, login)
    if not str(code or "").strip():
        return _refuse(request, NEEDED, user_id, login)
    return _check_code(store, user_id, login, code, request)


def judge_ticket(pas, credentials, request):
    """The second step of ``/login``: ``(outcome, user id)``."""
    store = storage.get(pas)
    login = credentials.get("login")
    ticket = credentials.get("ptsp_ticket")
    code = credentials.get("ptsp_otp", "")
    payload = tickets.read(ticket, SECOND_STEP) or tickets.read(ticket, LOGIN_ENROLMENT)
    if store is None or payload is None or payload["l"] != login:
        return _refuse(request, EXPIRED, None, login), None
    user_id = payload["u"]
    if payload["p"] == LOGIN_ENROLMENT:
        return _enrol(store, user_id, login, ticket, code, request), user_id
    if store.factor(user_id) is None:  # reset meanwhile
        return _refuse(request, EXPIRED, user_id, login), user_id
    if not code:
        return _refuse(request, NEEDED, user_id, login), user_id
    return _check_code(store, user_id, login, code, request), user_id


def enrolment(user_id, login, issuer, at_login=False):
    """A new secret to enrol: ``{ticket, secret, otpauth_uri, qr_svg}``; its
    ticket is confirmed at login (``at_login``: the password was right, the
    first code logs in) or by the logged-in user (``confirm``)."""
    secret = totp.new_secret()
    uri = totp.otpauth_uri(secret, login, issuer)
    purpose = LOGIN_ENROLMENT if at_login else SESSION_ENROLMENT
    return {
        "ticket": tickets.make(purpose, user_id, login, secret=secret),
        "secret": secret,
        "otpauth_uri": uri,
        "qr_svg": totp.qr_svg(uri),
    }


def second_step_ticket(user_id, login):
    return tickets.make(SECOND_STEP, user_id, login)


def confirm(pas, user_id, ticket, code):
    """Enrolment by a logged-in user: the secret of ``ticket`` (made for
    ``user_id``) is confirmed by ``code``.  True when it is now active."""
    store = storage.get(pas)
    payload = tickets.read(ticket, SESSION_ENROLMENT)
    if store is None or payload is None or payload["u"] != user_id or store.factor(user_id) is not None:
        return False
    step = totp.matching_step(payload["s"], code)
    if step is None:
        return False
    store.activate(user_id, payload["s"], step)
    logger.info("second factor enrolled for %r", user_id)
    return True


def verify_own(pas, user_id, code):
    """A logged-in user proves they hold their second factor (to switch it off)."""
    store = storage.get(pas)
    if store is None or store.factor(user_id) is None:
        return False
    return _check_code(store, user_id, user_id, code, None) == OK


def reset(pas, user_id):
    """A Manager removes ``user_id``'s second factor: they log in with the
    password alone again, or enrol anew if it is required."""
    store = storage.get(pas)
    done = store is not None and store.remove(user_id)
    if done:
        logger.warning("second factor of %r reset by %s", user_id, getSecurityManager().getUser().getId())
    return done


def enrolment_again(ticket, issuer, at_login=False):
    """The enrolment of a still valid ``ticket`` shown again (after a wrong code), or None."""
    payload = tickets.read(ticket, LOGIN_ENROLMENT if at_login else SESSION_ENROLMENT)
    if payload is None:
        return None
    uri = totp.otpauth_uri(payload["s"], payload["l"], issuer)
    return {"ticket": ticket, "secret": payload["s"], "otpauth_uri": uri, "qr_svg": totp.qr_svg(uri)}


def status(pas, user_id):
    """``{"enrolled", "required", "since"}`` of ``user_id`` (no secret)."""
    store = storage.get(pas)
    factor = store.factor(user_id) if store is not None else None
    return {
        "enrolled": factor is not None,
        "required": policy.required(pas, user_id),
        "since": factor.since if factor is not None else None,
    }


def enrolled_users(pas):
    """``[(user id, since)]`` of every enrolled user, for Managers."""
    store = storage.get(pas)
    return sorted(store.enrolled()) if store is not None else []
