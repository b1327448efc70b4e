"""The SP4N-LAPOR! export: one row per complaint, for an operator to upload
to LAPOR! by hand (no network call).  No identity of the complainant: the
office passes the complaint's substance on, not who filed it."""

from ptsp_portal import _
from ptsp_portal.complaints.states import state_title
from ptsp_portal.content.complaint import KIND_TITLES

HEADER = (
    _("Nomor pengaduan"),
    _("Tanggal diterima"),
    _("Jenis"),
    _("Kategori SP4N-LAPOR!"),
    _("Perihal"),
    _("Uraian"),
    _("Status"),
    _("Batas waktu tanggapan"),
    _("Tanggal ditanggapi"),
    _("Tanggapan"),
    _("Diteruskan kepada"),
)


def row(complaint, state):
    """The values of one complaint (an object: the text is not in the catalog)."""
    return [
        complaint.complaint_number,
        complaint.filed,
        KIND_TITLES.get(complaint.kind, complaint.kind),
        complaint.lapor_category or "",
        complaint.complaint_subject or "",
        complaint.complaint_text or "",
        state_title(state),
        complaint.complaint_due,
        complaint.answered_date,
        complaint.answer or "",
        complaint.forwarded_to or "",
    ]
