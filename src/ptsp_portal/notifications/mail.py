"""What the notification emails say (``subscribers.py`` decides when).

Every text is an Indonesian msgid of the ``ptsp_portal`` domain, translated
into the site's default language (``id`` on a PTSP site), never the
language of the officer whose click triggered the mail.  Each function
returns a ready ``email.message.EmailMessage`` (UTF-8) or ``None`` when
there is nobody to write to.  Officer mails may name the applicant but
never carry the NIK, the address or the phone number.
"""

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from email.utils import formatdate
from email.utils import make_msgid
from plone import api
from ptsp_portal import _
from ptsp_portal.documents.formatting import indonesian_date
from ptsp_portal.i18n.language import in_site_language
from ptsp_portal.workflow import ROLE_TITLES
from ptsp_portal.workflow import state_title
from ptsp_portal.workflow import STEPS

SENDER_NAME_RECORD = "ptsp_portal.notification_sender_name"

IN_PROGRESS = _("Permohonan Anda sedang diproses oleh petugas. Saat ini Anda tidak perlu melakukan apa pun.")
# What the citizen has to do now, by the state the application entered.
INSTRUCTIONS = {
    "submitted": IN_PROGRESS,
    "technical_review": IN_PROGRESS,
    "pending_approval": IN_PROGRESS,
    "awaiting_payment": _(
        "Yang perlu Anda lakukan: bayar retribusi sesuai Surat Ketetapan Retribusi Daerah "
        "(SKRD) yang dapat Anda unduh melalui tautan di bawah ini, sebelum jatuh tempo. "
        "Waktu layanan berhenti sampai pembayaran diterima."
    ),
    "revision": _(
        "Yang perlu Anda lakukan: perbaiki data atau dokumen sesuai catatan "
        "petugas, lalu ajukan kembali permohonan melalui tautan di bawah ini. "
        "Waktu layanan berhenti sampai permohonan Anda ajukan kembali."
    ),
    "issued": _(
        "Izin Anda telah terbit. Buka tautan di bawah ini untuk melihat "
        "keterangan izin dan cara memperolehnya."
    ),
    "rejected": _(
        "Permohonan Anda tidak dapat dikabulkan; alasannya tercantum pada "
        "catatan petugas. Anda dapat mengajukan permohonan baru setelah "
        "persyaratannya terpenuhi, atau menghubungi kantor kami bila ada "
        "pertanyaan."
    ),
    "withdrawn": _("Permohonan Anda telah dibatalkan dan tidak diproses lebih lanjut."),
    "revoked": _(
        "Izin Anda telah dicabut; alasannya tercantum pada catatan petugas. "
        "Hubungi kantor kami bila ada pertanyaan."
    ),
}


def office_name():
    """The signature: the registry's sender name, else the site title."""
    name = api.portal.get_registry_record(SENDER_NAME_RECORD, default=None)
    return (name or "").strip() or api.portal.get().Title()


def sender():
    """``From`` header value, or ``None`` when the site has no address."""
    address = api.portal.get_registry_record("plone.email_from_address", default=None)
    if not address:
        return None
    return formataddr((office_name(), address))


def permit_title(application):
    permit_type = application.permit_type_object()
    return permit_type.Title() if permit_type is not None else ""


def subject(application, text):
    return f"[{application.tracking_number or application.getId()}] {in_site_language(text)}"


def compose(to, subject_line, paragraphs):
    """An EmailMessage to ``to`` (an address or ``(name, address)``)."""
    from_header = sender()
    if from_header is None or not to:
        return None
    message = EmailMessage(policy=SMTP)  # CRLF line ends, as SMTP wants
    message["Subject"] = subject_line
    message["From"] = from_header
    message["To"] = formataddr(to) if isinstance(to, tuple) else to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=from_header.rsplit("@", 1)[-1].rstrip(">"))
    message["Auto-Submitted"] = "auto-generated"
    body = "\n\n".join(in_site_language(p) for p in paragraphs if p)
    message.set_content(body + "\n", charset="utf-8")
    return message


def _greeting(name):
    return _("Yth. ${name},", mapping={"name": name})


def _signature():
    return _("Hormat kami,\n${office}", mapping={"office": office_name()})


def _due(application):
    if not application.due_date:
        return None
    return _("Batas waktu layanan: ${date}.", mapping={"date": indonesian_date(application.due_date)})


def _applicant(application):
    email = (application.applicant_email or "").strip()
    return (application.applicant_name or "", email) if email else None


def applicant_submitted_mail(application):
    """ "Permohonan diterima": to the applicant, right after intake."""
    to = _applicant(application)
    if to is None:
        return None
    paragraphs = [
        _greeting(application.applicant_name),
        _(
            "Permohonan ${permit} Anda telah kami terima pada ${date} dengan "
            "nomor registrasi ${number}. Simpan nomor ini untuk menanyakan "
            "status permohonan Anda.",
            mapping={
                "permit": permit_title(application),
                "date": indonesian_date(application.submitted),
                "number": application.tracking_number,
            },
        ),
        _(
            "Petugas kami akan memeriksa berkas Anda. Kami mengirim email "
            "setiap kali status permohonan berubah."
        ),
        _due(application),
        _("Lihat permohonan Anda:\n${url}", mapping={"url": application.absolute_url()}),
        _signature(),
    ]
    return compose(to, subject(application, _("Permohonan diterima")), paragraphs)


def applicant_status_mail(application, state, comment=None):
    """The application entered ``state``: tell the applicant what it means."""
    to = _applicant(application)
    if to is None:
        return None
    title = in_site_language(state_title(state))
    paragraphs = [
        _greeting(application.applicant_name),
        _(
            "Status permohonan ${permit} Anda dengan nomor registrasi ${number} kini: ${state}.",
            mapping={
                "permit": permit_title(application),
                "number": application.tracking_number,
                "state": title,
            },
        ),
        _("Catatan petugas:\n${comment}", mapping={"comment": comment.strip()})
        if comment and comment.strip()
        else None,
        INSTRUCTIONS.get(state),
        _due(application) if state in STEPS else None,
        _("Lihat permohonan Anda:\n${url}", mapping={"url": application.absolute_url()}),
        _signature(),
    ]
    return compose(
        to,
        subject(application, _("Status permohonan: ${state}", mapping={"state": title})),
        paragraphs,
    )


def officer_task_mail(application, state, recipient, comment=None):
    """The application entered the queue of ``state``'s step.

    ``recipient`` is ``(full name, address)``.  No NIK, address or phone.
    """
    title = in_site_language(state_title(state))
    role = STEPS[state][1]
    paragraphs = [
        _greeting(recipient[0] or recipient[1]),
        _(
            "Permohonan ${number} (${permit}) atas nama ${applicant} kini "
            "berada pada tahap ${state} dan menunggu tindakan ${role}.",
            mapping={
                "number": application.tracking_number,
                "permit": permit_title(application),
                "applicant": application.applicant_name,
                "state": title,
                "role": in_site_language(ROLE_TITLES.get(role, role)),
            },
        ),
        _("Catatan petugas sebelumnya:\n${comment}", mapping={"comment": comment.strip()})
        if comment and comment.strip()
        else None,
        _due(application),
        _("Buka permohonan:\n${url}", mapping={"url": application.absolute_url()}),
        _("Email ini dikirim otomatis oleh ${office}.", mapping={"office": office_name()}),
    ]
    return compose(
        recipient,
        subject(application, _("Tugas baru: ${state}", mapping={"state": title})),
        paragraphs,
    )
