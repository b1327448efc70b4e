"""Answering a survey: one function for the page ``@@skm-survei`` and the
REST service ``POST @skm``.

The answer is validated as a whole (every element 1–4, the profile from
its lists, the suggestion's length), the token checked and used, the
response recorded without any link back, and the transaction's own record
of who made it (user and path, kept by a FileStorage's history) cleared,
so the database's transaction log does not name the respondent either.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.survey import invitations
from ptsp_portal.survey.elements import ELEMENT_KEYS
from ptsp_portal.survey.elements import PROFILE
from ptsp_portal.survey.elements import SCALE
from ptsp_portal.survey.events import SurveySuggestionFiled
from ptsp_portal.survey.periods import month_key
from ptsp_portal.survey.storage import get_storage
from ptsp_portal.survey.storage import record
from ptsp_portal.workflow.sla import today
from zope.event import notify

import transaction

SUGGESTION_MAX = 2000
KEYS = {"token", "answers", "profile", "suggestion", "file_suggestion"}
FORM_ERROR = "form"


class AnswerError(Exception):
    """The answer is not valid: ``errors`` maps a field to a message."""

    status = 400

    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors)


CHOOSE = _("Pilih salah satu nilai 1 sampai 4.")
INVALID = _("Isian tidak valid.")
UNKNOWN_FIELD = _("Kolom tidak dikenal pada survei ini.")
TOO_LONG = _("Saran paling banyak ${max} karakter.", mapping={"max": SUGGESTION_MAX})


def _answer(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in SCALE else None
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
        return number if number in SCALE else None
    return None


def validate(payload):
    """``(answers, profile, suggestion, file_suggestion)``; raises
    ``AnswerError`` with a message per field (``answers.<element>``,
    ``profile.<field>``, ``suggestion``)."""
    errors = {}
    if not isinstance(payload, dict):
        raise AnswerError({FORM_ERROR: _("Isi permintaan harus berupa objek JSON.")})
    for key in payload:
        if key not in KEYS:
            errors[key] = UNKNOWN_FIELD
    raw_answers = payload.get("answers")
    if not isinstance(raw_answers, dict):
        raw_answers = {}
        if payload.get("answers") is not None:
            errors["answers"] = INVALID
    answers = {}
    for key in raw_answers:
        if key not in ELEMENT_KEYS:
            errors[f"answers.{key}"] = UNKNOWN_FIELD
    for key in ELEMENT_KEYS:
        value = _answer(raw_answers.get(key))
        if value is None:
            errors[f"answers.{key}"] = CHOOSE
        else:
            answers[key] = value
    raw_profile = payload.get("profile") or {}
    profile = {}
    if not isinstance(raw_profile, dict):
        errors["profile"] = INVALID
        raw_profile = {}
    for field, value in raw_profile.items():
        if field not in PROFILE:
            errors[f"profile.{field}"] = UNKNOWN_FIELD
            continue
        if value in (None, ""):
            continue
        if value not in {option for option, _label in PROFILE[field][1]}:
            errors[f"profile.{field}"] = INVALID
            continue
        profile[field] = value
    suggestion = payload.get("suggestion") or ""
    if not isinstance(suggestion, str):
        errors["suggestion"] = INVALID
        suggestion = ""
    suggestion = suggestion.strip()
    if len(suggestion) > SUGGESTION_MAX:
        errors["suggestion"] = TOO_LONG
    file_suggestion = payload.get("file_suggestion", False)
    if not isinstance(file_suggestion, bool):
        errors["file_suggestion"] = INVALID
    if file_suggestion is True and not suggestion:
        errors["suggestion"] = _("Tulis saran Anda bila ingin mengirimkannya ke kanal pengaduan.")
    if errors:
        raise AnswerError(errors)
    return answers, profile, suggestion, file_suggestion is True


def current_user_id():
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()


def check_token(token):
    """The invitation of ``token`` for the current user (see ``invitations.check``)."""
    storage = get_storage(api.portal.get())
    return invitations.check(storage, token, current_user_id())


def permit_type_title(uid):
    if not uid:
        return ""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0].Title if brains else ""


def submit(token, payload):
    """Validate and record one answer.  Raises ``invitations.TokenError``
    or ``AnswerError``.  Returns ``{"complaint_number", "access_code"}``
    (``None`` each unless a complaints subscriber filed the suggestion)."""
    digest, uid, invitation = check_token(token)
    answers, profile, suggestion, file_suggestion = validate(payload)
    storage = get_storage(api.portal.get())
    day = today()
    record(storage, month_key(day.year, day.month), invitation["permit_type"], answers, profile, suggestion)
    invitations.consume(storage, digest, uid)
    # the transaction log (FileStorage keeps user and path) names no one
    txn = transaction.get()
    txn.user = ""
    txn.description = ""
    result = {"complaint_number": None, "access_code": None}
    if file_suggestion:
        event = SurveySuggestionFiled(
            suggestion, invitation["permit_type"], permit_type_title(invitation["permit_type"])
        )
        notify(event)
        result = {"complaint_number": event.complaint_number, "access_code": event.access_code}
    return result
