"""Checking one uploaded document for what it is, not what it is called.

Used by the web form (a z3c.form validator on each requirement field and
again by the action) and by the REST ``@apply`` service, through
``ptsp_portal.forms.submission``.  A document is refused when it is empty,
larger than its requirement allows (site default and hard cap in the
registry), when its content (magic bytes, via ``filetype``) is not one of
the requirement's file types, or when an image does not decode sanely
(truncated, or a decompression bomb).  Every message names the document.
"""

from io import BytesIO
from PIL import Image
from plone import api
from ptsp_portal import _
from ptsp_portal.i18n.language import site_language
from zope.i18nmessageid import Message

import filetype
import os
import re
import warnings

DEFAULT_MB_RECORD = "ptsp_portal.upload_default_mb"
HARD_CAP_MB_RECORD = "ptsp_portal.upload_hard_cap_mb"
DEFAULT_MB = 5
HARD_CAP_MB = 20
# 40 megapixels: a phone photo is 12-50 MP, a scan at 300 dpi of an A4 page
# is 8.7 MP; beyond this, decoding alone costs hundreds of MB of memory.
MAX_PIXELS = 40_000_000

# file type token (vocabulary ptsp_portal.FileTypes) -> what the content
# must be: the ``filetype`` extension it detects, MIME type, extension
ACCEPTED = {
    "pdf": ("pdf", "application/pdf", ".pdf"),
    "jpg": ("jpg", "image/jpeg", ".jpg"),
    "png": ("png", "image/png", ".png"),
}
TYPE_NAMES = {
    "pdf": _("PDF"),
    "jpg": _("gambar JPEG"),
    "png": _("gambar PNG"),
}
# What we tell the applicant their file really is, by detected extension.
DETECTED_NAMES = {
    "zip": _("arsip ZIP"),
    "rar": _("arsip RAR"),
    "7z": _("arsip 7z"),
    "gz": _("arsip terkompresi"),
    "bz2": _("arsip terkompresi"),
    "xz": _("arsip terkompresi"),
    "tar": _("arsip TAR"),
    "exe": _("program (berkas yang dapat dijalankan)"),
    "elf": _("program (berkas yang dapat dijalankan)"),
    "html": _("halaman web (HTML)"),
    "gif": _("gambar GIF"),
    "webp": _("gambar WebP"),
    "heic": _("gambar HEIC"),
    "tif": _("gambar TIFF"),
    "bmp": _("gambar BMP"),
    "docx": _("dokumen Word"),
    "doc": _("dokumen Word"),
    "xlsx": _("lembar kerja Excel"),
    "pdf": _("PDF"),
    "jpg": _("gambar JPEG"),
    "png": _("gambar PNG"),
}
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<script|<iframe|<svg|<\?xml)", re.I)
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


class UploadError(ValueError):
    """The upload is refused; ``message`` says why, naming the document."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


def _record(name, default):
    try:
        value = api.portal.get_registry_record(name, default=None)
    except Exception:  # no site (unit use) or record not installed yet
        value = None
    return value if isinstance(value, int) and value > 0 else default


def size_limit_mb(max_size_mb=None):
    """The limit for one document: the row's, else the site default, never
    more than the hard cap."""
    hard_cap = _record(HARD_CAP_MB_RECORD, HARD_CAP_MB)
    limit = max_size_mb or _record(DEFAULT_MB_RECORD, DEFAULT_MB)
    return min(limit, hard_cap)


def allowed_types(file_types=None):
    """Tokens of the row that we know how to check; all of them if empty."""
    tokens = [t for t in (file_types or ()) if t in ACCEPTED]
    return tokens or list(ACCEPTED)


def mime_types(tokens):
    """The MIME types of file type tokens (for an ``accept`` attribute)."""
    return [ACCEPTED[token][1] for token in tokens]


def rules(row):
    """``(file types, limit in MB)`` of a requirement row (a dict)."""
    row = row or {}
    return allowed_types(row.get("file_types")), size_limit_mb(row.get("max_size_mb"))


def describe_rules(row):
    """'PDF atau gambar JPEG, paling besar 5 MB' (a Message) for a row.

    Stored in the form's schema as the field's description, so the type
    names are in the site's language like the sentence around them (in the
    language of the request that happened to sync the form, an Indonesian
    form read "PDF, JPEG image or PNG image")."""
    types, limit = rules(row)
    return _(
        "Jenis berkas: ${types}; ukuran maksimum ${size} MB.",
        mapping={"types": _join(types, site_language()), "size": limit},
    )


def _translate(msg, target_language=None):
    if isinstance(msg, Message):
        from zope.globalrequest import getRequest
        from zope.i18n import translate

        return translate(msg, context=getRequest(), target_language=target_language)
    return msg


def _join(tokens, target_language=None):
    names = [_translate(TYPE_NAMES[t], target_language) for t in tokens]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " " + _translate(_("atau"), target_language) + " " + names[-1]


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def detect(data):
    """The detected kind of ``data``: an extension such as ``pdf``, ``zip``,
    ``exe``, ``html`` or ``None`` when unknown."""
    kind = filetype.guess(data[:8192])
    if kind is not None:
        return kind.extension
    if _HTML.match(data[:1024].lstrip(b"\xef\xbb\xbf")):
        return "html"
    return None


PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def _complete(data, token):
    """Is the image whole?  Checked on its structure, because plone.scale
    makes Pillow pad truncated images silently (LOAD_TRUNCATED_IMAGES).
    A JPEG ends its last scan with EOI (FFD9 cannot occur inside a scan;
    data after it, like phone makers' trailers, is fine); a PNG has IEND."""
    if token == "jpg":
        return data.rfind(b"\xff\xd9") > data.rfind(b"\xff\xda") > 0
    return PNG_END in data


def _check_image(data, title, token):
    if not _complete(data, token):
        raise UploadError(
            _(
                "Gambar ${title} rusak atau tidak lengkap; unggah ulang berkasnya.",
                mapping={"title": title},
            )
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise UploadError(
                        _(
                            "Gambar ${title} terlalu besar resolusinya (${width} × ${height} piksel).",
                            mapping={"title": title, "width": width, "height": height},
                        )
                    )
                image.verify()
            # verify() leaves the image unusable; decode it once for real
            with Image.open(BytesIO(data)) as image:
                image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(_("Gambar ${title} terlalu besar resolusinya.", mapping={"title": title})) from None
    except Exception:
        raise UploadError(
            _(
                "Gambar ${title} rusak atau tidak lengkap; unggah ulang berkasnya.",
                mapping={"title": title},
            )
        ) from None


def safe_filename(filename, extension, fallback):
    """A plain file name (no path) whose extension matches the content."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    stem, ext = os.path.splitext(name)
    if not stem:
        stem = fallback
    if ext.lower() not in ((extension, ".jpeg") if extension == ".jpg" else (extension,)):
        ext = extension
    return stem[:100] + ext


def check_upload(title, data, filename="", file_types=None, max_size_mb=None, name="dokumen"):
    """Check one upload; return ``(filename, content_type)`` to store it
    under, or raise ``UploadError`` whose message names ``title``.

    ``file_types`` and ``max_size_mb`` come from the requirement row.
    """
    if not data:
        raise UploadError(_("Berkas ${title} kosong; pilih berkas yang benar.", mapping={"title": title}))
    limit = size_limit_mb(max_size_mb)
    if len(data) > limit * 1024 * 1024:
        raise UploadError(
            _(
                "Berkas ${title} terlalu besar (${size} MB); ukuran maksimum ${max} MB.",
                mapping={"title": title, "size": _megabytes(len(data)), "max": limit},
            )
        )
    tokens = allowed_types(file_types)
    detected = detect(data)
    token = next((t for t in tokens if ACCEPTED[t][0] == detected), None)
    if token is None:
        what = DETECTED_NAMES.get(detected, _("berkas yang tidak dikenal"))
        raise UploadError(
            _(
                "Berkas ${title} harus berupa ${types}, tetapi isinya ${what}.",
                mapping={"title": title, "types": _join(tokens), "what": _translate(what)},
            )
        )
    if token in ("jpg", "png"):
        _check_image(data, title, token)
    content_type, extension = ACCEPTED[token][1:]
    return safe_filename(filename, extension, name), content_type
