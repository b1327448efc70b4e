"""Demo applications for a new ``ptsp`` site, created through the real intake
and workflow so numbers, owners, SLA dates and history are what a live site
would have.  Only when the site is created with example content."""

from plone import api
from ptsp_portal.applications.intake import create_application
from ptsp_portal.demo.accounts import APPROVER
from ptsp_portal.demo.accounts import CITIZEN
from ptsp_portal.demo.accounts import CITIZEN_PROPERTIES
from ptsp_portal.demo.accounts import create_demo_account
from ptsp_portal.demo.accounts import REVIEWER
from ptsp_portal.demo.accounts import VERIFIER
from ptsp_portal.notifications.subscribers import suppressed
from ptsp_portal.working_days import WorkingCalendar

import datetime

DEMO_PDF = b"%PDF-1.4\n% Dokumen contoh portal PTSP\n%%EOF\n"
DEMO_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"

# (permit type id, working days ago, transitions with comments, answers)
APPLICATIONS = (
    ("surat-izin-praktik-dokter", 1, (), {"tempat_praktik": "Klinik Pratama Sehat Sentosa"}),
    ("izin-reklame", 2, (), {"lokasi_reklame": "Jl. Ahmad Yani km 3", "ukuran": "4 x 6 m"}),
    (
        "surat-izin-praktik-bidan",
        3,
        (("request_revision", "Pindaian STR tidak terbaca; unggah ulang dalam PDF yang jelas."),),
        {"tempat_praktik": "Praktik Mandiri Bidan Desa Sukamaju"},
    ),
    ("izin-trayek", 6, (("accept", ""),), {"trayek": "Terminal Kota - Pasar Baru", "jumlah_kendaraan": "5"}),
    (
        "izin-operasional-satuan-pendidikan",
        4,
        (("accept", ""), ("recommend", "Sarana dan prasarana sesuai hasil verifikasi lapangan.")),
        {"nama_satuan": "PAUD Tunas Bangsa"},
    ),
    ("surat-izin-praktik-dokter", 12, (), {"tempat_praktik": "RSUD Kabupaten Contoh"}),
    (
        "surat-izin-praktik-bidan",
        15,
        (("accept", ""), ("recommend", "Tempat praktik sesuai hasil peninjauan."), ("approve", "")),
        {"tempat_praktik": "Praktik Mandiri Bidan Sejahtera"},
    ),
)
# each step is taken by the demo account of its role, as in a real office
ACTORS = {
    "accept": VERIFIER,
    "request_revision": VERIFIER,
    "recommend": REVIEWER,
    "approve": APPROVER,
}
APPLICANT = {
    "applicant_name": CITIZEN.fullname,
    "applicant_nik": CITIZEN_PROPERTIES["nik"],
    "applicant_email": CITIZEN.email,
    "applicant_phone": CITIZEN_PROPERTIES["phone"],
    "applicant_address": CITIZEN_PROPERTIES["address"],
}


def _working_days_ago(days):
    calendar = WorkingCalendar()
    day = datetime.date.today()
    while days:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    return datetime.datetime.combine(day, datetime.time(9, 0))


def _documents(permit_type):
    documents = {}
    for row in permit_type.requirements or []:
        if not row.get("required"):
            continue
        if "pdf" in (row.get("file_types") or ["pdf"]):
            documents[row["id"]] = (f"{row['id']}.pdf", "application/pdf", DEMO_PDF)
        else:
            documents[row["id"]] = (f"{row['id']}.jpg", "image/jpeg", DEMO_JPEG)
    return documents


def create_demo_applications(site):
    """No mail is sent for them (the demo's inbox starts empty)."""
    with suppressed():
        return _create_demo_applications(site)


def _create_demo_applications(site):
    citizen = create_demo_account(CITIZEN).getId()  # the demo account warga-contoh
    workflow = api.portal.get_tool("portal_workflow")
    layanan = site["layanan"]
    created = []
    for permit_id, days_ago, transitions, answers in APPLICATIONS:
        permit_type = layanan.get(permit_id)
        if permit_type is None:
            continue
        application = create_application(
            permit_type,
            citizen,
            {**APPLICANT, "form_data": answers},
            _documents(permit_type),
            submitted=_working_days_ago(days_ago),
        )
        for action, comment in transitions:
            with api.env.adopt_user(username=ACTORS[action].login):
                workflow.doActionFor(application, action, comment=comment)
        created.append(application)
    return created
