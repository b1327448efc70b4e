"""People and content for the back-office tests, on the integration site."""

from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from ptsp_portal.applications.intake import create_application
from ptsp_portal.setuphandlers import make_unordered

import datetime

PASSWORD = "rahasia-12345"
NIK = "3201010101900001"
OFFICER_GROUPS = {
    "ptsp-verifiers": ["Verifier", "Reader"],
    "ptsp-reviewers": ["TechnicalReviewer", "Reader"],
    "ptsp-approvers": ["Approver", "Reader"],
    "ptsp-officers": ["Reader"],
}


def add_user(user_id, fullname, groups=()):
    api.user.create(
        email=f"{user_id}@example.org",
        username=user_id,
        password=PASSWORD,
        properties={"fullname": fullname},
    )
    for group in groups:
        api.group.add_user(groupname=group, username=user_id)


def setup_office(portal):
    """Groups, officers, citizens, two permit types and ``permohonan``, as the
    ``ptsp`` distribution sets them up."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    # plone.app.testing's site has no default workflow; a real site does
    api.portal.get_tool("portal_workflow").setDefaultChain("simple_publication_workflow")
    api.portal.set_registry_record("plone.default_language", "id")
    portal.manage_changeProperties(email_from_address="noreply@ptsp.example.org")
    api.portal.set_registry_record("plone.email_from_address", "noreply@ptsp.example.org")
    for group in (*OFFICER_GROUPS, "ptsp-editors"):
        api.group.create(groupname=group, title=group)
    folder = api.content.create(container=portal, type="Folder", id="permohonan", title="Permohonan")
    make_unordered(folder)
    for group, roles in OFFICER_GROUPS.items():
        folder.manage_setLocalRoles(group, roles)
    folder.reindexObjectSecurity()
    layanan = api.content.create(container=portal, type="Folder", id="layanan", title="Layanan")
    layanan.manage_setLocalRoles("ptsp-editors", ["Contributor", "Editor", "Reviewer", "Reader"])
    for code, title, days in (("SIP-DOKTER", "Surat Izin Praktik Dokter", 9), ("REKLAME", "Izin Reklame", 5)):
        permit = api.content.create(
            container=layanan,
            type="PermitType",
            id=code.lower(),
            title=title,
            code=code,
            sector="kesehatan",
            service_days=days,
            requirements=[
                {
                    "id": "ktp",
                    "title": "KTP",
                    "description": "",
                    "required": True,
                    "file_types": ["pdf", "jpg"],
                    "max_size_mb": 5,
                }
            ],
        )
        api.content.transition(permit, to_state="published")
    add_user("verifikator", "Vera Verifikasi", ["ptsp-verifiers"])
    add_user("teknis", "Tono Teknis", ["ptsp-reviewers"])
    add_user("kadis", "Kartika Kadis", ["ptsp-approvers"])
    add_user("teknis-reklame", "Rena Reklame", ["ptsp-officers"])
    layanan["reklame"].manage_setLocalRoles("teknis-reklame", ["TechnicalReviewer"])
    add_user("editor", "Edi Editor", ["ptsp-editors"])
    add_user("budi", "Budi Santoso")
    add_user("siti", "Siti Aminah")
    return folder


def apply(portal, permit_code="sip-dokter", applicant="budi", submitted=None, **extra):
    data = {
        "applicant_name": api.user.get(applicant).getProperty("fullname"),
        "applicant_nik": NIK,
        "applicant_email": f"{applicant}@example.org",
        "applicant_phone": "0812-3456-7890",
        "applicant_address": "Jl. Merdeka No. 1, Kabupaten Contoh",
        "form_data": {"lokasi_praktik": "Klinik Sehat"},
        **extra,
    }
    documents = {"ktp": ("ktp.pdf", "application/pdf", b"%PDF-1.4 test document")}
    return create_application(portal["layanan"][permit_code], applicant, data, documents, submitted=submitted)


def as_user(portal, user_id):
    setRoles(portal, TEST_USER_ID, ["Member"])
    login(portal, user_id)


MONDAY = datetime.datetime(2026, 11, 2, 9, 0)
