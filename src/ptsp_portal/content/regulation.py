"""Regulation: one legal document with JDIH metadata (Permenkumham 8/2019).

The title comes from the Dublin Core behavior (``plone.basic``); the rest of
the JDIH "T.E.U." metadata lives here.
"""

from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from ptsp_portal import _
from ptsp_portal.constants import REGULATION
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant

import datetime


def _regulation_relation(title):
    return RelationList(
        title=title,
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        default=[],
        required=False,
    )


class IRegulation(model.Schema):
    """Schema of a regulation (peraturan)."""

    regulation_type = schema.Choice(
        title=_("Jenis peraturan"),
        vocabulary="ptsp_portal.RegulationTypes",
    )
    number = schema.TextLine(
        title=_("Nomor"),
        description=_("Nomor peraturan, misalnya 25 atau 8/PMK.03."),
    )
    year = schema.Int(
        title=_("Tahun"),
        min=1945,
        max=2100,
    )
    enacted_date = schema.Date(title=_("Tanggal penetapan"), required=False)
    promulgated_date = schema.Date(title=_("Tanggal pengundangan"), required=False)
    issuing_body = schema.TextLine(
        title=_("T.E.U. badan / pemrakarsa"),
        description=_("Badan yang menetapkan, misalnya Indonesia, Pemerintah Pusat."),
        required=False,
    )
    subject = schema.TextLine(
        title=_("Subjek"),
        description=_("Pokok bahasan, misalnya PELAYANAN PUBLIK."),
        required=False,
    )
    status = schema.Choice(
        title=_("Status"),
        vocabulary="ptsp_portal.RegulationStatuses",
        default="berlaku",
    )
    status_note = schema.Text(
        title=_("Keterangan status"),
        description=_("Misalnya: diubah dengan ..., dicabut sebagian oleh ..."),
        required=False,
    )
    file = NamedBlobFile(
        title=_("Berkas peraturan (PDF)"),
        required=False,
    )
    directives.widget(
        "amends",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": [REGULATION]},
    )
    amends = _regulation_relation(_("Mengubah"))
    directives.widget(
        "revokes",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": [REGULATION]},
    )
    revokes = _regulation_relation(_("Mencabut"))

    # JDIH metadata the JDIHN feed (regulations/jdihn.py) sends besides the
    # fields above; the T.E.U. badan is ``issuing_body``.
    model.fieldset(
        "jdih",
        label=_("Metadata JDIH"),
        fields=[
            "place_of_enactment",
            "source",
            "field_of_law",
            "call_number",
            "document_language",
            "abstract",
            "abstract_file",
        ],
    )
    place_of_enactment = schema.TextLine(
        title=_("Tempat penetapan"),
        description=_("Tempat peraturan ditetapkan, misalnya Jakarta."),
        required=False,
    )
    source = schema.TextLine(
        title=_("Sumber"),
        description=_(
            "Lembaran/berita negara atau daerah: singkatan, tahun, (nomor), misalnya "
            "LN 2009 (112), TLN (5038) atau LD KAB. CONTOH 2024 (3) : 8 hlm."
        ),
        required=False,
    )
    field_of_law = schema.Choice(
        title=_("Bidang hukum"),
        vocabulary="ptsp_portal.LegalFields",
        required=False,
    )
    call_number = schema.TextLine(
        title=_("Nomor panggil"),
        description=_("Nomor panggil dokumen di perpustakaan hukum, bila ada."),
        required=False,
    )
    document_language = schema.TextLine(
        title=_("Bahasa"),
        description=_("Bahasa dokumen peraturan."),
        default="Indonesia",
        required=False,
    )
    abstract = schema.Text(
        title=_("Abstrak"),
        description=_("Abstrak peraturan sebagai teks (atau unggah berkas abstrak di bawah)."),
        required=False,
    )
    abstract_file = NamedBlobFile(
        title=_("Berkas abstrak (PDF)"),
        required=False,
    )

    @invariant
    def dates_in_order(data):
        enacted = getattr(data, "enacted_date", None)
        promulgated = getattr(data, "promulgated_date", None)
        if (
            isinstance(enacted, datetime.date)
            and isinstance(promulgated, datetime.date)
            and promulgated < enacted
        ):
            raise Invalid(_("Tanggal pengundangan tidak boleh sebelum tanggal penetapan."))


@implementer(IRegulation)
class Regulation(Item):
    """A regulation in the JDIH listing.

    JDIH's ``subject`` is one text line, stored where Dublin Core keeps its
    subjects; the type therefore has no ``plone.categorization`` behavior,
    and ``Subject()`` returns the line as the one keyword, so the catalog's
    ``Subject`` index and full-text search pick it up.
    """

    subject = None

    def Subject(self):
        return (self.subject,) if self.subject else ()
