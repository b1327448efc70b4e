"""Time-based one-time codes (RFC 6238, pyotp) and the enrolment QR (segno).

Codes have 6 digits and change every 30 seconds (SHA-1: what every
authenticator app reads from an ``otpauth://`` URI).  One step either side of
the server's clock is accepted (phones drift).  A code is accepted only for a
time step later than the last step accepted for that user: the same code, or
an older one, cannot be used twice (replay).
"""

from pyotp.exceptions import OTPVerificationError

import pyotp
import segno
import time

DIGITS = 6
INTERVAL = 30
VALID_WINDOW = 1  # time steps accepted either side of now

# the clock; tests replace it
clock = time.time


def new_secret():
    """A fresh base32 secret of 160 bits (RFC 4226's recommended length)."""
    return pyotp.random_base32(32)


def _totp(secret):
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)


def otpauth_uri(secret, account, issuer):
    """The ``otpauth://totp/...`` URI an authenticator app reads."""
    return _totp(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri):
    """The URI as a QR code, an ``<svg>`` element to put inline in a page
    (no image URL: nothing of the secret is requested or cached)."""
    return segno.make(uri, error="m").svg_inline(scale=5, title="QR")


def clean(code):
    """The digits the user typed (spaces and dashes allowed), or ``""``."""
    code = "".join(str(code or "").split()).replace("-", "")
    return code if len(code) == DIGITS and code.isdigit() else ""


def matching_step(secret, code, after=-1, now=None):
    """The time step ``code`` belongs to if it is valid now and later than
    step ``after`` (the last one accepted), else ``None``."""
    code = clean(code)
    if not code or not secret:
        return None
    try:
        step = _totp(secret).verify_and_get_timecode(
            code, for_time=clock() if now is None else now, valid_window=VALID_WINDOW
        )
    except (OTPVerificationError, ValueError):
        return None
    return step if step > after else None


def code_at(secret, when):
    """The code of ``secret`` at time ``when`` (tests and the enrolment check)."""
    return _totp(secret).at(when)
