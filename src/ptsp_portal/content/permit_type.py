"""PermitType: one public service of the office and its standar pelayanan.

The public components follow UU 25/2009 art. 21 and PermenPANRB 15/2014
(requirements, procedure, time, fee, product, complaint handling, legal
basis); the internal ones sit in their own fieldset.  Field names are a
contract with the REST API and later features.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from collective.z3cform.datagridfield.row import DictRow
from plone.app.textfield import RichText
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from ptsp_portal import _
from ptsp_portal.constants import REGULATION
from ptsp_portal.content.validators import InvalidValue
from ptsp_portal.content.validators import PermitCode
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant

import re

ROW_ID = re.compile(r"^[a-z][a-z0-9_-]{0,49}$")


def _row_id(value):
    if not ROW_ID.match(value or ""):
        raise InvalidValue(_("Gunakan huruf kecil, angka, '-' atau '_' dan diawali huruf (contoh: ktp)."))
    return True


class IRequirementRow(model.Schema):
    """One document the applicant uploads."""

    id = schema.TextLine(
        title=_("Kode dokumen"),
        description=_("Huruf kecil tanpa spasi, unik dalam jenis izin ini (contoh: ktp)."),
        constraint=_row_id,
    )
    title = schema.TextLine(title=_("Nama dokumen"))
    description = schema.TextLine(title=_("Keterangan"), required=False)
    required = schema.Bool(title=_("Wajib"), default=True, required=False)
    file_types = schema.List(
        title=_("Jenis berkas"),
        value_type=schema.Choice(vocabulary="ptsp_portal.FileTypes"),
        default=["pdf"],
        required=False,
    )
    max_size_mb = schema.Int(
        title=_("Ukuran maksimum (MB)"),
        default=5,
        min=1,
        max=50,
        required=False,
    )


FEE_ANSWER_ID = re.compile(r"^[a-z][a-z0-9_-]{0,59}$")
FEE_INDEX = re.compile(r"^\d{1,9}([.,]\d{1,4})?$")


def _fee_answer_id(value):
    if not FEE_ANSWER_ID.match(value or ""):
        raise InvalidValue(
            _(
                "Isian ini hanya nama kolom jawaban formulir (huruf kecil, angka, '_' atau '-', "
                "contoh: luas_bangunan), bukan rumus."
            )
        )
    return True


def _fee_index(value):
    if not FEE_INDEX.match((value or "").strip()):
        raise InvalidValue(_("Harus berupa angka biasa, misalnya 1,5 (tanpa rumus atau satuan)."))
    return True


class IFeeTierRow(model.Schema):
    """One row of a tiered fee table."""

    up_to = schema.Int(title=_("Sampai dengan"), min=0, required=False)
    amount = schema.Int(title=_("Biaya (Rupiah)"), min=0)


class IPermitType(model.Schema):
    """Schema of a permit type (jenis izin)."""

    code = PermitCode(
        title=_("Kode layanan"),
        description=_("Kode singkat yang unik, misalnya PBG atau SIP-DOKTER."),
    )
    sector = schema.Choice(
        title=_("Sektor"),
        vocabulary="ptsp_portal.Sectors",
    )
    directives.widget("requirements", DataGridFieldWidgetFactory, auto_append=False)
    requirements = schema.List(
        title=_("Persyaratan"),
        description=_("Dokumen yang harus diunggah pemohon, berurutan."),
        value_type=DictRow(title=_("Dokumen"), schema=IRequirementRow),
        default=[],
        required=False,
    )
    procedure = RichText(
        title=_("Sistem, mekanisme dan prosedur"),
        required=False,
    )
    service_days = schema.Int(
        title=_("Jangka waktu pelayanan (hari kerja)"),
        description=_("Kosongkan bila belum ditetapkan."),
        min=1,
        max=365,
        required=False,
    )
    fee_amount = schema.Int(
        title=_("Biaya/tarif (Rupiah)"),
        description=_(
            "0 berarti tidak dipungut biaya. Kosongkan bila besarnya ditetapkan "
            "per kasus (jelaskan di keterangan biaya)."
        ),
        min=0,
        required=False,
    )
    fee_note = schema.Text(
        title=_("Keterangan biaya"),
        description=_("Dasar pengenaan retribusi atau rumus tarif."),
        required=False,
    )
    # the fee as data (fees/definition.py): a kind and its numbers, no
    # expressions; without a kind fee_amount keeps its old meaning
    fee_kind = schema.Choice(
        title=_("Jenis biaya"),
        description=_(
            "Gratis; biaya tetap (isi Biaya/tarif); jawaban × tarif × indeks (misalnya luas "
            "bangunan × tarif per m² × indeks); atau tabel tarif atas satu jawaban angka."
        ),
        vocabulary="ptsp_portal.FeeKinds",
        required=False,
    )
    fee_answer = schema.TextLine(
        title=_("Kolom jawaban dasar biaya"),
        description=_(
            "Kode kolom angka pada formulir permohonan (contoh: luas_bangunan), "
            "untuk tarif × indeks dan tabel tarif."
        ),
        constraint=_fee_answer_id,
        required=False,
    )
    fee_rate = schema.Int(
        title=_("Tarif per satuan (Rupiah)"),
        min=1,
        required=False,
    )
    fee_index = schema.TextLine(
        title=_("Indeks"),
        description=_("Angka biasa, misalnya 1,5; kosong berarti 1."),
        constraint=_fee_index,
        required=False,
    )
    directives.widget("fee_tiers", DataGridFieldWidgetFactory, auto_append=False)
    fee_tiers = schema.List(
        title=_("Tabel tarif"),
        description=_(
            "Baris berurutan: sampai dengan nilai jawaban (kosong = seterusnya), biaya dalam Rupiah."
        ),
        value_type=DictRow(title=_("Baris tarif"), schema=IFeeTierRow),
        default=[],
        required=False,
    )
    validity_years = schema.Int(
        title=_("Masa berlaku izin (tahun)"),
        description=_("Kosongkan bila izin berlaku selama kegiatan berjalan."),
        min=1,
        max=50,
        required=False,
    )
    output_product = schema.TextLine(
        title=_("Produk pelayanan"),
        required=False,
    )
    complaint_handling = schema.Text(
        title=_("Penanganan pengaduan, saran dan masukan"),
        required=False,
    )
    directives.widget(
        "legal_basis",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": [REGULATION], "recentlyUsed": True},
    )
    legal_basis = RelationList(
        title=_("Dasar hukum"),
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        default=[],
        required=False,
    )
    online = schema.Bool(
        title=_("Dapat diajukan daring"),
        description=_("Pemohon dapat mengajukan permohonan melalui portal."),
        default=True,
        required=False,
    )

    model.fieldset(
        "internal",
        label=_("Komponen internal"),
        fields=[
            "facilities",
            "staff_competence",
            "internal_supervision",
            "staff_count",
            "service_guarantee",
            "safety_guarantee",
            "performance_evaluation",
        ],
    )
    facilities = schema.Text(title=_("Sarana, prasarana dan/atau fasilitas"), required=False)
    staff_competence = schema.Text(title=_("Kompetensi pelaksana"), required=False)
    internal_supervision = schema.Text(title=_("Pengawasan internal"), required=False)
    staff_count = schema.Int(title=_("Jumlah pelaksana"), min=0, required=False)
    service_guarantee = schema.Text(title=_("Jaminan pelayanan"), required=False)
    safety_guarantee = schema.Text(title=_("Jaminan keamanan dan keselamatan pelayanan"), required=False)
    performance_evaluation = schema.Text(title=_("Evaluasi kinerja pelaksana"), required=False)

    @invariant
    def requirement_ids_unique(data):
        rows = getattr(data, "requirements", None) or []
        ids = [row.get("id") for row in rows]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise Invalid(
                _(
                    "Kode dokumen harus unik: ${ids}",
                    mapping={"ids": ", ".join(duplicates)},
                )
            )


@implementer(IPermitType)
class PermitType(Container):
    """A permit type; folderish so its application form can live inside."""
