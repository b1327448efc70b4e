"""The demo's complaints: three, at three stages, filed and handled by the
demo accounts (no mail sent).

- a question from an anonymous visitor, just received;
- a complaint of ``warga-contoh`` about one of their applications, answered
  on time by ``penanganan-contoh``;
- a suggestion, assigned to a unit and being handled.
"""

from plone import api
from ptsp_portal.complaints import handling
from ptsp_portal.complaints.filing import file_complaint
from ptsp_portal.complaints.setup import complaints_folder
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.demo.accounts import CITIZEN
from ptsp_portal.demo.accounts import COMPLAINT_HANDLER
from ptsp_portal.demo.accounts import create_demo_account
from ptsp_portal.notifications.subscribers import suppressed
from ptsp_portal.workflow.sla import now
from ptsp_portal.working_days import WorkingCalendar

import datetime

# (account or None, working days ago, filing, steps [(transition, value)])
COMPLAINTS = (
    (
        None,
        1,
        {
            "kind": "question",
            "subject": "Apakah izin reklame perlu rekomendasi camat?",
            "description": "Saya ingin memasang papan nama toko 2 x 1 meter di depan ruko. "
            "Apakah perlu surat rekomendasi dari kecamatan sebelum mengajukan izin reklame?",
            "name": "Dewi Lestari",
            "phone": "0813 2222 3333",
        },
        (),
    ),
    (
        CITIZEN,
        6,
        {
            "kind": "complaint",
            "subject": "Berkas diminta ulang padahal sudah diunggah",
            "description": "Petugas meminta saya mengunggah ulang KTP, padahal berkas yang sama "
            "sudah saya unggah dan terbaca jelas. Mohon dicek kembali.",
        },
        (
            ("assign", "Bidang Pelayanan Perizinan"),
            (
                "answer",
                "Terima kasih atas laporan Anda. Berkas KTP Anda memang terbaca; permintaan ulang "
                "terjadi karena kekeliruan petugas dan sudah kami koreksi. Permohonan Anda kini "
                "dilanjutkan ke tim teknis.",
            ),
        ),
    ),
    (
        None,
        3,
        {
            "kind": "suggestion",
            "subject": "Tambahkan jam layanan Sabtu pagi",
            "description": "Banyak pelaku usaha kecil hanya sempat datang akhir pekan. "
            "Mohon dipertimbangkan layanan konsultasi Sabtu pagi.",
            "email": "saran.warga@example.org",
        },
        (("assign", "Sekretariat DPMPTSP"),),
    ),
)


def _days_ago(days):
    day = now()
    calendar = WorkingCalendar()
    while days:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day.date()):
            days -= 1
    return day.replace(hour=9, minute=30, second=0, microsecond=0)


def _citizen_application(user_id):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=PERMIT_APPLICATION, Creator=user_id, sort_on="submitted"
    )
    return brains[0].tracking_number if brains else None


def create_demo_complaints(site):
    if complaints_folder(site) is None or create_demo_account(COMPLAINT_HANDLER) is None:
        return []
    created = []
    with suppressed():
        for account, days_ago, data, steps in COMPLAINTS:
            user_id = create_demo_account(account).getId() if account is not None else None
            if user_id:
                data = {**data, "tracking_number": _citizen_application(user_id)}
            complaint, _code = file_complaint(None, data, None, user_id, filed=_days_ago(days_ago))
            with api.env.adopt_user(username=COMPLAINT_HANDLER.login):
                for transition, value in steps:
                    handling.take(complaint, transition, value)
            created.append(complaint)
    return created
