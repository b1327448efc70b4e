"""The JDIHN feed: every published regulation as the harvesters of the
national legal documentation network (JDIHN, Perpres 33/2012) read a member
site — one bare JSON array, one object per document, every value a string.

Served at ``GET <site>/++api++/@jdihn`` (services/jdihn/) and
``<site>/integrasi-jdihn`` (browser/jdihn.py), both from ``feed``.

The feed is read from catalog brains: the indexer ``jdih_metadata``
(indexers/) keeps ``metadata(regulation)`` — the regulation's own values as
plain strings — as a metadata column, so the whole array is built without
waking a regulation.  What depends on the request (URLs) or on code
(titles of the vocabularies, the abbreviation of a type, the status words)
is added here, when the feed is read.

Values the office has not recorded are ``""``, never ``null``.  ``penerbit``,
``deskripsiFisik``, ``isbn`` and ``nomorIndukBuku`` describe monographs
(books) in JDIH and are always ``""`` for a regulation.  ``bahasa`` is the
regulation's language, ``Indonesia`` when none is recorded.  ``abstrak`` is
the URL of the abstract file when one is uploaded, else the abstract's text.
"""

from DateTime import DateTime
from plone import api
from ptsp_portal.constants import REGULATION
from ptsp_portal.vocabularies import LEGAL_FIELDS
from ptsp_portal.vocabularies import REGULATION_TYPES
from urllib.parse import quote

import datetime
import json

# the keys of one document, in the order of issue 15 (JDIHN's harvesters)
KEYS = (
    "idData",
    "tahun_pengundangan",
    "tanggal_penetapan",
    "tanggal_pengundangan",
    "jenis",
    "noPeraturan",
    "judul",
    "noPanggil",
    "singkatanJenis",
    "tempatTerbit",
    "penerbit",
    "deskripsiFisik",
    "sumber",
    "subjek",
    "isbn",
    "status",
    "bahasa",
    "bidangHukum",
    "teuBadan",
    "nomorIndukBuku",
    "fileDownload",
    "urlDownload",
    "urlDetailPeraturan",
    "abstrak",
    "operasi",
    "display",
)

# "singkatan jenis" of each regulation type (REGULATION_TYPES' tokens)
ABBREVIATIONS = {
    "uu": "UU",
    "perppu": "PERPPU",
    "pp": "PP",
    "perpres": "PERPRES",
    "permen": "PERMEN",
    "perda-provinsi": "PERDA",
    "perda-kabkota": "PERDA",
    "pergub": "PERGUB",
    "perbup-perwali": "PERBUP/PERWALI",
    "keputusan": "KEP",
}

IN_FORCE, NOT_IN_FORCE = "Berlaku", "Tidak Berlaku"
LANGUAGE = "Indonesia"
OPERATION, DISPLAY = "4", "1"  # what the harvesters expect of every document


def _text(value):
    if isinstance(value, list | tuple):  # subjects set as Dublin Core keywords
        return ", ".join(_text(v) for v in value if _text(v))
    return "" if value is None else str(value).strip()


def _date(value):
    return value.isoformat() if isinstance(value, datetime.date) else ""


def _file_name(value):
    return _text(getattr(value, "filename", None)) if value else ""


def metadata(regulation):
    """What the catalog keeps of ``regulation`` for the feed (the metadata
    column ``jdih_metadata``): its own values, each a string."""
    return {
        "regulation_type": _text(regulation.regulation_type),
        "number": _text(regulation.number),
        "year": _text(regulation.year),
        "enacted_date": _date(regulation.enacted_date),
        "promulgated_date": _date(regulation.promulgated_date),
        "place_of_enactment": _text(regulation.place_of_enactment),
        "source": _text(regulation.source),
        "subject": _text(regulation.subject),
        "status": _text(regulation.status),
        "document_language": _text(regulation.document_language),
        "field_of_law": _text(regulation.field_of_law),
        "issuing_body": _text(regulation.issuing_body),
        "call_number": _text(regulation.call_number),
        "abstract": _text(regulation.abstract),
        "file_name": _file_name(regulation.file),
        "abstract_file_name": _file_name(regulation.abstract_file),
    }


def _title(vocabulary, token):
    # the msgid: the feed is Indonesian whatever the reader's language
    return str(vocabulary.getTerm(token).title) if token in vocabulary else token


def _download(url, field, file_name):
    return f"{url}/@@download/{field}/{quote(file_name)}" if file_name else ""


def status_word(status):
    """JDIHN's status: a regulation amended but in force is "Berlaku";
    one revoked (status ``tidak-berlaku``) is "Tidak Berlaku"."""
    return IN_FORCE if status == "berlaku" else NOT_IN_FORCE


def document(title, uid, url, meta):
    """One object of the feed from a regulation's ``metadata``."""
    kind = meta.get("regulation_type", "")
    promulgated = meta.get("promulgated_date", "")
    abstract_file = meta.get("abstract_file_name", "")
    return {
        "idData": uid,
        "tahun_pengundangan": promulgated[:4] or meta.get("year", ""),
        "tanggal_penetapan": meta.get("enacted_date", ""),
        "tanggal_pengundangan": promulgated,
        "jenis": _title(REGULATION_TYPES, kind),
        "noPeraturan": meta.get("number", ""),
        "judul": _text(title),
        "noPanggil": meta.get("call_number", ""),
        "singkatanJenis": ABBREVIATIONS.get(kind, ""),
        "tempatTerbit": meta.get("place_of_enactment", ""),
        "penerbit": "",
        "deskripsiFisik": "",
        "sumber": meta.get("source", ""),
        "subjek": meta.get("subject", ""),
        "isbn": "",
        "status": status_word(meta.get("status")),
        "bahasa": meta.get("document_language", "") or LANGUAGE,
        "bidangHukum": _title(LEGAL_FIELDS, meta.get("field_of_law", "")),
        "teuBadan": meta.get("issuing_body", ""),
        "nomorIndukBuku": "",
        "fileDownload": meta.get("file_name", ""),
        "urlDownload": _download(url, "file", meta.get("file_name", "")),
        "urlDetailPeraturan": url,
        "abstrak": (
            _download(url, "abstract_file", abstract_file) if abstract_file else meta.get("abstract", "")
        ),
        "operasi": OPERATION,
        "display": DISPLAY,
    }


def published_regulations(site):
    """Brains of the published regulations of ``site`` the current user
    may see, in effect now (the same for every role: a harvester, an
    editor), newest first."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.searchResults(
        portal_type=REGULATION,
        review_state="published",
        effectiveRange=DateTime(),
        path="/".join(site.getPhysicalPath()),
        sort_on=["regulation_year", "sortable_title"],
        sort_order=["descending", "ascending"],
    )


def feed(site):
    """The whole feed: a list of ``document``s, read from brains."""
    documents = []
    for brain in published_regulations(site):
        meta = getattr(brain, "jdih_metadata", None)
        if not isinstance(meta, dict):  # catalogued before the column existed
            meta = metadata(brain.getObject())
        documents.append(document(brain.Title, brain.UID, brain.getURL(), meta))
    return documents


CONTENT_TYPE = "application/json; charset=utf-8"


def feed_json(site):
    """``feed`` as JSON text, keys in JDIHN's order."""
    return json.dumps(feed(site), ensure_ascii=False)
