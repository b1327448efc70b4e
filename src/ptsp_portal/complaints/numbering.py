"""Complaint numbers ``ADU-YYYY-NNNNNN`` and access codes.

Numbers come from the tracking numbers' machinery
(``applications.numbering``) with a sequence of their own, ``complaint``,
drawn apart in a short transaction of its own: concurrent filings never
conflict on it, and a number is never handed out twice (it may be skipped
when a filing fails afterwards).

The access code, given once at filing, lets whoever holds it read the
answer (``status.py``).  Only its SHA-256 is stored.
"""

from ptsp_portal.applications.numbering import next_number
from ptsp_portal.workflow.sla import today

import hashlib
import hmac
import secrets

SEQUENCE = "complaint"
PREFIX = "ADU"
# no 0/O, 1/I/L: read from a phone screen and typed again
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def complaint_number(year=None):
    year = year or today().year
    return next_number(SEQUENCE, year, lambda seq: f"{PREFIX}-{year}-{seq:06d}", apart=True)


def new_access_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code):
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


def code_hash(code):
    return hashlib.sha256(normalize_code(code).encode("ascii", "ignore")).hexdigest()


def code_matches(complaint, code):
    stored = getattr(complaint, "access_code_hash", None)
    if not stored or not normalize_code(code):
        return False
    return hmac.compare_digest(stored, code_hash(code))
