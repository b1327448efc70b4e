"""Fixed vocabularies of the portal, defined once and reused by forms, views
and the REST API (which returns ``{"token", "title"}`` for each choice)."""

from ptsp_portal import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def _vocabulary(items):
    return SimpleVocabulary([SimpleTerm(value=token, token=token, title=title) for token, title in items])


SECTORS = _vocabulary(
    [
        ("kesehatan", _("Kesehatan")),
        ("pendidikan", _("Pendidikan")),
        ("pekerjaan-umum", _("Pekerjaan Umum")),
        ("perhubungan", _("Perhubungan")),
        ("pariwisata", _("Pariwisata")),
        ("lingkungan-hidup", _("Lingkungan Hidup")),
        ("usaha", _("Usaha")),
        ("lainnya", _("Lainnya")),
    ]
)

# JDIH document types (Permenkumham 8/2019 metadata, "jenis peraturan").
REGULATION_TYPES = _vocabulary(
    [
        ("uu", _("Undang-Undang")),
        ("perppu", _("Peraturan Pemerintah Pengganti Undang-Undang")),
        ("pp", _("Peraturan Pemerintah")),
        ("perpres", _("Peraturan Presiden")),
        ("permen", _("Peraturan Menteri")),
        ("perda-provinsi", _("Peraturan Daerah Provinsi")),
        ("perda-kabkota", _("Peraturan Daerah Kabupaten/Kota")),
        ("pergub", _("Peraturan Gubernur")),
        ("perbup-perwali", _("Peraturan Bupati/Walikota")),
        ("keputusan", _("Keputusan")),
        ("lainnya", _("Lainnya")),
    ]
)

REGULATION_STATUSES = _vocabulary(
    [
        ("berlaku", _("Berlaku")),
        ("tidak-berlaku", _("Tidak berlaku")),
    ]
)

# JDIH "bidang hukum" (field of law) of a regulation.
LEGAL_FIELDS = _vocabulary(
    [
        ("hukum-administrasi-negara", _("Hukum Administrasi Negara")),
        ("hukum-tata-negara", _("Hukum Tata Negara")),
        ("hukum-perdata", _("Hukum Perdata")),
        ("hukum-pidana", _("Hukum Pidana")),
        ("hukum-acara", _("Hukum Acara")),
        ("hukum-internasional", _("Hukum Internasional")),
        ("hukum-adat", _("Hukum Adat")),
        ("hukum-islam", _("Hukum Islam")),
        ("lainnya", _("Lainnya")),
    ]
)

# Upload types a requirement row may accept; checked on content later.
FILE_TYPES = _vocabulary(
    [
        ("pdf", _("PDF")),
        ("jpg", _("Gambar JPEG")),
        ("png", _("Gambar PNG")),
    ]
)


@provider(IVocabularyFactory)
def sectors(context):
    return SECTORS


@provider(IVocabularyFactory)
def regulation_types(context):
    return REGULATION_TYPES


@provider(IVocabularyFactory)
def regulation_statuses(context):
    return REGULATION_STATUSES


@provider(IVocabularyFactory)
def legal_fields(context):
    return LEGAL_FIELDS


@provider(IVocabularyFactory)
def file_types(context):
    return FILE_TYPES


# the kinds of fee of a permit type (fees/definition.py)
FEE_KINDS = _vocabulary(
    [
        ("free", _("Gratis")),
        ("fixed", _("Biaya tetap")),
        ("rate", _("Jawaban × tarif × indeks")),
        ("tiered", _("Tabel tarif")),
    ]
)


@provider(IVocabularyFactory)
def fee_kinds(context):
    return FEE_KINDS
