"""PermitApplication: one citizen's application for one permit type.

It lives in ``/permohonan``, is owned by the applicant (role Owner) and is
moved by ``ptsp_application_workflow``.  Uploaded documents are child
``File`` items whose ids are the requirement row ids of the permit type;
they carry ``IApplicationDocument`` and have no workflow of their own, so
they share the application's security.  Field names are a contract.
"""

from Acquisition import aq_base
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.schema import JSONField
from plone.supermodel import model
from plone.uuid.interfaces import IUUID
from Products.CMFCore.indexing import getQueue
from Products.CMFCore.utils import getToolByName
from ptsp_portal import _
from ptsp_portal.accounts.identity import valid_nik
from ptsp_portal.accounts.identity import valid_phone
from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.constants import CHANNEL_ONLINE
from ptsp_portal.constants import ON_BEHALF_OF_FIELDS
from ptsp_portal.constants import PERMIT_TYPE
from zope import schema
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest
from zope.interface import implementer
from zope.interface import Interface

import json
import re

TRACKING_NUMBER = re.compile(r"^[A-Z][A-Z0-9]{0,9}-\d{4}-\d{6}$")
FORM_DATA_SCHEMA = '{"type": "object", "properties": {}}'
ON_BEHALF_OF_SCHEMA = json.dumps(
    {
        "type": "object",
        "properties": {name: {"type": "string"} for name in ON_BEHALF_OF_FIELDS},
    }
)


class IApplicationDocument(Interface):
    """Marker of a File uploaded as a document of an application."""


class IPermitApplication(model.Schema):
    """Schema of an application (permohonan)."""

    directives.mode(tracking_number="display")
    tracking_number = schema.ASCIILine(
        title=_("Nomor registrasi"),
        required=False,
        readonly=True,
    )
    directives.widget(
        "permit_type",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": [PERMIT_TYPE], "maximumSelectionSize": 1},
    )
    # the permit type's UID (a relation until version 1013): a relation
    # wrote the relation catalog and two intids with every submission
    permit_type = schema.Choice(
        title=_("Jenis izin"),
        vocabulary="plone.app.vocabularies.Catalog",
    )
    applicant_name = schema.TextLine(title=_("Nama pemohon"))
    applicant_nik = schema.ASCIILine(
        title=_("NIK"),
        description=_("Nomor Induk Kependudukan, 16 angka."),
        constraint=valid_nik,
    )
    directives.mode(applicant_nik_verified="display")
    applicant_nik_verified = schema.Bool(
        title=_("NIK terverifikasi"),
        description=_(
            "Ya: NIK milik akun pemohon (satu akun per NIK). Tidak: akun tanpa NIK, "
            "NIK hanya diketik pada permohonan."
        ),
        required=False,
        default=False,
    )
    applicant_email = schema.ASCIILine(title=_("Email"))
    applicant_phone = schema.TextLine(
        title=_("Nomor telepon"),
        description=_("Nomor ponsel, misalnya 0812 3456 7890."),
        constraint=valid_phone,
    )
    applicant_address = schema.Text(title=_("Alamat"))
    form_data = JSONField(
        title=_("Jawaban formulir lainnya"),
        schema=FORM_DATA_SCHEMA,
        default={},
        required=False,
    )
    # filing for somebody else (a notary, a consultant, a family member):
    # the person represented; the applicant fields are the filer's account
    directives.mode(on_behalf_of="display")
    on_behalf_of = JSONField(
        title=_("Diajukan atas nama"),
        description=_("Orang yang diwakili (NIK, nama, telepon, alamat), dengan surat kuasa."),
        schema=ON_BEHALF_OF_SCHEMA,
        required=False,
    )
    directives.mode(channel="display")
    channel = schema.ASCIILine(title=_("Saluran pengajuan"), required=False, default=CHANNEL_ONLINE)
    directives.mode(filed_by="display")
    filed_by = schema.ASCIILine(title=_("Diajukan oleh (akun)"), required=False)
    directives.mode(submitted="display")
    submitted = schema.Datetime(title=_("Tanggal diajukan"), required=False)
    directives.mode(due_date="display")
    due_date = schema.Date(title=_("Batas waktu layanan"), required=False)

    model.fieldset(
        "permit",
        label=_("Izin terbit"),
        fields=[
            "permit_number",
            "issued_date",
            "valid_until",
            "verification_code",
            "revocation_public_reason",
        ],
    )
    directives.mode(permit_number="display")
    permit_number = schema.TextLine(title=_("Nomor izin"), required=False, readonly=True)
    directives.mode(issued_date="display")
    issued_date = schema.Date(title=_("Tanggal terbit"), required=False, readonly=True)
    directives.mode(valid_until="display")
    valid_until = schema.Date(
        title=_("Berlaku sampai"),
        description=_("Kosong berarti berlaku selama kegiatan berjalan."),
        required=False,
        readonly=True,
    )
    directives.mode(verification_code="display")
    verification_code = schema.ASCIILine(title=_("Kode verifikasi"), required=False, readonly=True)

    # a renewal (ptsp_portal.renewal): the permit it renews, set when its
    # draft is submitted; officers see it in the queue and on the page
    directives.mode(renewal_of="display")
    renewal_of = schema.TextLine(title=_("Perpanjangan dari izin"), required=False, readonly=True)
    directives.mode(renewal_of_uid="display")
    renewal_of_uid = schema.ASCIILine(
        title=_("Permohonan izin yang diperpanjang"), required=False, readonly=True
    )

    # set with the ``revoke`` transition only (workflow/rules.py); shown to
    # everyone by the public verification (@@verifikasi, @verify)
    directives.mode(revocation_public_reason="display")
    directives.write_permission(revocation_public_reason="ptsp_portal.ApproveApplication")
    revocation_public_reason = schema.Text(
        title=_("Alasan pencabutan untuk publik"),
        description=_(
            "Ditampilkan kepada siapa pun yang memverifikasi surat izin. Catatan pada "
            "tindakan pencabutan tetap internal."
        ),
        required=False,
        max_length=500,
    )

    # set by applications/retention.py when the retention period of a
    # rejected or withdrawn application ended
    directives.mode(personal_data_removed="display")
    personal_data_removed = schema.Datetime(
        title=_("Data pribadi dihapus"),
        description=_("Dokumen dan data pribadi dihapus setelah masa simpan (Jadwal Retensi Arsip)."),
        required=False,
        readonly=True,
    )

    directives.read_permission(internal_notes="ptsp_portal.ViewInternalNotes")
    directives.write_permission(internal_notes="ptsp_portal.EditInternalNotes")
    internal_notes = schema.Text(
        title=_("Catatan internal"),
        description=_("Hanya terlihat oleh petugas."),
        required=False,
    )

    for _name in (*APPLICANT_FIELDS, "form_data"):
        directives.write_permission(**{_name: "ptsp_portal.EditApplicationAnswers"})
    # set by intake and the workflow only: the permit type decides who sees it
    for _name in (
        "tracking_number",
        "permit_type",
        "submitted",
        "due_date",
        "applicant_nik_verified",
        "on_behalf_of",
        "channel",
        "filed_by",
        "personal_data_removed",
    ):
        directives.write_permission(**{_name: "cmf.ManagePortal"})
    del _name


# Plone's text indexes leave applications out (applications/names.py says
# why ZODB cannot merge two submissions that both wrote to them).  Found by
# number through the tracking_number index, by name through applicant_words;
# the title (the tracking number) stays the catalog's Title metadata.
TEXT_INDEXES = frozenset({"Title", "SearchableText", "Description"})
# Plone's indexes that nothing queries applications by (the queue, the
# limits, Permohonan Saya, tracking and retention use their own indexes,
# ``Creator``, ``created``/``modified`` and ``effectiveRange``, which
# Plone adds to every search of a user without "Access inactive portal
# content"), and that cost a submission's writing most of its catalog
# writes: ``object_provides`` alone puts each new application into some 30
# interface sets.  Out of these, an application is catalogued with about
# half the writes.
UNQUERIED_INDEXES = frozenset(
    {
        "object_provides",
        "getId",
        "id",
        "Date",
        "Type",
        "effective",
        "expires",
        "is_default_page",
        "is_folderish",
        "Subject",
        "getRawRelatedItems",
    }
)
NOT_INDEXED = TEXT_INDEXES | UNQUERIED_INDEXES
# indexing nothing but the metadata: an index whose value never changes
METADATA_ONLY = ("UID",)


def _paths_of_request():
    """UID -> path, remembered for the current request (a submission looks
    up its permit type from several indexers and subscribers while it
    writes alone); a plain dict, forgotten, outside a request."""
    request = getRequest()
    annotations = IAnnotations(request, None) if request is not None else None
    if annotations is None:
        return {}
    return annotations.setdefault("ptsp_portal.object_of_uid", {})


def remember(obj):
    """Let ``object_of_uid`` find ``obj`` in this request without a search
    (intake knows the permit type it files for)."""
    _paths_of_request()[IUUID(obj)] = "/".join(obj.getPhysicalPath())


def object_of_uid(context, uid):
    """The item with ``uid`` (unrestricted), or ``None``.

    Never through a search that processes the indexing queue (as
    ``uuidToObject`` does): this runs inside indexers (the local roles of
    ``allowedRolesAndUsers``, ``ptsp_actors``, the ``permit_type_title``
    metadata) while the queue is processed at commit, and processing it
    again there catalogued the application a second time.  An item made in
    this transaction and not catalogued yet is found among the queue's
    pending items."""
    catalog = getToolByName(context, "portal_catalog", None)
    if catalog is None:
        return None
    paths = _paths_of_request()
    path = paths.get(uid)
    if path is not None:
        found = catalog.unrestrictedTraverse(path, None)
        if found is not None and IUUID(found, None) == uid:
            return found
    brains = catalog._unrestrictedSearchResults(UID=uid)
    if brains:
        paths[uid] = brains[0].getPath()
        return catalog.unrestrictedTraverse(paths[uid], None)
    for _operation, obj, _attributes, _metadata in getQueue().getState():
        if IUUID(obj, None) == uid:
            return obj
    return None


@implementer(IPermitApplication)
class PermitApplication(Container):
    """An application; its documents are its children."""

    # SLA clock state (see workflow/sla.py); not part of the schema
    sla_paused_on = None

    def _indexes(self, catalog, idxs=None):
        names = idxs or catalog.indexes()
        return [name for name in names if name not in NOT_INDEXED] or list(METADATA_ONLY)

    def indexObject(self):
        """As CMF's, in every index but ``NOT_INDEXED``: queued as a reindex
        naming them, which the catalog also takes for a new item."""
        catalog = self._getCatalogTool()
        if catalog is not None:
            catalog.reindexObject(self, idxs=self._indexes(catalog))

    def reindexObject(self, idxs=[], update_metadata=1, uid=None):  # noqa: B006 - CMF's signature
        """As CMF's (all indexes, and a new modification date, when ``idxs``
        is empty), but never ``NOT_INDEXED``."""
        catalog = self._getCatalogTool()
        if catalog is None:
            return
        if not idxs and hasattr(aq_base(self), "notifyModified"):
            self.notifyModified()
        catalog.reindexObject(
            self, idxs=self._indexes(catalog, idxs), update_metadata=update_metadata, uid=uid
        )

    def Title(self):
        return self.tracking_number or self.getId()

    def permit_type_object(self):
        value = self.permit_type
        if isinstance(value, str):
            return object_of_uid(self, value)
        # a relation, as stored before version 1013 (until its upgrade step ran)
        if value is None or value.isBroken():
            return None
        return value.to_object
