"""One path from a filing (the page ``@@pengaduan``, ``POST @complaints``,
demo content) to a stored complaint.

``validate`` checks the keys of the contract and returns clean values or a
message per field; ``file_complaint`` counts the filing against the
per-address limit, validates, draws the number, makes the complaint in
``/pengaduan`` and returns it with its access code.  Anyone may file:

- a logged-in citizen files under the account (name, email, phone from it;
  the body's are ignored), and lists the complaint in "Permohonan Saya";
- an anonymous visitor may give a name, an email and a phone, all optional.

``tracking_number`` of a related application is kept only when the
complainant's account filed that application; otherwise it is dropped
without a word, so nobody learns whether a number exists.  The attachment
gets the applications' upload checks (``forms.uploads.check_upload``).
Any failure raises before the caller's transaction commits.
"""

from DateTime import DateTime
from plone import api
from plone.dexterity.utils import addContentToContainer
from plone.dexterity.utils import createContent
from plone.namedfile.file import NamedBlobFile
from ptsp_portal import _
from ptsp_portal.accounts.identity import InvalidPhone
from ptsp_portal.accounts.identity import normalize_phone
from ptsp_portal.applications.applicant import account_values
from ptsp_portal.applications.applicant import EMAIL
from ptsp_portal.complaints import deadline
from ptsp_portal.complaints import mail
from ptsp_portal.complaints import numbering
from ptsp_portal.complaints.setup import complaints_folder
from ptsp_portal.constants import COMPLAINT
from ptsp_portal.constants import COMPLAINT_KINDS
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.content.application import TRACKING_NUMBER
from ptsp_portal.forms.uploads import allowed_types
from ptsp_portal.forms.uploads import check_upload
from ptsp_portal.forms.uploads import size_limit_mb
from ptsp_portal.forms.uploads import UploadError
from ptsp_portal.security import ratelimit
from ptsp_portal.workflow.sla import now
from ptsp_portal.workflow.sla import office_zone

RATE_LIMIT_BUCKET = "complaints"
PER_HOUR_RECORD = "ptsp_portal.complaints_per_hour"
DEFAULT_PER_HOUR = 10
ATTACHMENT = "attachment"
KEYS = ("kind", "subject", "description", "name", "email", "phone", "tracking_number", ATTACHMENT)
SUBJECT_MAX = 200
DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 5000
NAME_MAX = 100


class ComplaintError(ValueError):
    """A filing that cannot be stored: ``errors`` maps key -> message."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors)


class TooManyComplaints(ComplaintError):
    def __init__(self, retry_after):
        self.retry_after = retry_after
        super().__init__(
            {
                "limit": _(
                    "Terlalu banyak pengaduan dari alamat Anda. Silakan coba lagi dalam ${minutes} menit.",
                    mapping={"minutes": max(1, (retry_after + 59) // 60)},
                )
            }
        )


def per_hour():
    value = api.portal.get_registry_record(PER_HOUR_RECORD, default=None)
    return value if isinstance(value, int) and value > 0 else DEFAULT_PER_HOUR


def _text(data, key):
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) if key != "description" else value.strip()


def _owned_application(number, user_id):
    if not user_id:
        return False
    catalog = api.portal.get_tool("portal_catalog")
    return bool(
        catalog.unrestrictedSearchResults(
            portal_type=PERMIT_APPLICATION, tracking_number=number, Creator=user_id
        )
    )


def validate(data, upload=None, user_id=None):
    """``(clean, errors)`` of a filing: ``data`` the contract's text keys,
    ``upload`` an ``Upload`` (filename, content_type, data) or None,
    ``user_id`` the logged-in account or None."""
    errors, clean = {}, {}
    texts = {key: _text(data, key) for key in KEYS if key != ATTACHMENT}
    for key, value in texts.items():
        if value is None:
            errors[key] = _("Isian ini harus berupa teks.")

    kind = texts.get("kind") or "complaint"
    if "kind" not in errors:
        if kind in COMPLAINT_KINDS:
            clean["kind"] = kind
        else:
            errors["kind"] = _("Jenis harus salah satu dari: pengaduan, saran, pertanyaan, apresiasi.")

    subject = texts.get("subject")
    if "subject" not in errors:
        if not subject:
            errors["subject"] = _("Perihal wajib diisi.")
        elif len(subject) > SUBJECT_MAX:
            errors["subject"] = _("Perihal paling panjang ${max} karakter.", mapping={"max": SUBJECT_MAX})
        else:
            clean["subject"] = subject

    description = texts.get("description")
    if "description" not in errors:
        if not description:
            errors["description"] = _("Uraian wajib diisi.")
        elif len(description) < DESCRIPTION_MIN:
            errors["description"] = _(
                "Uraian terlalu singkat; jelaskan paling sedikit ${min} karakter.",
                mapping={"min": DESCRIPTION_MIN},
            )
        elif len(description) > DESCRIPTION_MAX:
            errors["description"] = _(
                "Uraian paling panjang ${max} karakter.", mapping={"max": DESCRIPTION_MAX}
            )
        else:
            clean["description"] = description

    name = texts.get("name")
    if name and len(name) > NAME_MAX:
        errors["name"] = _("Nama paling panjang ${max} karakter.", mapping={"max": NAME_MAX})
    elif name:
        clean["name"] = name
    email = texts.get("email")
    if email and not EMAIL.match(email):
        errors["email"] = _("Alamat email tidak valid.")
    elif email:
        clean["email"] = email
    phone = texts.get("phone")
    if phone:
        try:
            clean["phone"] = normalize_phone(phone)
        except InvalidPhone:
            errors["phone"] = _("Nomor telepon tidak valid; tulis nomor ponsel, misalnya 0812 3456 7890.")

    if user_id:  # the account's identity, not the body's
        account = account_values(user_id)
        clean["name"] = account.get("applicant_name") or clean.get("name") or ""
        clean["email"] = account.get("applicant_email") or clean.get("email") or ""
        member = api.user.get(userid=user_id)
        member_phone = member.getProperty("phone", "") if member is not None else ""
        if not clean.get("phone") and isinstance(member_phone, str) and member_phone.strip():
            try:
                clean["phone"] = normalize_phone(member_phone)
            except InvalidPhone:
                pass

    number = (texts.get("tracking_number") or "").upper()
    if number and "tracking_number" not in errors:
        if not TRACKING_NUMBER.match(number):
            errors["tracking_number"] = _(
                "Format nomor registrasi tidak dikenal. Nomor registrasi berbentuk "
                "AWALAN-TAHUN-NNNNNN, misalnya PTSP-2026-000123."
            )
        elif _owned_application(number, user_id):
            clean["tracking_number"] = number

    if upload is not None:
        try:
            filename, content_type = check_upload(
                _("Lampiran"),
                upload.data,
                upload.filename,
                allowed_types(None),
                size_limit_mb(None),
                name=ATTACHMENT,
            )
        except UploadError as exc:
            errors[ATTACHMENT] = exc.message
        else:
            clean[ATTACHMENT] = (filename, content_type, upload.data)
    return clean, errors


def check_rate(request):
    """Count one filing from the request's address; raise
    ``TooManyComplaints`` over ``complaints_per_hour``."""
    try:
        ratelimit.check(request, RATE_LIMIT_BUCKET, allowed=per_hour(), window=3600)
    except ratelimit.RateLimited as exc:
        raise TooManyComplaints(exc.retry_after) from None


def file_complaint(request, data, upload=None, user_id=None, filed=None):
    """``(complaint, access_code)``; raises ``ComplaintError`` (nothing
    stored) or ``TooManyComplaints``."""
    if request is not None:
        check_rate(request)
    clean, errors = validate(data, upload, user_id)
    if errors:
        raise ComplaintError(errors)
    folder = complaints_folder()
    if folder is None:
        raise ComplaintError({"form": _("Layanan pengaduan belum tersedia di situs ini.")})
    filed = filed or now()
    number = numbering.complaint_number(filed.year)
    code = numbering.new_access_code()
    attachment = clean.get(ATTACHMENT)
    values = {
        "complaint_number": number,
        "kind": clean["kind"],
        "complaint_subject": clean["subject"],
        "complaint_text": clean["description"],
        "complainant_name": clean.get("name") or None,
        "complainant_email": clean.get("email") or None,
        "complainant_phone": clean.get("phone") or None,
        "complainant_id": user_id or None,
        "related_tracking_number": clean.get("tracking_number"),
        "attachment": NamedBlobFile(data=attachment[2], contentType=attachment[1], filename=attachment[0])
        if attachment
        else None,
        "filed": filed,
        "complaint_due": deadline.due_date(filed),
        "access_code_hash": numbering.code_hash(code),
    }
    # made by this code only (no one holds "Add Complaint" but Managers)
    complaint = createContent(COMPLAINT, id=number.lower(), **values)
    complaint = addContentToContainer(folder, complaint, checkConstraints=False)
    # nobody holds a local role on a complaint: the complainant follows it
    # by number (and, logged in, as its creator), handlers by their role
    for principal, _roles in complaint.get_local_roles():
        complaint.manage_delLocalRoles([principal])
    complaint.setCreators((user_id,) if user_id else ())
    complaint.creation_date = complaint.modification_date = filed_datetime(filed)
    complaint.reindexObject()
    complaint.reindexObjectSecurity()
    mail.send_received(complaint, code)
    return complaint, code


def filed_datetime(filed):
    """``filed`` (naive office time) as a Zope DateTime for ``created``."""
    return DateTime(filed.replace(tzinfo=office_zone()).isoformat())
