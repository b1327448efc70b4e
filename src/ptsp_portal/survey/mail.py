"""The invitation mail (sent after commit through the notifications'
outbox, like every other mail of the portal)."""

from plone import api
from ptsp_portal import _
from ptsp_portal.notifications import mail

SURVEY_VIEW = "@@skm-survei"


def survey_url(token):
    return f"{api.portal.get().absolute_url()}/{SURVEY_VIEW}?token={token}"


def invitation_mail(application, token):
    """ "Bagaimana layanan kami?" to the applicant, or ``None`` without an address."""
    email = (application.applicant_email or "").strip()
    if not email:
        return None
    paragraphs = [
        _("Yth. ${name},", mapping={"name": application.applicant_name or ""}),
        _(
            "Permohonan ${permit} Anda dengan nomor registrasi ${number} telah selesai diproses. "
            "Kami mohon kesediaan Anda mengisi Survei Kepuasan Masyarakat (SKM): sembilan "
            "pertanyaan singkat, kurang dari dua menit.",
            mapping={"permit": mail.permit_title(application), "number": application.tracking_number},
        ),
        _(
            "Jawaban Anda disimpan tanpa nama, NIK atau nomor permohonan, dan hanya diterbitkan "
            "sebagai Indeks Kepuasan Masyarakat (IKM). Tautan ini hanya dapat dipakai satu kali."
        ),
        _("Isi survei:\n${url}", mapping={"url": survey_url(token)}),
        _("Hormat kami,\n${office}", mapping={"office": mail.office_name()}),
    ]
    return mail.compose(
        (application.applicant_name or "", email),
        mail.subject(application, _("Survei Kepuasan Masyarakat")),
        paragraphs,
    )
