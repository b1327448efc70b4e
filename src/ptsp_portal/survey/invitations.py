"""One survey per decided application, invited with a one-time token.

The token is derived, ``HMAC-SHA256(storage secret, "skm:" + application
UID)``, so the mail and the card in "Permohonan Saya" carry the same token
without the site keeping it: only its SHA-256 hash is stored, in
``tokens`` (hash -> application UID, while unanswered) and, once used, in
``used`` (hashes only, for the "already answered" answer).  When the
survey is answered the invitation is removed and the application gets
the flag ``skm_answered`` and nothing else: the response is stored
without the token, its hash or the application (``storage``).
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.survey.storage import get_storage

import base64
import hashlib
import hmac
import re

ANSWERED = "skm_answered"  # the flag on the application
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


class TokenError(Exception):
    status = 400
    error_type = "BadRequest"

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class MalformedToken(TokenError):
    status = 400


class UnknownToken(TokenError):
    status = 404
    error_type = "NotFound"


class UsedToken(TokenError):
    status = 409
    error_type = "Conflict"


class NotYours(TokenError):
    status = 403
    error_type = "Forbidden"


MISSING = _("Tautan survei tidak lengkap: token tidak ada.")
MALFORMED = _("Token survei tidak sah. Buka tautan dari email atau dari Permohonan Saya.")
UNKNOWN = _("Token survei tidak ditemukan. Buka tautan dari email atau dari Permohonan Saya.")
USED = _("Survei untuk permohonan ini sudah diisi. Terima kasih atas penilaian Anda.")
NOT_YOURS = _(
    "Survei ini ditujukan kepada pemohon lain. Masuklah dengan akun pemohon, "
    "atau keluar (logout) terlebih dahulu."
)


def token_for(storage, uid):
    digest = hmac.new(storage.secret, f"skm:{uid}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def token_hash(token):
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def is_invited(storage, application):
    return getattr(application, ANSWERED, False) or (
        storage is not None and application.UID() in storage.invitations
    )


def invite(application, today):
    """Open the application's survey; its token, or ``None`` when it was
    invited before (one survey per application)."""
    storage = get_storage(api.portal.get(), create=True)
    if is_invited(storage, application):
        return None
    uid = application.UID()
    token = token_for(storage, uid)
    digest = token_hash(token)
    storage.invitations[uid] = {"token": digest, "permit_type": application.permit_type, "invited": today}
    storage.tokens[digest] = uid
    return token


def pending_token(storage, uid):
    """The token of ``uid``'s unanswered survey, or ``None``."""
    if storage is None or uid not in storage.invitations:
        return None
    return token_for(storage, uid)


def application_of(uid):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def check(storage, token, user_id=None):
    """The invitation ``token`` opens: ``(digest, uid, invitation)``.

    Raises ``MalformedToken`` (400), ``UnknownToken`` (404), ``UsedToken``
    (409) or, for a logged-in user who is not the applicant, ``NotYours``
    (403).  Anonymous holders of the token may answer (the mail's link).
    """
    if not isinstance(token, str) or not token.strip():
        raise MalformedToken(MISSING)
    token = token.strip()
    if not TOKEN.match(token):
        raise MalformedToken(MALFORMED)
    digest = token_hash(token)
    if storage is not None and digest in storage.used:
        raise UsedToken(USED)
    uid = storage.tokens.get(digest) if storage is not None else None
    if uid is None:
        raise UnknownToken(UNKNOWN)
    invitation = storage.invitations[uid]
    if user_id is not None:
        application = application_of(uid)
        if application is None or application.Creator() != user_id:
            raise NotYours(NOT_YOURS)
    return digest, uid, invitation


def consume(storage, digest, uid):
    """The token is used: forget the invitation, keep only the hash as used
    and flag the application."""
    del storage.tokens[digest]
    del storage.invitations[uid]
    storage.used.add(digest)
    application = application_of(uid)
    if application is not None:
        setattr(application, ANSWERED, True)


def pending_surveys(brains):
    """The unanswered surveys of the applications ``brains`` (the citizen's
    own, from "Permohonan Saya"): ``[{tracking_number, permit_type, token}]``."""
    storage = get_storage(api.portal.get())
    if storage is None or not len(storage.invitations):
        return []
    cards = []
    for brain in brains:
        token = pending_token(storage, brain.UID)
        if token is not None:
            cards.append(
                {
                    "tracking_number": getattr(brain, "tracking_number", "") or "",
                    "permit_type": getattr(brain, "permit_type_title", "") or "",
                    "token": token,
                }
            )
    return cards
