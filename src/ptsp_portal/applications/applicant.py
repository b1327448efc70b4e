"""The applicant fields of an application, checked once.

Every way in ends here: the web form (EasyForm's field validators and the
action), ``@apply``, a correction in ``revision`` and ``create_application``
itself (demo content, scripts).  A value is stripped (a NIK also loses its
spaces, dots and dashes), an email must look like one, and the field of
``IPermitApplication`` validates it (NIK with python-stdnum, phone with
phonenumbers); errors come back in words an applicant understands.

``apply_account`` puts the account's name, NIK and email over whatever a
request carries: an application is filed by an account, in its name, and
the office mails only the account's address.  The account's NIK counts only
while the account holds it in the NIK index (one account per NIK,
``accounts.nik_index``).  An account without one (older accounts, accounts
an administrator made, an account whose NIK a Manager released or another
account held first) may still file with the NIK it types; the application
then records the NIK as unverified.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.accounts.identity import InvalidNIK
from ptsp_portal.accounts.identity import InvalidPhone
from ptsp_portal.accounts.identity import normalize_nik
from ptsp_portal.accounts.identity import normalize_phone
from ptsp_portal.accounts.nik_index import holder
from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.constants import ON_BEHALF_OF
from ptsp_portal.constants import ON_BEHALF_OF_FIELDS
from ptsp_portal.constants import POWER_OF_ATTORNEY
from ptsp_portal.content.application import IPermitApplication
from zope.i18nmessageid import Message
from zope.interface import Invalid
from zope.schema import interfaces as schema_ifaces

import re

EMAIL = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def schema_error_message(exc):
    """A zope.schema error in words an applicant understands."""
    if isinstance(exc, (InvalidNIK, InvalidPhone)):
        return exc.doc()
    if isinstance(exc, schema_ifaces.RequiredMissing):
        return _("Wajib diisi.")
    if isinstance(exc, schema_ifaces.TooLong):
        return _("Isian terlalu panjang.")
    if isinstance(exc, schema_ifaces.TooShort):
        return _("Isian terlalu pendek.")
    if isinstance(exc, schema_ifaces.TooBig):
        return _("Nilai terlalu besar.")
    if isinstance(exc, schema_ifaces.TooSmall):
        return _("Nilai terlalu kecil.")
    if (
        isinstance(exc, schema_ifaces.ConstraintNotSatisfied)
        and exc.args
        and isinstance(exc.args[0], Message)
    ):
        return exc.args[0]
    doc = exc.doc() if hasattr(exc, "doc") else None
    if isinstance(doc, Message) and doc.domain == "ptsp_portal":
        return doc
    return _("Isian tidak valid.")


def clean_applicant_field(name, value):
    """``(value as stored, None)``, or ``(None, message)`` when it is wrong."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("Wajib diisi.")
    if not isinstance(value, str):
        return None, _("Isian tidak valid.")
    value = value.strip()
    if name == "applicant_email" and not EMAIL.match(value):
        return None, _("Alamat email tidak valid.")
    if name == "applicant_nik":
        value = normalize_nik(value)
    try:
        IPermitApplication[name].validate(value)
    except (schema_ifaces.ValidationError, Invalid) as exc:
        return None, schema_error_message(exc)
    return value, None


def check_applicant_field(name, value):
    """The message for one applicant field, or None when it is fine."""
    return clean_applicant_field(name, value)[1]


def check_applicant(answers):
    """``(clean values, errors)`` of the applicant fields."""
    clean, errors = {}, {}
    for name in APPLICANT_FIELDS:
        value, message = clean_applicant_field(name, answers.get(name))
        if message is not None:
            errors[name] = message
        else:
            clean[name] = value
    return clean, errors


# applicant field -> member property of the account (userschema.xml)
ACCOUNT_PROPERTIES = {
    "applicant_name": "fullname",
    "applicant_nik": "nik",
    "applicant_email": "email",
}


def account_values(user_id):
    """The account's ``{applicant field: value}`` for the fields it holds
    (an empty property is left out, and a NIK the account does not hold in
    the NIK index)."""
    member = api.user.get(userid=user_id) if user_id else None
    if member is None:
        return {}
    values = {}
    for name, prop in ACCOUNT_PROPERTIES.items():
        value = member.getProperty(prop, "") or ""
        if not isinstance(value, str) or not value.strip():
            continue
        if name == "applicant_nik":
            value = normalize_nik(value)
            if holder(value) != user_id:
                continue
        values[name] = value.strip()
    return values


def apply_account(user_id, answers):
    """``(answers, nik_verified)``: ``answers`` with the account's name, NIK
    and email in place of what the request carried; ``nik_verified`` says
    whether the NIK is the account's own (registered, one account per NIK)."""
    account = account_values(user_id)
    answers = {**answers, **account}
    return answers, "applicant_nik" in account


def check_on_behalf_of(value):
    """``(clean dict, errors)`` of the person an application is filed for:
    ``{nik, name, phone, address}``, each required, NIK and phone checked
    like the applicant's (errors keyed ``on_behalf_of.<key>``)."""
    if not isinstance(value, dict):
        return None, {ON_BEHALF_OF: _("Harus berupa objek {nik, name, phone, address}.")}
    clean, errors = {}, {}
    for key in sorted(set(value) - set(ON_BEHALF_OF_FIELDS)):
        errors[f"{ON_BEHALF_OF}.{key}"] = _("Kolom tidak dikenal pada formulir ini.")
    for key in ON_BEHALF_OF_FIELDS:
        item, message = clean_applicant_field(f"applicant_{key}", value.get(key))
        if message is not None:
            errors[f"{ON_BEHALF_OF}.{key}"] = message
        elif key == "phone":
            clean[key] = normalize_phone(item)
        else:
            clean[key] = item
    return clean, errors


def check_representation(on_behalf_of, has_power_of_attorney):
    """``(the represented person or None, errors)``: filing for somebody
    else needs a surat kuasa, and a surat kuasa needs somebody it is for."""
    if on_behalf_of is not None:
        represented, errors = check_on_behalf_of(on_behalf_of)
        if not has_power_of_attorney:
            errors[POWER_OF_ATTORNEY] = _("Surat kuasa wajib diunggah bila mengajukan atas nama orang lain.")
        return represented, errors
    if has_power_of_attorney:
        return None, {POWER_OF_ATTORNEY: _("Surat kuasa hanya dikirim bersama on_behalf_of.")}
    return None, {}
