"""The reminder mail: "Izin Anda berakhir pada …" (sent after commit
through the notifications' outbox, like every mail of the portal)."""

from ptsp_portal import _
from ptsp_portal.documents.formatting import indonesian_date
from ptsp_portal.i18n.language import in_site_language
from ptsp_portal.notifications import mail

RENEW_VIEW = "@@perpanjang"


def renew_url(application):
    return f"{application.absolute_url()}/{RENEW_VIEW}"


def reminder_mail(application, on):
    """To the holder, or ``None`` without an address."""
    email = (application.applicant_email or "").strip()
    if not email:
        return None
    days = (application.valid_until - on).days
    paragraphs = [
        _("Yth. ${name},", mapping={"name": application.applicant_name or ""}),
        _(
            "Izin ${permit} Anda nomor ${number} berakhir pada ${date} (${days} hari lagi).",
            mapping={
                "permit": mail.permit_title(application),
                "number": application.permit_number,
                "date": indonesian_date(application.valid_until),
                "days": days,
            },
        ),
        _(
            "Ajukan perpanjangan sebelum tanggal itu. Permohonan perpanjangan sudah terisi "
            "dengan jawaban dan dokumen permohonan lama yang masih berlaku; periksa, lengkapi, "
            "lalu kirim."
        ),
        _("Perpanjang izin:\n${url}", mapping={"url": renew_url(application)}),
        _("Hormat kami,\n${office}", mapping={"office": mail.office_name()}),
    ]
    return mail.compose(
        (application.applicant_name or "", email),
        f"[{application.permit_number}] " + in_site_language(_("Izin Anda akan berakhir")),
        paragraphs,
    )
