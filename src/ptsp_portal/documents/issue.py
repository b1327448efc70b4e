"""Issuing a permit when an application is approved.

Everything that can fail (the certificate, the permit number, the PDF, the
signature) runs in an ``IBeforeTransitionEvent`` subscriber for ``approve``,
before the state changes.  A failure raises ``WorkflowException`` with an
Indonesian message and dooms the transaction, so an application never ends
``issued`` without its document, whoever called the transition.  (After the
state change it would be too late: plone.restapi's ``@workflow`` treats an
exception raised once the object already is in the target state as success
and commits.)

On success the application gets ``permit_number``, ``issued_date``,
``valid_until``, ``verification_code`` and the child File ``surat-izin.pdf``.
"""

from plone import api
from plone.formwidget.namedfile.converter import b64decode_file
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal import _
from ptsp_portal import logger
from ptsp_portal.applications.intake import add_document
from ptsp_portal.applications.intake import drop_owner_role
from ptsp_portal.applications.numbering import next_number
from ptsp_portal.documents import DEFAULT_APPROVER_POSITION
from ptsp_portal.documents import DOCUMENT_ID
from ptsp_portal.documents import IPermitDocument
from ptsp_portal.documents.formatting import answers
from ptsp_portal.documents.formatting import mask_nik
from ptsp_portal.documents.pdf import PermitDocumentData
from ptsp_portal.documents.pdf import render
from ptsp_portal.documents.permit_number import check_pattern
from ptsp_portal.documents.permit_number import DEFAULT_PATTERN
from ptsp_portal.documents.permit_number import format_permit_number
from ptsp_portal.documents.permit_number import PATTERN_RECORD
from ptsp_portal.documents.permit_number import PermitNumberPatternError
from ptsp_portal.documents.signing import load_signer
from ptsp_portal.documents.signing import sign
from ptsp_portal.documents.signing import SigningError
from ptsp_portal.workflow.sla import today
from ZODB.POSException import ConflictError
from zope.globalrequest import getRequest
from zope.i18n import translate

import datetime
import re
import secrets
import transaction

SEQUENCE = "permit"
CODE_BYTES = 18  # 24 URL-safe characters
VERIFY_VIEW = "@@verifikasi"


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def draw_permit_number(permit_type, year):
    pattern = api.portal.get_registry_record(PATTERN_RECORD, default=None) or DEFAULT_PATTERN
    check_pattern(pattern)
    code = permit_type.code or "IZIN"
    return next_number(SEQUENCE, year, lambda seq: format_permit_number(pattern, seq, code, year))


def new_verification_code():
    catalog = api.portal.get_tool("portal_catalog")
    while True:
        code = secrets.token_urlsafe(CODE_BYTES)
        if not catalog.unrestrictedSearchResults(verification_code=code):
            return code


def verification_url(code):
    """``<site>/@@verifikasi/<code>``: the site's public address from the
    control panel when set (approvals from scripts have no real request),
    else the address the approver is using."""
    site_url = api.portal.get_registry_record("ptsp_portal.public_site_url", default=None)
    site_url = (site_url or "").strip() or api.portal.get().absolute_url()
    site_url = site_url.replace("/++api++", "").rstrip("/")
    return f"{site_url}/{VERIFY_VIEW}/{code}"


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def office_logo():
    """The logo uploaded in the PTSP control panel (bytes) or ``None``."""
    value = api.portal.get_registry_record("ptsp_portal.office_logo", default=None)
    if not value:
        return None
    try:
        return b64decode_file(value)[1]
    except Exception:
        logger.warning("ptsp_portal.office_logo is not a base64 image record; ignored")
        return None


def approver_name():
    user = api.user.get_current()
    return (user.getProperty("fullname", "") or user.getId() or "").strip()


def document_data(application, permit_type, number, code, issued, valid_until, signed):
    record = api.portal.get_registry_record
    office = _lines(record("ptsp_portal.office_name", default=None)) or [api.portal.get().Title()]
    submitted = getattr(application, "submitted", None)
    return PermitDocumentData(
        permit_number=number,
        permit_type_title=permit_type.Title(),
        holder_name=application.applicant_name,
        nik_masked=mask_nik(application.applicant_nik),
        issued_date=issued,
        valid_until=valid_until,
        approver_name=approver_name(),
        approver_position=record("ptsp_portal.approver_position", default=None) or DEFAULT_APPROVER_POSITION,
        verification_url=verification_url(code),
        verification_code=code,
        office_lines=office,
        address_lines=_lines(record("ptsp_portal.office_address", default=None)),
        logo=office_logo(),
        answers=answers(application.form_data),
        tracking_number=application.tracking_number or "",
        submitted_date=submitted.date() if isinstance(submitted, datetime.datetime) else submitted,
        signed=signed,
    )


def _hand_to_applicant(application, document):
    """The document belongs to the applicant, like the uploads: no local
    Owner role for the approver who created it."""
    owner = application.getOwner()
    if owner is not None:
        document.changeOwnership(owner)
    drop_owner_role(document)
    document.setCreators(application.listCreators())
    # the document was just added: its queued indexing picks all this up
    document.reindexObject()


def issue_permit(application):
    """Number, dates, code and the (signed) PDF; return the File.

    Raises ``SigningError`` for a broken certificate, other exceptions for
    anything else; the caller turns them into a ``WorkflowException``.
    """
    permit_type = application.permit_type_object()
    if permit_type is None:
        raise WorkflowException(
            translate(
                _("Jenis izin permohonan ini tidak ditemukan; izin tidak dapat diterbitkan."),
                context=getRequest(),
            )
        )
    signer = load_signer()  # a broken certificate stops us before a number is drawn
    issued = today()
    years = getattr(permit_type, "validity_years", None)
    valid_until = add_years(issued, years) if years else None
    number = draw_permit_number(permit_type, issued.year)
    code = new_verification_code()
    data = document_data(application, permit_type, number, code, issued, valid_until, bool(signer))
    payload = render(data)
    if signer is not None:
        payload = sign(
            payload,
            signer,
            reason=f"Penerbitan izin {number}",
            location=data.office_lines[-1] if data.office_lines else None,
            name=data.approver_name,
        )
    application.permit_number = number
    application.issued_date = issued
    application.valid_until = valid_until
    application.verification_code = code
    filename = "surat-izin-" + re.sub(r"[^A-Za-z0-9]+", "-", number).strip("-") + ".pdf"
    with api.env.adopt_roles(["Manager"]):
        document = add_document(
            application,
            DOCUMENT_ID,
            filename,
            "application/pdf",
            payload,
            title=f"Surat izin {number}",
            markers=(IPermitDocument,),
        )
        _hand_to_applicant(application, document)
    application.reindexObject()
    return document


def _fail(message):
    transaction.doom()
    raise WorkflowException(translate(message, context=getRequest()))


def on_before_transition(application, event):
    """``approve``: issue the permit first; any failure stops the transition."""
    transition = event.transition
    if transition is None or transition.id != "approve":
        return
    try:
        issue_permit(application)
    except ConflictError:
        raise  # Zope retries the request
    except WorkflowException:
        transaction.doom()
        raise
    except PermitNumberPatternError:
        _fail(
            _(
                "Izin belum diterbitkan: pola nomor izin di Pengaturan PTSP tidak valid "
                "(harus memuat {seq}, boleh memuat {code} dan {year})."
            )
        )
    except SigningError as exc:
        logger.error("permit of %s not signed", application.absolute_url(), exc_info=True)
        _fail(
            _(
                "Izin belum diterbitkan: surat izin tidak dapat ditandatangani. ${reason}",
                mapping={"reason": translate(exc.message, context=getRequest())},
            )
        )
    except Exception:
        logger.exception("permit document of %s failed", application.absolute_url())
        _fail(
            _(
                "Izin belum diterbitkan: surat izin (PDF) gagal dibuat. Coba lagi; bila "
                "masih gagal, hubungi administrator portal."
            )
        )
