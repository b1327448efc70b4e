"""Checks of Indonesian identity numbers and phone numbers, with messages
an applicant understands.  Used by schemas, forms and the REST intake."""

from ptsp_portal import _
from stdnum.exceptions import ValidationError
from stdnum.id import nik
from zope.schema import ValidationError as SchemaValidationError

import phonenumbers
import re


class InvalidNIK(SchemaValidationError):
    __doc__ = _("NIK tidak valid: harus 16 angka sesuai KTP elektronik.")


class InvalidPhone(SchemaValidationError):
    __doc__ = _("Nomor telepon tidak valid untuk Indonesia.")


def normalize_nik(value):
    """A NIK as typed ("3201 0101.0190-0001") as its 16 digits: the one
    normaliser of NIKs (applications, accounts, the NIK index)."""
    return re.sub(r"[\s.\-]", "", value)


def valid_nik(value):
    try:
        nik.validate(value)
    except ValidationError:
        raise InvalidNIK(value) from None
    return True


def normalize_phone(value):
    """``0812-3456-7890`` -> ``+6281234567890``; raises InvalidPhone."""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        raise InvalidPhone(value) from None
    if not phonenumbers.is_valid_number(number) or number.country_code != 62:
        raise InvalidPhone(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def valid_phone(value):
    normalize_phone(value)
    return True
