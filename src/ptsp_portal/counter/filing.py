"""Filing at the counter: the same checks and intake as an online
application, for a walk-in citizen.

The questions, the document checks (``forms.checks.check_documents``), the
applicant fields (``applications.applicant``: NIK with python-stdnum, phone
with phonenumbers) and ``intake.create_application`` are the online ones.
What differs: the applicant fields are the citizen's (typed by the officer
from the KTP, or taken from the citizen's account found by NIK), not the
officer's account; an email is optional; the channel is ``counter`` and
``filed_by`` the officer; nobody owns the application until the citizen
claims it with the receipt's code (``claims``); the account limits of
citizens do not apply to an officer; a permit type that is not online yet
is still filed at the counter (that is what the counter is for).
"""

from plone import api
from ptsp_portal import _
from ptsp_portal import permissions
from ptsp_portal.applications.applicant import check_applicant
from ptsp_portal.applications.intake import create_application
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.intake import prepare_documents
from ptsp_portal.applications.intake import tracking_number
from ptsp_portal.applications.writing import write_alone
from ptsp_portal.constants import CHANNEL_COUNTER
from ptsp_portal.constants import ON_BEHALF_OF_FIELDS
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.counter import claims
from ptsp_portal.forms.model import FORM_ERROR
from ptsp_portal.forms.model import form_of
from ptsp_portal.forms.submission import checked_parts
from zope.interface import Interface

import transaction

RECEIPT_VIEW = "tanda-terima"


class ICounterFiling(Interface):
    """Marks a request whose permit form is submitted at the counter
    (``browser/counter.py``): the form's action files through ``submit``."""


def applicant_from_on_behalf_of(on_behalf_of, email=None):
    """``{nik, name, phone, address}`` (the ``@apply`` contract) as the
    applicant fields."""
    values = {f"applicant_{key}": (on_behalf_of or {}).get(key) for key in ON_BEHALF_OF_FIELDS}
    values["applicant_email"] = email or ""
    return values


def validate(permit_type, answers, uploads, extra_titles=None):
    """``(applicant, documents, form_data)``; raises ``IntakeError``."""
    if permit_type is None or getattr(permit_type, "portal_type", None) != PERMIT_TYPE:
        raise IntakeError({FORM_ERROR: _("Jenis izin tidak dikenal.")})
    form = form_of(permit_type)
    if form is None:
        raise IntakeError({FORM_ERROR: _("Jenis izin ini belum memiliki formulir permohonan.")})
    applicant, errors = check_applicant(answers)
    if not (answers.get("applicant_email") or "").strip():
        errors.pop("applicant_email", None)
        applicant["applicant_email"] = ""
    return checked_parts(permit_type, form, answers, uploads, extra_titles, applicant, errors)


def submit(permit_type, officer_id, answers, uploads, extra_titles=None):
    """File at the counter; return ``(application, claim code)``.  Raises
    ``IntakeError`` and leaves nothing behind."""
    applicant, documents, form_data = validate(permit_type, answers, uploads, extra_titles)
    number = tracking_number()
    documents = prepare_documents(documents)  # before writing alone (forms.submission)
    write_alone()
    try:
        savepoint = transaction.savepoint()
    except TypeError:  # a data manager without savepoints joined earlier
        savepoint = None
    try:
        application = create_application(
            permit_type,
            None,
            {**applicant, "form_data": form_data},
            documents,
            channel=CHANNEL_COUNTER,
            filed_by=officer_id,
            number=number,
        )
    except IntakeError:
        if savepoint is not None:
            savepoint.rollback()
        else:
            transaction.doom()
        raise
    # the intake's reindex made the officer a creator (notifyModified):
    # nobody's until claimed, not in the officer's Permohonan Saya either
    application.setCreators(())
    application.reindexObject(idxs=["Creator", "listCreators"])
    return application, claims.new_code(application)


def receipt_url(application, size="a4"):
    return f"{application.absolute_url()}/@@{RECEIPT_VIEW}?ukuran={size}"


def is_front_office(context=None):
    """Whether the current user may file at the counter."""
    if api.user.is_anonymous():
        return False
    return api.user.has_permission(permissions.FileAtCounter, obj=context or api.portal.get())
