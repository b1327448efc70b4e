"""Complaint: a complaint, suggestion, question or appreciation (pengaduan).

It lives in the private folder ``/pengaduan`` and is moved by
``ptsp_complaint_workflow``; only complaint handlers (and Managers) can
view it, so the complainant's identity (``complainant_*``) is theirs alone.
The complainant follows it by its number (``complaints/status.py``), not
through the object.  Made by ``complaints/filing.py`` only.

``Title`` is the number and ``Description`` is empty, so neither the text
nor the identity reaches the catalog's metadata; the catalog knows the
number, kind, subject (``complaint_subject``), state, dates, the response due date and, once
answered, when and whether on time (``answered_date``,
``answered_on_time``).  Field names are a contract.
"""

from plone.autoform import directives
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from ptsp_portal import _
from ptsp_portal.constants import COMPLAINT_KINDS
from zope import schema
from zope.interface import implementer
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import re

COMPLAINT_NUMBER = re.compile(r"^ADU-\d{4}-\d{6}$")
KIND_TITLES = {
    "complaint": _("Pengaduan"),
    "suggestion": _("Saran"),
    "question": _("Pertanyaan"),
    "appreciation": _("Apresiasi"),
}
KINDS = SimpleVocabulary([SimpleTerm(kind, kind, KIND_TITLES[kind]) for kind in COMPLAINT_KINDS])


class IComplaint(model.Schema):
    """Schema of a complaint (pengaduan)."""

    directives.mode(complaint_number="display")
    complaint_number = schema.ASCIILine(title=_("Nomor pengaduan"), required=False, readonly=True)
    kind = schema.Choice(title=_("Jenis"), vocabulary=KINDS, default="complaint")
    # ``subject`` and ``description`` of the filing contract: stored apart
    # from Dublin Core's, which the catalog would index and show
    complaint_subject = schema.TextLine(title=_("Perihal"), max_length=200)
    complaint_text = schema.Text(title=_("Uraian"), max_length=5000)
    complainant_name = schema.TextLine(title=_("Nama pelapor"), required=False)
    complainant_email = schema.ASCIILine(title=_("Email pelapor"), required=False)
    complainant_phone = schema.TextLine(title=_("Telepon pelapor"), required=False)
    directives.mode(complainant_id="display")
    complainant_id = schema.ASCIILine(title=_("Akun pelapor"), required=False)
    directives.mode(related_tracking_number="display")
    related_tracking_number = schema.ASCIILine(title=_("Nomor registrasi permohonan terkait"), required=False)
    attachment = NamedBlobFile(title=_("Lampiran"), required=False)
    lapor_category = schema.TextLine(
        title=_("Kategori SP4N-LAPOR!"),
        description=_("Kategori pengaduan menurut SP4N-LAPOR!, untuk ekspor ke LAPOR!."),
        required=False,
    )
    directives.mode(filed="display")
    filed = schema.Datetime(title=_("Tanggal diterima"), required=False)
    directives.mode(complaint_due="display")
    complaint_due = schema.Date(title=_("Batas waktu tanggapan"), required=False)
    directives.mode(assigned_to="display")
    assigned_to = schema.TextLine(title=_("Ditangani oleh (unit atau petugas)"), required=False)
    directives.mode(answer="display")
    answer = schema.Text(title=_("Tanggapan"), required=False)
    directives.mode(answered_date="display")
    answered_date = schema.Datetime(title=_("Tanggal ditanggapi"), required=False)
    directives.mode(rejection_reason="display")
    rejection_reason = schema.Text(title=_("Alasan penolakan"), required=False)
    directives.mode(forwarded_to="display")
    forwarded_to = schema.TextLine(title=_("Diteruskan kepada (instansi)"), required=False)


@implementer(IComplaint)
class Complaint(Item):
    # the access code's hash (complaints/numbering.py), never the code
    access_code_hash = None
    answered_date = None
    answered_on_time = None

    def Title(self):
        return self.complaint_number or self.getId()

    def Description(self):
        return ""

    def Subject(self):
        return ()

    def SearchableText(self):
        return " ".join(part for part in (self.complaint_number, self.complaint_subject) if part)

    @property
    def complaint_kind(self):
        return self.kind
