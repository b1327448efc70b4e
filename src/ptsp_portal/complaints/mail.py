"""Mail to the complainant, when an email is known: at filing (with the
number and the access code) and at every step.  Composed with the
applications' machinery (``notifications.mail.compose``) and sent after
commit by the transaction's outbox (``notifications.subscribers``)."""

from plone import api
from ptsp_portal import _
from ptsp_portal.complaints.states import state_title
from ptsp_portal.documents.formatting import indonesian_date
from ptsp_portal.i18n.language import in_site_language
from ptsp_portal.notifications.mail import compose
from ptsp_portal.notifications.mail import office_name
from ptsp_portal.notifications.subscribers import outbox

TRACKING_VIEW = "lacak-pengaduan"


def tracking_url(complaint):
    return f"{api.portal.get().absolute_url()}/@@{TRACKING_VIEW}?nomor={complaint.complaint_number}"


def _to(complaint):
    email = (complaint.complainant_email or "").strip()
    if not email:
        return None
    return (complaint.complainant_name or "", email)


def _subject(complaint, text):
    return f"[{complaint.complaint_number}] {in_site_language(text)}"


def _greeting(complaint):
    return _(
        "Yth. ${name},", mapping={"name": complaint.complainant_name or in_site_language(_("Bapak/Ibu"))}
    )


def _signature():
    return _("Hormat kami,\n${office}", mapping={"office": office_name()})


def received_mail(complaint, code):
    to = _to(complaint)
    if to is None:
        return None
    paragraphs = [
        _greeting(complaint),
        _(
            'Pengaduan Anda "${subject}" telah kami terima dengan nomor ${number}.',
            mapping={"subject": complaint.complaint_subject, "number": complaint.complaint_number},
        ),
        _(
            "Kode akses Anda: ${code}. Simpan nomor dan kode ini: "
            "dengan keduanya Anda dapat membaca tanggapan kami.",
            mapping={"code": code},
        ),
        _(
            "Kami akan menanggapi paling lambat ${date}.",
            mapping={"date": indonesian_date(complaint.complaint_due)},
        )
        if complaint.complaint_due
        else None,
        _("Ikuti pengaduan Anda:\n${url}", mapping={"url": tracking_url(complaint)}),
        _signature(),
    ]
    return compose(to, _subject(complaint, _("Pengaduan diterima")), paragraphs)


def status_mail(complaint, state):
    to = _to(complaint)
    if to is None:
        return None
    title = in_site_language(state_title(state))
    details = {
        "in_progress": _("Pengaduan Anda sedang ditangani oleh petugas kami."),
        "answered": _("Tanggapan kami:\n${answer}", mapping={"answer": complaint.answer or ""}),
        "rejected": _("Alasan: ${reason}", mapping={"reason": complaint.rejection_reason or ""}),
        "forwarded": _(
            "Pengaduan Anda kami teruskan kepada ${agency}, instansi yang berwenang menanganinya.",
            mapping={"agency": complaint.forwarded_to or ""},
        ),
        "closed": _("Penanganan pengaduan Anda telah selesai. Terima kasih atas masukan Anda."),
    }
    paragraphs = [
        _greeting(complaint),
        _(
            "Status pengaduan Anda dengan nomor ${number} kini: ${state}.",
            mapping={"number": complaint.complaint_number, "state": title},
        ),
        details.get(state),
        _("Ikuti pengaduan Anda:\n${url}", mapping={"url": tracking_url(complaint)}),
        _signature(),
    ]
    return compose(
        to, _subject(complaint, _("Status pengaduan: ${state}", mapping={"state": title})), paragraphs
    )


def send_received(complaint, code):
    outbox().add(received_mail(complaint, code))


def send_status(complaint, state):
    outbox().add(status_mail(complaint, state))
