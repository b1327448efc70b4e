"""The claim code printed on a counter receipt.

A counter application belongs to nobody until a citizen claims it: logged
in, with the tracking number and the receipt's code, from an account whose
NIK (held in the NIK index, one account per NIK) is the application's NIK.
Registering the same NIK alone never hands over an application (whoever
registers a NIK first would get the KTP scan); the code alone does not
either (a lost receipt is not an account).

The code: 10 characters of an alphabet without look-alikes (about 50
bits), shown once to the officer and printed on the receipt; stored only as
a salted PBKDF2 hash in the application's annotation.  Guessing is bounded
twice: per client address by the portal's rate limits (``claims_per_hour``
below, ``security.ratelimit``), and per application: after
``MAX_WRONG`` wrong codes it is locked until the front office issues a new
code (``new_code``).  Every attempt, right or wrong, is in the access log
(action ``claim``) with its outcome.
"""

from persistent.mapping import PersistentMapping
from plone import api
from ptsp_portal import _
from ptsp_portal import logger
from ptsp_portal.accounts.identity import normalize_nik
from ptsp_portal.accounts.nik_index import holder
from ptsp_portal.applications.intake import set_owner
from ptsp_portal.applications.tracking import MalformedNumber
from ptsp_portal.applications.tracking import normalize
from ptsp_portal.audit import store
from ptsp_portal.constants import CHANNEL_COUNTER
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.security import ratelimit
from zope.annotation.interfaces import IAnnotations

import datetime
import hashlib
import hmac
import secrets

KEY = "ptsp_portal.counter.claim"  # stored on counter applications: never rename
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LENGTH = 10
ITERATIONS = 50_000
MAX_WRONG = 5
CLAIMS_PER_HOUR = 10  # per client address
BUCKET = "counter-claim"
CLAIM = "claim"  # access-log action

WRONG = _("Nomor permohonan atau kode klaim salah.")
LOCKED = _(
    "Kode klaim ini terkunci karena terlalu banyak percobaan yang salah. "
    "Minta kode baru di loket DPMPTSP dengan membawa KTP."
)
NO_NIK = _("Akun Anda belum memiliki NIK terverifikasi. Isi NIK pada profil akun terlebih dahulu.")
OTHER_NIK = _("NIK akun Anda tidak sama dengan NIK pada permohonan ini.")
CLAIMED = _("Permohonan ini sudah diklaim.")
TOO_MANY = _("Terlalu banyak percobaan. Coba lagi dalam ${minutes} menit.")


class ClaimError(ValueError):
    """``field`` -> message; ``status`` the HTTP status to answer."""

    def __init__(self, errors, status=400, retry_after=None):
        self.errors = errors
        self.status = status
        self.retry_after = retry_after
        super().__init__(errors)


def _hash(code, salt):
    return hashlib.pbkdf2_hmac("sha256", code.encode("ascii"), salt, ITERATIONS).hex()


def normalize_code(code):
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


def format_code(code):
    return f"{code[:5]}-{code[5:]}"


def new_code(application):
    """A fresh code for ``application`` (replacing any earlier one, which
    stops working); returns it formatted (``ABCDE-FGHJK``)."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    salt = secrets.token_bytes(16)
    annotations = IAnnotations(application)
    record = annotations.get(KEY)
    if record is None:
        record = annotations[KEY] = PersistentMapping()
    record.update(
        {
            "salt": salt,
            "hash": _hash(code, salt),
            "created": datetime.datetime.now(datetime.timezone.utc),
            "wrong": 0,
        }
    )
    return format_code(code)


def record_of(application):
    return IAnnotations(application).get(KEY)


def claimed_by(application):
    record = record_of(application)
    return record.get("claimed_by") if record is not None else None


def is_code(application, code):
    """Whether ``code`` is the application's current code (no counting)."""
    record = record_of(application)
    if record is None or not record.get("hash"):
        return False
    return hmac.compare_digest(_hash(normalize_code(code), record["salt"]), record["hash"])


def _find(number):
    try:
        number = normalize(number)
    except MalformedNumber:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    found = catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION, tracking_number=number)
    for brain in found:
        application = brain._unrestrictedGetObject()
        if getattr(application, "channel", None) == CHANNEL_COUNTER:
            return application
    return None


def _log(request, user_id, application, outcome, number=""):
    path = "/".join(application.getPhysicalPath()) + "/@claim" if application is not None else ""
    try:
        store.record(
            user_id=user_id,
            action=CLAIM,
            path=path,
            tracking_number=getattr(application, "tracking_number", "") or number or "",
            client=request.getClientAddr() or "",
            detail=outcome,
        )
    except Exception:  # the log's failure must not decide a claim
        logger.exception("access log: could not record a claim")


def claim(request, user_id, number, code):
    """Give the counter application ``number`` to ``user_id``'s account when
    ``code`` is its claim code and the account holds its NIK; return it.
    Raises ``ClaimError``."""
    number = str(number or "").strip()[:40]
    errors = {}
    if not number:
        errors["tracking_number"] = _("Wajib diisi.")
    if not normalize_code(code):
        errors["claim_code"] = _("Wajib diisi.")
    if errors:
        raise ClaimError(errors)
    try:
        ratelimit.check(request, BUCKET, allowed=CLAIMS_PER_HOUR, window=3600)
    except ratelimit.RateLimited as exc:
        _log(request, user_id, None, "refused: rate limit", number)
        minutes = max(1, (exc.retry_after + 59) // 60)
        raise ClaimError(
            {"claim_code": _(TOO_MANY, mapping={"minutes": minutes})},
            status=429,
            retry_after=exc.retry_after,
        ) from None
    application = _find(number)
    record = record_of(application) if application is not None else None
    if record is None:
        _log(request, user_id, None, "refused: unknown number", number)
        raise ClaimError({"claim_code": WRONG})
    if record.get("claimed_by"):
        if record["claimed_by"] == user_id:
            return application
        _log(request, user_id, application, "refused: already claimed")
        raise ClaimError({"claim_code": WRONG})
    if record.get("wrong", 0) >= MAX_WRONG:
        _log(request, user_id, application, "refused: locked")
        raise ClaimError({"claim_code": LOCKED}, status=403)
    if not is_code(application, code):
        record["wrong"] = record.get("wrong", 0) + 1
        _log(request, user_id, application, f"refused: wrong code ({record['wrong']}/{MAX_WRONG})")
        raise ClaimError({"claim_code": LOCKED if record["wrong"] >= MAX_WRONG else WRONG})
    member = api.user.get(userid=user_id)
    nik = normalize_nik(member.getProperty("nik", "") or "") if member is not None else ""
    if not nik or holder(nik) != user_id:
        _log(request, user_id, application, "refused: account without NIK")
        raise ClaimError({"claim_code": NO_NIK})
    if nik != application.applicant_nik:
        _log(request, user_id, application, "refused: other NIK")
        raise ClaimError({"claim_code": OTHER_NIK})
    with api.env.adopt_roles(["Manager"]):
        set_owner(application, user_id)
    application.applicant_nik_verified = True
    if not (application.applicant_email or "").strip():
        application.applicant_email = member.getProperty("email", "") or ""
    record.update(
        {
            "claimed_by": user_id,
            "claimed_at": datetime.datetime.now(datetime.timezone.utc),
            "hash": "",  # used: it opens nothing any more
        }
    )
    application.reindexObject()
    _log(request, user_id, application, "claimed")
    return application
