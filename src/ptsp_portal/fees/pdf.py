"""The bill (SKRD) as an A4 PDF, with fpdf2 and the permit document's
letterhead and rows (``documents.pdf``), so both look like the office's."""

from dataclasses import dataclass
from dataclasses import field
from fpdf import FPDF
from plone import api
from ptsp_portal.documents import pdf as document_pdf
from ptsp_portal.documents.formatting import indonesian_date
from ptsp_portal.documents.issue import office_logo
from ptsp_portal.i18n.formatting import format_rupiah

import datetime


@dataclass
class BillData:
    number: str
    amount: int
    basis: str
    issued: datetime.date
    due_date: datetime.date
    instructions: str
    status: str
    permit_type_title: str
    holder_name: str
    tracking_number: str
    reference: str = ""
    office_lines: list = field(default_factory=list)
    address_lines: list = field(default_factory=list)
    logo: bytes | None = None


STATUS_TEXT = {
    "unpaid": "BELUM DIBAYAR",
    "paid": "LUNAS",
    "waived": "DIBEBASKAN",
}


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def bill_data(application, bill):
    record = api.portal.get_registry_record
    permit_type = application.permit_type_object()
    return BillData(
        number=bill["number"],
        amount=bill["amount"],
        basis=bill.get("basis") or "",
        issued=bill["issued"].date(),
        due_date=bill["due_date"],
        instructions=bill.get("instructions") or "",
        status=bill["status"],
        permit_type_title=permit_type.Title() if permit_type is not None else "",
        holder_name=application.applicant_name or "",
        tracking_number=application.tracking_number or "",
        reference=bill.get("reference") or "",
        office_lines=_lines(record("ptsp_portal.office_name", default=None)) or [api.portal.get().Title()],
        address_lines=_lines(record("ptsp_portal.office_address", default=None)),
        logo=office_logo(),
    )


def rupiah(amount):
    return format_rupiah(amount) if amount else "Rp 0"


def render(data):
    """The PDF (bytes) of ``data`` (a ``BillData``)."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.core_fonts_encoding = document_pdf.ENCODING
    pdf.set_margins(document_pdf.LEFT, document_pdf.TOP, document_pdf.RIGHT)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(document_pdf.clean(f"SKRD {data.number}"))
    pdf.set_creator("ptsp_portal")
    pdf.set_lang("id")
    pdf.add_page()
    document_pdf._letterhead(pdf, data)
    document_pdf._centered(pdf, "SURAT KETETAPAN RETRIBUSI DAERAH (SKRD)", "B", 13)
    document_pdf._centered(pdf, f"NOMOR: {data.number}", "B", 12)
    pdf.ln(4)
    document_pdf._row(pdf, "Nama wajib retribusi", data.holder_name)
    document_pdf._row(pdf, "Nomor registrasi", data.tracking_number)
    document_pdf._row(pdf, "Jenis izin", data.permit_type_title)
    if data.basis:
        document_pdf._row(pdf, "Dasar perhitungan", data.basis)
    document_pdf._row(pdf, "Jumlah retribusi", rupiah(data.amount))
    document_pdf._row(pdf, "Tanggal terbit", indonesian_date(data.issued))
    document_pdf._row(pdf, "Jatuh tempo", indonesian_date(data.due_date))
    document_pdf._row(pdf, "Status", STATUS_TEXT.get(data.status, data.status))
    if data.reference:
        document_pdf._row(pdf, "Bukti pembayaran", data.reference)
    pdf.ln(4)
    if data.instructions:
        document_pdf._centered(pdf, "PETUNJUK PEMBAYARAN", "B", 12)
        document_pdf._paragraph(pdf, data.instructions, size=11)
    return bytes(pdf.output())
