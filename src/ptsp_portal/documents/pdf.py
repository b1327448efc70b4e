"""The permit document ("Surat Keputusan") as an A4 PDF, with fpdf2.

``render(data)`` takes plain values (see ``PermitDocumentData``) so it can be
tested and benchmarked without a site.  The standard PDF fonts (Times) are
used: they need no font files, and cover Indonesian text; characters outside
Windows-1252 are transliterated (``ş`` -> ``s``) or replaced by ``?``.
"""

from dataclasses import dataclass
from dataclasses import field
from fpdf import FPDF
from io import BytesIO
from ptsp_portal import logger
from ptsp_portal.documents import qr
from ptsp_portal.documents.formatting import indonesian_date

import datetime
import unicodedata

ENCODING = "windows-1252"
FONT = "Times"
LEFT = 25
RIGHT = 20
TOP = 15
PAGE_WIDTH = 210
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
LABEL_WIDTH = 45
QR_SIZE = 32


@dataclass
class PermitDocumentData:
    permit_number: str
    permit_type_title: str
    holder_name: str
    nik_masked: str
    issued_date: datetime.date
    valid_until: datetime.date | None
    approver_name: str
    approver_position: str
    verification_url: str
    verification_code: str
    office_lines: list = field(default_factory=list)
    address_lines: list = field(default_factory=list)
    logo: bytes | None = None
    answers: list = field(default_factory=list)  # (label, text) rows
    tracking_number: str = ""
    submitted_date: datetime.date | None = None
    signed: bool = False


def clean(text):
    """``text`` in the fonts' encoding: transliterate what it lacks."""
    text = str(text or "")
    try:
        text.encode(ENCODING)
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text:
        try:
            char.encode(ENCODING)
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
            out.append(base or "?")
    return "".join(out)


class _Document(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "I", 8)
        self.set_text_color(90)
        self.cell(
            0,
            4,
            clean(f"Nomor izin {self._permit_number} - halaman {self.page_no()}/{{nb}}"),
            align="C",
        )


def _letterhead(pdf, data):
    top = pdf.get_y()
    text_left = LEFT
    bottom = top
    if data.logo:
        try:
            pdf.image(BytesIO(data.logo), x=LEFT, y=top, w=28, h=24, keep_aspect_ratio=True)
            text_left = LEFT + 30
            bottom = top + 25
        except Exception:  # a broken logo must not stop a permit
            logger.warning("office_logo cannot be drawn; permit printed without it", exc_info=True)
    width = PAGE_WIDTH - RIGHT - text_left
    pdf.set_xy(text_left, top)
    lines = data.office_lines or ["DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU"]
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        pdf.set_font(FONT, "B", 15 if last else 13)
        pdf.set_x(text_left)
        pdf.multi_cell(width, 6.5, clean(line.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for line in data.address_lines:
        pdf.set_x(text_left)
        pdf.multi_cell(width, 4.8, clean(line), align="C", new_x="LMARGIN", new_y="NEXT")
    y = max(pdf.get_y(), bottom) + 2
    pdf.set_line_width(0.9)
    pdf.line(LEFT, y, PAGE_WIDTH - RIGHT, y)
    pdf.set_line_width(0.3)
    pdf.line(LEFT, y + 1.3, PAGE_WIDTH - RIGHT, y + 1.3)
    pdf.set_y(y + 6)


def _centered(pdf, text, style="", size=12, height=6):
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, height, clean(text), align="C", new_x="LMARGIN", new_y="NEXT")


def _row(pdf, label, value, indent=10):
    pdf.set_font(FONT, "", 12)
    x = LEFT + indent
    y = pdf.get_y()
    pdf.set_xy(x, y)
    pdf.multi_cell(LABEL_WIDTH, 6, clean(label), new_x="RIGHT", new_y="TOP")
    label_bottom = pdf.get_y()
    pdf.set_xy(x + LABEL_WIDTH, y)
    pdf.cell(4, 6, ":")
    pdf.multi_cell(
        PAGE_WIDTH - RIGHT - x - LABEL_WIDTH - 4,
        6,
        clean(value),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_y(max(pdf.get_y(), label_bottom))


def _paragraph(pdf, text, size=12):
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(0, 6, clean(text), align="J", new_x="LMARGIN", new_y="NEXT")


def render(data):
    """The unsigned PDF (bytes) for ``data`` (a ``PermitDocumentData``)."""
    pdf = _Document(orientation="P", unit="mm", format="A4")
    pdf._permit_number = data.permit_number
    pdf.core_fonts_encoding = ENCODING
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(clean(f"Surat Keputusan {data.permit_number}"))
    pdf.set_subject(clean(data.permit_type_title))
    pdf.set_author(clean(" ".join(data.office_lines) or "DPMPTSP"))
    pdf.set_creator("ptsp_portal")
    pdf.set_lang("id")
    pdf.add_page()

    _letterhead(pdf, data)

    _centered(pdf, "KEPUTUSAN " + data.approver_position.upper(), "B", 12)
    _centered(pdf, f"NOMOR: {data.permit_number}", "B", 12)
    pdf.ln(2)
    _centered(pdf, "TENTANG", "B", 12)
    _centered(pdf, data.permit_type_title.upper(), "B", 12)
    pdf.ln(5)

    basis = "Berdasarkan permohonan"
    if data.tracking_number:
        basis += f" nomor registrasi {data.tracking_number}"
    if data.submitted_date:
        basis += f" tanggal {indonesian_date(data.submitted_date)}"
    basis += (
        " serta hasil pemeriksaan berkas dan peninjauan teknis yang menyatakan "
        "permohonan telah memenuhi persyaratan, dengan ini"
    )
    _paragraph(pdf, basis)
    pdf.ln(2)
    _centered(pdf, "MEMUTUSKAN:", "B", 12)
    pdf.ln(2)
    _paragraph(pdf, f"Menetapkan: Memberikan {data.permit_type_title} kepada:")
    pdf.ln(1)
    _row(pdf, "Nama", data.holder_name)
    _row(pdf, "NIK", data.nik_masked)
    _row(pdf, "Jenis izin", data.permit_type_title)
    for label, value in data.answers:
        _row(pdf, label, value)
    pdf.ln(3)
    if data.valid_until:
        validity = (
            f"Izin ini berlaku sejak tanggal {indonesian_date(data.issued_date)} "
            f"sampai dengan tanggal {indonesian_date(data.valid_until)}."
        )
    else:
        validity = (
            f"Izin ini berlaku sejak tanggal {indonesian_date(data.issued_date)} "
            "selama kegiatan atau usaha masih berjalan."
        )
    _paragraph(pdf, validity)
    pdf.ln(1)
    _paragraph(
        pdf,
        "Keaslian surat ini dapat diperiksa dengan memindai kode QR di bawah atau "
        "membuka alamat verifikasi yang tertera.",
    )
    pdf.ln(6)

    # signature block (right) and QR code (left), kept together on one page
    block_height = 52
    if pdf.get_y() + block_height > pdf.h - 18:
        pdf.add_page()
    top = pdf.get_y()
    sign_x = LEFT + TEXT_WIDTH / 2 + 5
    sign_width = PAGE_WIDTH - RIGHT - sign_x
    pdf.set_xy(sign_x, top)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(
        sign_width,
        6,
        clean(f"Ditetapkan pada tanggal {indonesian_date(data.issued_date)}"),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(sign_x)
    pdf.multi_cell(sign_width, 6, clean(data.approver_position), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(sign_x)
    pdf.set_font(FONT, "I", 9)
    pdf.cell(
        sign_width,
        12,
        "Ditandatangani secara elektronik" if data.signed else "",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(sign_x)
    pdf.set_font(FONT, "BU", 12)
    pdf.multi_cell(sign_width, 6, clean(data.approver_name), align="L", new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()

    qr.draw(pdf, data.verification_url, LEFT, top, QR_SIZE)
    pdf.set_xy(LEFT, top + QR_SIZE + 1)
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(
        TEXT_WIDTH / 2,
        3.6,
        clean(f"Verifikasi: {data.verification_url}"),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(LEFT)
    pdf.multi_cell(
        TEXT_WIDTH / 2,
        3.6,
        clean(f"Kode verifikasi: {data.verification_code}"),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_y(max(bottom, pdf.get_y()))
    return bytes(pdf.output())
