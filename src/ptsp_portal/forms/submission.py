"""One code path from answers to a PermitApplication.

The web form (the EasyForm action) and the REST ``@apply`` service both end
in ``submit()``: the account must be within its limits
(``applications.limits``), the permit type must be online, the account's
name, NIK and email replace the request's, the applicant fields are
checked (``applications.applicant``: NIK with python-stdnum, phone with
phonenumbers), every document is checked for what it is
(``checks.check_documents``), the other answers become ``form_data`` (JSON:
dates as ISO strings, ``codec.json_value``) and
``intake.create_application`` creates the application.  Errors come back as
``IntakeError`` (field -> message) and nothing is left behind: the work is
done inside a savepoint that is rolled back on failure.

``codec.parse_json()`` turns an ``@apply`` JSON body into the same answers
and uploads.
"""

from plone.namedfile.interfaces import INamed
from ptsp_portal import _
from ptsp_portal.applications.applicant import apply_account
from ptsp_portal.applications.applicant import check_applicant
from ptsp_portal.applications.applicant import check_representation
from ptsp_portal.applications.intake import create_application
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.intake import prepare_document
from ptsp_portal.applications.intake import prepare_documents
from ptsp_portal.applications.intake import tracking_number
from ptsp_portal.applications.limits import check_limits
from ptsp_portal.applications.writing import write_alone
from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.constants import CHANNEL_ONLINE
from ptsp_portal.constants import ON_BEHALF_OF
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.constants import POWER_OF_ATTORNEY
from ptsp_portal.forms.checks import check_documents
from ptsp_portal.forms.codec import json_value
from ptsp_portal.forms.model import action_settings
from ptsp_portal.forms.model import FORM_ERROR
from ptsp_portal.forms.model import form_of
from ptsp_portal.forms.uploads import check_upload
from ptsp_portal.forms.uploads import UploadError

import transaction


def ensure_online(permit_type):
    if permit_type is None or getattr(permit_type, "portal_type", None) != PERMIT_TYPE:
        raise IntakeError({FORM_ERROR: _("Jenis izin tidak dikenal.")})
    if not getattr(permit_type, "online", False):
        raise IntakeError(
            {
                FORM_ERROR: _(
                    "Jenis izin ini belum dapat diajukan secara daring; silakan datang ke loket DPMPTSP."
                )
            }
        )


def check_power_of_attorney(upload):
    """``((filename, content_type, bytes) or None, errors)`` of a surat kuasa."""
    if upload is None:
        return None, {}
    try:
        filename, content_type = check_upload(
            _("Surat kuasa"), upload.data, upload.filename, None, None, name=POWER_OF_ATTORNEY
        )
    except UploadError as exc:
        return None, {POWER_OF_ATTORNEY: exc.message}
    return (filename, content_type, upload.data), {}


def validate(permit_type, answers, uploads, extra_titles=None, applicant_id=None, contract=None):
    """Check a submission without storing anything.

    Returns ``(applicant values, documents, form_data)``; raises
    ``IntakeError`` with a message per field.  With ``applicant_id`` the
    account's name, NIK and email count, not the request's.  ``contract``:
    the ``@apply`` keys (``on_behalf_of``, ``power_of_attorney``).
    """
    ensure_online(permit_type)
    contract = contract or {}
    answers, _verified = apply_account(applicant_id, answers)
    applicant, errors = check_applicant(answers)
    errors.update(
        check_representation(contract.get(ON_BEHALF_OF), contract.get(POWER_OF_ATTORNEY) is not None)[1]
    )
    errors.update(check_power_of_attorney(contract.get(POWER_OF_ATTORNEY))[1])
    return checked_parts(permit_type, form_of(permit_type), answers, uploads, extra_titles, applicant, errors)


def checked_parts(permit_type, form, answers, uploads, extra_titles, applicant, errors):
    """The rest of a submission whose applicant was checked (``applicant``
    and its ``errors``): its documents checked against the permit type's
    requirements and the other answers as JSON.  Returns ``(applicant,
    documents, form_data)``; raises ``IntakeError`` with every error.
    Online and at the counter (``counter.filing``) alike."""
    settings = action_settings(form)
    if settings is not None and not getattr(settings, "store_extra_uploads", True):
        extra_titles = {}
    documents, document_errors = check_documents(permit_type, uploads, extra_titles)
    errors.update(document_errors)
    if errors:
        raise IntakeError(errors)
    form_data = {
        name: json_value(value)
        for name, value in answers.items()
        if name not in APPLICANT_FIELDS
        and name not in uploads
        and name not in documents
        and not INamed.providedBy(value)
    }
    return applicant, documents, form_data


def submit(permit_type, applicant_id, answers, uploads, extra_titles=None, contract=None, exclude_draft=None):
    """Check everything, then create the application; raise ``IntakeError``
    (``limits.LimitExceeded`` when the account may not file more now).

    ``answers``: field id -> value (applicant fields and other answers, as
    Python values); ``uploads``: field id -> ``model.Upload``;
    ``extra_titles``: id -> title of upload questions that are not
    requirement rows; ``contract``: the ``@apply`` keys
    (``codec.parse_contract``), for the web form none; ``exclude_draft``:
    the id of the saved draft being submitted (it does not count toward
    the limits: it becomes this application).
    """
    check_limits(applicant_id, exclude_draft=exclude_draft)
    contract = contract or {}
    applicant, documents, form_data = validate(
        permit_type, answers, uploads, extra_titles, applicant_id=applicant_id, contract=contract
    )
    power_of_attorney = check_power_of_attorney(contract.get(POWER_OF_ATTORNEY))[0]
    # drawn in a transaction of its own (applications.numbering), so before
    # writing alone: the short writing then holds no database round trip
    # of its own; the blobs too are made before (``prepare_documents``)
    number = tracking_number()
    documents = prepare_documents(documents)
    power_of_attorney = prepare_document(power_of_attorney)
    write_alone()
    try:
        savepoint = transaction.savepoint()
    except TypeError:  # a data manager without savepoints joined earlier
        savepoint = None
    try:
        return create_application(
            permit_type,
            applicant_id,
            {**applicant, "form_data": form_data},
            documents,
            on_behalf_of=contract.get(ON_BEHALF_OF),
            power_of_attorney=power_of_attorney,
            channel=contract.get("channel") or CHANNEL_ONLINE,
            filed_by=applicant_id,
            number=number,
        )
    except IntakeError:
        if savepoint is not None:
            savepoint.rollback()
        else:
            transaction.doom()
        raise
