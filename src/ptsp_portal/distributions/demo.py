"""Demo applications for a new ``ptsp`` site, created through the real intake
and workflow so numbers, owners, SLA dates and history are what a live site
would have.  Only when the site is created with example content."""

from plone import api
from ptsp_portal.applications.intake import create_application
from ptsp_portal.notifications.subscribers import suppressed
from ptsp_portal.workflow.foureyes import waived as four_eyes_waived
from ptsp_portal.working_days import WorkingCalendar

import datetime
import secrets

DEMO_CITIZEN = "warga-contoh"
DEMO_CITIZEN_EMAIL = "warga.contoh@example.org"
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
APPLICANT = {
    "applicant_name": "Budi Santoso",
    "applicant_nik": "3201010101900001",
    "applicant_email": DEMO_CITIZEN_EMAIL,
    "applicant_phone": "0812-3456-7890",
    "applicant_address": "Jl. Merdeka No. 10, Desa Sukamaju, Kecamatan Contoh",
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


def create_demo_citizen():
    """A citizen account that owns the demo applications, registered with
    the demo NIK (the NIK index follows the member property); its password
    is random and not shown: reset it from the Users control panel to use it."""
    if api.user.get(username=DEMO_CITIZEN) is None:
        api.user.create(
            email=DEMO_CITIZEN_EMAIL,
            username=DEMO_CITIZEN,
            password=secrets.token_urlsafe(24),
            properties={"fullname": APPLICANT["applicant_name"], "nik": APPLICANT["applicant_nik"]},
        )
    return api.user.get(username=DEMO_CITIZEN).getId()


def create_demo_applications(site):
    """The demo's mails would go to example.org addresses: none are sent."""
    with suppressed():
        return _create_demo_applications(site)


def _create_demo_applications(site):
    citizen = create_demo_citizen()
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
        # one account plays every officer of the demo: four-eyes waived
        with four_eyes_waived():
            for action, comment in transitions:
                workflow.doActionFor(application, action, comment=comment)
        created.append(application)
    return created
