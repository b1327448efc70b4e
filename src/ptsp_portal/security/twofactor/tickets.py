"""Signed, short-lived tickets between two steps of a login or an enrolment.

A ticket says "the password of ``login`` (user ``user_id``) was right at
this moment" (purpose ``otp``: the second step of ``/login`` only asks for
the code, the password is not sent twice nor written into the page), or
carries a secret being enrolled (purpose ``enrol``: the secret travels with
the person enrolling until they confirm it with a first code, so that nothing
is stored before then).  It is HMAC-SHA256-signed with the site's keyring
(plone.keyring's ``_system`` ring, whose keys Plone rotates: every key of the
ring verifies) and expires after ``LIFETIME`` seconds.  Anyone holding a
ticket still needs a valid code, and wrong codes count as failed logins.
"""

from plone.keyring.interfaces import IKeyManager
from zope.component import queryUtility

import base64
import hashlib
import hmac
import json
import time

LIFETIME = 10 * 60
_DOMAIN = b"ptsp-two-factor-ticket:"

# the clock; tests replace it
clock = time.time


def _keys():
    manager = queryUtility(IKeyManager)
    if manager is None:
        return []
    return [key for key in manager["_system"] if key]


def _sign(key, body):
    if isinstance(key, str):
        key = key.encode("utf-8")
    return hmac.new(key, _DOMAIN + body, hashlib.sha256).hexdigest()


def make(purpose, user_id, login, secret=None):
    """A ticket for ``purpose`` (``otp`` or ``enrol``)."""
    payload = {"p": purpose, "u": user_id, "l": login, "e": int(clock()) + LIFETIME}
    if secret:
        payload["s"] = secret
    body = base64.urlsafe_b64encode(json.dumps(payload, sort_keys=True).encode("utf-8"))
    keys = _keys()
    if not keys:
        raise RuntimeError("no keyring: cannot sign a two-factor ticket")
    return f"{body.decode('ascii')}.{_sign(keys[0], body)}"


def read(ticket, purpose):
    """The payload ``{p, u, l, e[, s]}`` of a valid, unexpired ``ticket`` of
    ``purpose``, else ``None``."""
    if not isinstance(ticket, str) or ticket.count(".") != 1 or len(ticket) > 2000:
        return None
    body, signature = ticket.encode("ascii", "replace").split(b".")
    signature = signature.decode("ascii")
    if not any(hmac.compare_digest(_sign(key, body), signature) for key in _keys()):
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(body))
    except ValueError:
        return None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        return None
    if not isinstance(payload.get("e"), int) or payload["e"] < clock():
        return None
    return payload
