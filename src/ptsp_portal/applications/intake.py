"""Turning validated answers into a PermitApplication.

One code path for every way in (the EasyForm action, the REST ``@apply``
service, demo content): take the account's name, NIK and email over the
request's (``applicant.apply_account``), check the applicant fields
(``applicant.check_applicant``, the same check the forms run), draw a
tracking number, create the application in ``/permohonan`` owned by the
applicant, store the documents as child Files, start the SLA clock.  Any failure raises before
the caller's transaction commits, so nothing is half-created.
"""

from DateTime import DateTime
from OFS.event import ObjectWillBeAddedEvent
from plone import api
from plone.dexterity.utils import createContent
from plone.namedfile.file import NamedBlobFile
from ptsp_portal import _
from ptsp_portal import permissions
from ptsp_portal.accounts.identity import normalize_phone
from ptsp_portal.applications.applicant import apply_account
from ptsp_portal.applications.applicant import check_applicant
from ptsp_portal.applications.applicant import check_representation
from ptsp_portal.applications.numbering import next_number
from ptsp_portal.applications.numbering import years as numbering_years
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.constants import APPLICATIONS_FOLDER
from ptsp_portal.constants import CHANNEL_COUNTER
from ptsp_portal.constants import CHANNEL_ONLINE
from ptsp_portal.constants import FILING_CHANNELS
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.constants import POWER_OF_ATTORNEY
from ptsp_portal.content.application import IApplicationDocument
from ptsp_portal.content.application import remember
from ptsp_portal.content.document import ApplicationDocument
from ptsp_portal.notifications.events import ApplicationSubmittedEvent
from ptsp_portal.workflow.sla import office_zone
from ptsp_portal.workflow.sla import start_clock
from zope.event import notify
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.lifecycleevent import ObjectAddedEvent
from zope.lifecycleevent import ObjectCreatedEvent

import datetime

TRACKING_PREFIX_RECORD = "ptsp_portal.tracking_prefix"


class IntakeError(ValueError):
    """Answers that cannot become an application: ``errors`` maps field -> message."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(errors)


def tracking_number(year=None):
    prefix = api.portal.get_registry_record(TRACKING_PREFIX_RECORD, default="PTSP")
    year = year or datetime.date.today().year
    # drawn apart: concurrent submissions never conflict on the sequence;
    # a submission that fails afterwards leaves a gap, never a duplicate
    return next_number("tracking", year, lambda seq: f"{prefix}-{year}-{seq:06d}", apart=True)


def numbers_with_sequence(sequence, year=None):
    """The tracking numbers whose sequence is ``sequence`` (an int): one per
    year that has numbers (or only ``year``), with today's prefix.  How an
    officer finds an application by the end of its number: numbers are not
    in the text index (see ``content.application``)."""
    prefix = api.portal.get_registry_record(TRACKING_PREFIX_RECORD, default="PTSP")
    drawn = [year] if year else numbering_years("tracking")
    return [f"{prefix}-{y}-{sequence:06d}" for y in drawn]


def application_id(number):
    """The id of the application numbered ``number`` in ``/permohonan``:
    ``PTSP-2026-000123`` -> ``32-ptsp-2026-000123``.

    The number in lower case, after the last two digits of its sequence in
    reverse.  ``/permohonan`` keeps its items in a BTree sorted by id, and
    so do the catalog's paths: with the bare numbers as ids, every new
    application went to the end of the same bucket, and whenever a
    submission split that bucket every submission in flight conflicted
    with it.  The reversed digits send consecutive numbers (those in flight
    together) to places ten apart in a hundred.
    """
    sequence = number.rsplit("-", 1)[-1]
    return f"{sequence[::-1][:2]}-{number.lower()}"


def create_application(
    permit_type,
    applicant_id,
    data,
    documents=None,
    submitted=None,
    on_behalf_of=None,
    power_of_attorney=None,
    channel=CHANNEL_ONLINE,
    filed_by=None,
    number=None,
):
    """Create and return the application; raise ``IntakeError`` on bad input.

    ``data`` holds the applicant fields and ``form_data``; ``documents``
    maps requirement ids to ``(filename, content_type, bytes)``.  The
    account's name, NIK and email replace those of ``data``
    (``applicant.apply_account``).  ``on_behalf_of`` (``{nik, name, phone,
    address}``) files for another person and needs ``power_of_attorney``
    (surat kuasa, ``(filename, content_type, bytes)``); ``filed_by`` is the
    account that filed (the applicant by default), ``channel`` how.
    ``number``: its tracking number when the caller drew it already
    (``tracking_number()``), else one is drawn here.

    At the counter (``channel`` ``counter``, ``counter.filing``) there is no
    applicant account: ``applicant_id`` is None, the walk-in citizen's
    values are the applicant fields (an email is optional), ``filed_by`` is
    the officer and nobody owns the application until a citizen claims it
    with the receipt's code (``counter.claims``).
    """
    counter = channel == CHANNEL_COUNTER
    data, nik_verified = apply_account(applicant_id, data)
    applicant, errors = check_applicant(data)
    if counter and not (data.get("applicant_email") or "").strip():
        # a walk-in citizen without an email: no mail, the receipt instead
        errors.pop("applicant_email", None)
        applicant["applicant_email"] = ""
    represented, representation_errors = check_representation(on_behalf_of, power_of_attorney is not None)
    errors.update(representation_errors)
    if counter and (applicant_id is not None or not filed_by):
        errors["channel"] = _("Saluran pengajuan tidak dikenal.")
    if channel not in FILING_CHANNELS:
        errors["channel"] = _("Saluran pengajuan tidak dikenal.")
    if permit_type is None or permit_type.portal_type != PERMIT_TYPE:
        errors["permit_type"] = _("Jenis izin tidak dikenal.")
    if errors:
        raise IntakeError(errors)
    portal = api.portal.get()
    container = portal[APPLICATIONS_FOLDER]
    number = number or tracking_number()
    remember(permit_type)  # looked up by UID by indexers and subscribers
    with api.env.adopt_roles(["Manager"]):
        application = createContent(
            PERMIT_APPLICATION,
            id=application_id(number),
            tracking_number=number,
            permit_type=permit_type.UID(),
            applicant_name=applicant["applicant_name"],
            applicant_nik=applicant["applicant_nik"],
            applicant_email=applicant["applicant_email"],
            applicant_phone=normalize_phone(applicant["applicant_phone"]),
            applicant_address=applicant["applicant_address"],
            applicant_nik_verified=nik_verified,
            on_behalf_of=represented,
            channel=channel,
            filed_by=filed_by or applicant_id,
            form_data=data.get("form_data") or {},
        )
        application = _add_to_folder(container, application)
        for requirement_id, (filename, content_type, payload) in (documents or {}).items():
            add_document(application, requirement_id, filename, content_type, payload)
        if power_of_attorney is not None:
            filename, content_type, payload = power_of_attorney
            add_document(
                application,
                POWER_OF_ATTORNEY,
                filename,
                content_type,
                payload,
                title=translate(_("Surat kuasa"), context=getRequest()),
            )
    if applicant_id is None:
        leave_unowned(application)
    else:
        set_owner(application, applicant_id)
    start_clock(application, submitted)
    if submitted is not None:
        _backdate_history(application, submitted)
    # catalogued once, at commit, with what is set above; no
    # IObjectModifiedEvent: a new application has nothing to update for
    # modify subscribers (relations were made when it was added)
    application.reindexObject()
    notify(ApplicationSubmittedEvent(application))
    return application


def _add_to_folder(container, application):
    """Add a new application to ``/permohonan`` with its own events, but
    without the folder's ``IContainerModifiedEvent``: that event reindexes
    the folder and rewrites its modification date, so every submission
    would write the folder and two at the same moment would conflict on it.
    """
    name = application.id
    if name in container:  # numbers are never reused: only a hand-made item
        raise ValueError(f"{name} exists already in {container.absolute_url()}")
    notify(ObjectWillBeAddedEvent(application, container, name))
    container._setObject(name, application, suppress_events=True)
    application = container._getOb(name)
    notify(ObjectAddedEvent(application, container, name))
    return application


def _backdate_history(application, submitted):
    """An application entered with an earlier submission date (demo data,
    migrated files) shows that date in its timeline too."""
    history = application.workflow_history.get(APPLICATION_WORKFLOW)
    if history:
        when = DateTime(submitted.replace(tzinfo=office_zone()))
        application.workflow_history[APPLICATION_WORKFLOW] = (dict(history[0], time=when), *history[1:])


def stored_file(filename, content_type, payload):
    """The blob of a document to store.  Made before writing alone
    (``prepare_documents``): writing its bytes to a temporary file needs
    no database, so other submissions need not wait for it."""
    if isinstance(payload, NamedBlobFile):
        return payload
    return NamedBlobFile(data=payload, contentType=content_type, filename=filename)


def prepare_document(document):
    """A ``(filename, content_type, bytes)`` with its payload made a blob
    (``stored_file``), for ``create_application``; None stays None."""
    if document is None:
        return None
    filename, content_type, payload = document
    return filename, content_type, stored_file(filename, content_type, payload)


def prepare_documents(documents):
    """``documents`` (id -> ``(filename, content_type, bytes)``), each made
    ready by ``prepare_document``."""
    return {document_id: prepare_document(document) for document_id, document in (documents or {}).items()}


def add_document(application, document_id, filename, content_type, payload, title=None, markers=()):
    """Store a file as the child File ``document_id`` (replacing it): an
    upload named by its requirement id, or the issued permit (``markers``
    adds e.g. ``IPermitDocument``).  An ``ApplicationDocument``: a File
    that is neither catalogued nor given an intid (content/document.py).
    ``payload``: the bytes, or the blob ``stored_file`` made of them."""
    if document_id in application:
        application.manage_delObjects([document_id])
    document = ApplicationDocument(id=document_id)
    document.portal_type = "File"
    document.title = title or filename
    document.file = stored_file(filename, content_type, payload)
    # marked before it is added, so it never gets a workflow of its own
    alsoProvides(document, IApplicationDocument, *markers)
    notify(ObjectCreatedEvent(document))
    # its id is the requirement's (no name chooser: nothing to choose)
    application._setObject(document_id, document)
    document = application._getOb(document_id)
    # evidence: nobody edits a stored document; the applicant replaces it
    # in revision through ptsp_portal.applications.revision, which checks the new file
    document.manage_permission(permissions.ModifyPortalContent, ("Manager",), acquire=False)
    return document


def set_owner(application, user_id):
    """The applicant, and only the applicant, is Owner of the application."""
    acl_users = api.portal.get_tool("acl_users")
    user = acl_users.getUserById(user_id)
    if user is None:
        raise IntakeError({"applicant": _("Akun pemohon tidak ditemukan.")})
    application.changeOwnership(user, recursive=True)
    for obj in (application, *application.objectValues()):
        drop_owner_role(obj, keep=user_id)
    application.manage_setLocalRoles(user_id, ["Owner"])
    application.setCreators([user_id])
    application.reindexObjectSecurity()


def leave_unowned(application):
    """A counter application before its claim: no Owner role and no creator
    (it is in nobody's Permohonan Saya; the officer who filed it is
    ``filed_by``, not its owner)."""
    for obj in (application, *application.objectValues()):
        drop_owner_role(obj)
    application.setCreators(())
    application.reindexObjectSecurity()


def drop_owner_role(obj, keep=None):
    """Take the local Owner role on ``obj`` from everyone but ``keep`` (the
    officer or script that created it is not its owner)."""
    for principal, roles in obj.get_local_roles():
        if "Owner" in roles and principal != keep:
            remaining = [r for r in roles if r != "Owner"]
            if remaining:
                obj.manage_setLocalRoles(principal, remaining)
            else:
                obj.manage_delLocalRoles([principal])
