"""Rejected, withdrawn and issued applications of a given age, for the
retention tests."""

from DateTime import DateTime
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from ptsp_portal.applications.intake import create_application
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.workflow.sla import office_zone
from tests.queue.base import transition
from tests.workflow.base import apply

import datetime

REJECTION = "KTP atas nama Budi Santoso tidak terbaca; NIK 3201010101900001 tidak cocok."
NOTE = "Pemohon menelepon dari 0812-3456-7890."
REPRESENTED = {
    "nik": "3201010101900002",
    "name": "Siti Aminah",
    "phone": "081299990000",
    "address": "Jl. Kenanga 2",
}
# what an anonymised application must no longer hold, anywhere
PERSONAL = (
    "Budi Santoso",
    "3201010101900001",
    "budi@example.org",
    "6281234567890",
    "Jl. Merdeka",
    "Klinik Sehat",
    "Siti Aminah",
    "3201010101900002",
    "Jl. Kenanga",
    REJECTION,
    NOTE,
)


def days_ago(days, hour=10):
    """An aware moment ``days`` calendar days before today, office time."""
    day = datetime.datetime.now(office_zone()).date() - datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=office_zone())


def backdate_last_step(application, when):
    """The final step happened at ``when`` (aware datetime)."""
    history = application.workflow_history[APPLICATION_WORKFLOW]
    application.workflow_history[APPLICATION_WORKFLOW] = (
        *history[:-1],
        dict(history[-1], time=DateTime(when)),
    )
    application.reindexObject(idxs=["closed_date"])


def rejected(portal, days, **kw):
    """budi's application, with its KTP and an internal note, rejected by
    the verifier ``days`` days ago."""
    app = apply(portal, **kw)
    app.internal_notes = NOTE
    login(portal, "verifikator")
    api.portal.get_tool("portal_workflow").doActionFor(app, "reject", comment=REJECTION)
    backdate_last_step(app, days_ago(days))
    _as_manager(portal)
    return app


def withdrawn(portal, days):
    """siti's application for somebody else (with a surat kuasa), withdrawn
    by her ``days`` days ago."""
    data = {
        "applicant_name": "Siti Aminah",
        "applicant_nik": "3201010101900003",
        "applicant_email": "siti@example.org",
        "applicant_phone": "0812-1111-2222",
        "applicant_address": "Jl. Melati 3",
        "form_data": {"lokasi_praktik": "Klinik Sehat"},
    }
    app = create_application(
        portal["layanan"]["sip-dokter"],
        "siti",
        data,
        {"ktp": ("ktp.pdf", "application/pdf", b"%PDF-1.4 ktp")},
        on_behalf_of=REPRESENTED,
        power_of_attorney=("kuasa.pdf", "application/pdf", b"%PDF-1.4 kuasa"),
    )
    login(portal, "siti")
    api.portal.get_tool("portal_workflow").doActionFor(
        app, "withdraw", comment="Batal, pindah ke Jl. Kenanga."
    )
    backdate_last_step(app, days_ago(days))
    _as_manager(portal)
    return app


def issued(portal, days):
    app = apply(portal)
    transition(portal, "verifikator", "accept", obj=app)
    transition(portal, "teknis", "recommend", obj=app)
    transition(portal, "kadis", "approve", obj=app)
    backdate_last_step(app, days_ago(days))
    _as_manager(portal)
    return app


def _as_manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)
