"""The receipt (tanda terima) of a counter application: fpdf2, QR by segno.

Tracking number, permit type, date and time received, the applicant (name,
NIK masked), the documents received, the due date in working days
(``workflow.sla`` set it with ``working_days``), the claim code when it is
known (right after filing: it is stored hashed and cannot be printed
again), and the public tracking URL (``@@lacak?nomor=``, no personal data)
as a QR code.  Two sizes: A4 and an 80 mm thermal roll (the page as long as
its text).
"""

from dataclasses import dataclass
from dataclasses import field
from fpdf import FPDF
from plone import api
from ptsp_portal.documents import qr
from ptsp_portal.documents.formatting import indonesian_date
from ptsp_portal.documents.formatting import mask_nik
from ptsp_portal.documents.pdf import clean
from ptsp_portal.documents.pdf import ENCODING
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.workflow.sla import office_zone
from urllib.parse import urlencode

import datetime

A4 = "a4"
THERMAL = "80mm"
SIZES = (A4, THERMAL)
FONT = "Helvetica"


@dataclass
class ReceiptData:
    office_lines: list
    tracking_number: str
    permit_type_title: str
    received: datetime.datetime | None
    applicant_name: str
    nik_masked: str
    documents: list = field(default_factory=list)  # titles
    service_days: int | None = None
    due_date: datetime.date | None = None
    tracking_url: str = ""
    claim_code: str | None = None
    officer: str = ""


def tracking_url(number):
    return f"{api.portal.get().absolute_url()}/@@lacak?" + urlencode({"nomor": number})


def receipt_data(application, permit_type, claim_code=None):
    record = api.portal.get_registry_record
    office = [
        line.strip()
        for line in (record("ptsp_portal.office_name", default=None) or "").splitlines()
        if line.strip()
    ] or [api.portal.get().Title()]
    titles = {row_id: row.get("title") or row_id for row_id, row in requirement_rows(permit_type).items()}
    documents = [
        titles.get(document.getId(), document.Title() or document.getId())
        for document in application.objectValues()
    ]
    submitted = getattr(application, "submitted", None)
    if isinstance(submitted, datetime.datetime) and submitted.tzinfo is not None:
        submitted = submitted.astimezone(office_zone())
    officer = api.user.get(userid=application.filed_by) if getattr(application, "filed_by", None) else None
    return ReceiptData(
        office_lines=office,
        tracking_number=application.tracking_number,
        permit_type_title=permit_type.Title(),
        received=submitted,
        applicant_name=application.applicant_name,
        nik_masked=mask_nik(application.applicant_nik),
        documents=documents,
        service_days=getattr(permit_type, "service_days", None),
        due_date=application.due_date,
        tracking_url=tracking_url(application.tracking_number),
        claim_code=claim_code,
        officer=(officer.getProperty("fullname", "") or officer.getId()) if officer is not None else "",
    )


def _received_text(value):
    if value is None:
        return "-"
    if isinstance(value, datetime.datetime):
        return f"{indonesian_date(value)} pukul {value:%H.%M}"
    return indonesian_date(value)


def _draw(pdf, data, width, small):
    size = 8 if small else 11
    line = 4 if small else 6
    for text in data.office_lines:
        pdf.set_font(FONT, "B", size + 1)
        pdf.multi_cell(width, line, clean(text.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "B", size + 3)
    pdf.multi_cell(width, line + 1, "TANDA TERIMA BERKAS", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(width, line, "Permohonan diajukan di loket", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def row(label, value, bold=False):
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(width, line, clean(label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "B" if bold else "", size + (2 if bold else 0))
        pdf.multi_cell(width, line + (1 if bold else 0), clean(value), new_x="LMARGIN", new_y="NEXT")

    row("Nomor permohonan", data.tracking_number, bold=True)
    row("Jenis izin", data.permit_type_title)
    row("Diterima", _received_text(data.received))
    row("Pemohon", f"{data.applicant_name} (NIK {data.nik_masked})")
    if data.due_date is not None:
        days = f"{data.service_days} hari kerja, " if data.service_days else ""
        row("Batas waktu layanan", f"{days}paling lambat {indonesian_date(data.due_date)}")
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(width, line, "Dokumen diterima:", new_x="LMARGIN", new_y="NEXT")
    for index, title in enumerate(data.documents or ["-"], start=1):
        pdf.multi_cell(width, line, clean(f"{index}. {title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if data.claim_code:
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(
            width,
            line,
            "Kode klaim (untuk menautkan permohonan ke akun Anda di portal, menu Permohonan Saya; "
            "rahasiakan):",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("Courier", "B", size + 5)
        pdf.multi_cell(width, line + 3, data.claim_code, align="C", new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.set_font(FONT, "I", size - 1)
        pdf.multi_cell(
            width,
            line,
            "Cetak ulang: kode klaim hanya tercetak pada tanda terima asli.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)
    qr_size = 30 if small else 40
    x = pdf.l_margin + (width - qr_size) / 2
    y = pdf.get_y()
    qr.draw(pdf, data.tracking_url, x, y, qr_size)
    pdf.set_y(y + qr_size + 1)
    pdf.set_font(FONT, "", size - 1)
    pdf.multi_cell(
        width, line, clean(f"Lacak permohonan: {data.tracking_url}"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    if data.officer:
        pdf.multi_cell(
            width, line, clean(f"Petugas loket: {data.officer}"), align="C", new_x="LMARGIN", new_y="NEXT"
        )


def _pdf(page_format, margin):
    pdf = FPDF(orientation="P", unit="mm", format=page_format)
    pdf.core_fonts_encoding = ENCODING
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin=margin)
    pdf.set_creator("ptsp_portal")
    pdf.set_lang("id")
    return pdf


def render(data, size=A4):
    """The receipt (bytes) on A4 or on an 80 mm roll."""
    if size == THERMAL:
        margin, width = 4, 72
        probe = _pdf((80, 1000), margin)
        probe.add_page()
        _draw(probe, data, width, small=True)
        height = probe.get_y() + margin + 2
        pdf = _pdf((80, height), margin)
    else:
        margin = 20
        pdf = _pdf("A4", margin)
        width = 210 - 2 * margin
    pdf.set_title(clean(f"Tanda terima {data.tracking_number}"))
    pdf.set_subject(clean(data.permit_type_title))
    pdf.add_page()
    _draw(pdf, data, width, small=size == THERMAL)
    return bytes(pdf.output())
