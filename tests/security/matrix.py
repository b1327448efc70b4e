"""The site of the role x endpoint matrix (tests/security/test_matrix.py):
the demo site of the ``ptsp`` distribution plus, made once for every cell,
two permit types' worth of applications and one person per role.

Permit type A is ``surat-izin-praktik-perawat``, B ``izin-penelitian``: the
demo has no application of either, so every application of A or B is one of
the matrix's own.

Applications (key: owner, permit type, state):

``x_submitted``  X, A, submitted (waits for the verifier)
``x_review``     X, A, technical_review (waits for the reviewer of A)
``x_review_b``   X, B, technical_review (waits for the office-wide reviewers)
``x_issued``     X, B, issued, with its permit PDF
``y_submitted``  Y, A, submitted

People: X (who has a portrait) and Y (citizens), an editor, a verifier and an approver (office
groups), a reviewer of A only (``ptsp-officers`` plus Tim Teknis on A's
Sharing tab, as README says an office scopes an officer), and an
office-wide reviewer who only moves files along (no column of its own).
"""

from OFS.Image import Image
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.workflow.events import LocalrolesModifiedEvent
from plone.namedfile.file import NamedBlobFile
from plone.testing import Layer
from plone.testing import zodb
from plone.testing import zope as zope_testing
from ptsp_portal.applications.intake import create_application
from ptsp_portal.complaints import handling
from ptsp_portal.complaints.filing import file_complaint
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.demo.accounts import COMPLAINT_HANDLER
from ptsp_portal.distributions.demo import APPLICANT as DEMO_APPLICANT
from ptsp_portal.documents import DOCUMENT_ID
from ptsp_portal.drafts import store as drafts_store
from ptsp_portal.forms.model import Upload
from ptsp_portal.survey.invitations import pending_token
from ptsp_portal.survey.storage import get_storage
from ptsp_portal.testing import DISTRIBUTION_FIXTURE
from ptsp_portal.testing import SITE_ID
from tests.base import ensure_users
from zope.component.hooks import setSite
from zope.event import notify
from zope.globalrequest import setRequest

import io
import PIL.Image

PERMIT_A = "surat-izin-praktik-perawat"
PERMIT_B = "izin-penelitian"
INTERNAL_NOTE = "Catatan internal matriks: jangan tampil ke warga"
# X's complaint about x_submitted (complaints/): its text is for complaint
# handlers only, its answer for X (and whoever has the access code)
COMPLAINT_TEXT = "Uraian pengaduan matriks: petugas verifikasi lambat"
COMPLAINT_ANSWER = "Tanggapan pengaduan matriks untuk pelapor"
PDF = b"%PDF-1.4\n% dokumen uji matriks\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"

# role -> (user id, full name, groups); anonymous has none
PEOPLE = {
    "applicant": ("mx-pemohon", "Xaverius Pemohon Matriks", ()),
    "other_citizen": ("mx-warga-lain", "Yohana Warga Lain", ()),
    "editor": ("mx-editor", "Edwina Editor Matriks", ("ptsp-editors",)),
    "verifier": ("mx-verifikator", "Veronika Verifikator Matriks", ("ptsp-verifiers",)),
    "reviewer_a": ("mx-teknis-perawat", "Rudolf Teknis Perawat", ("ptsp-officers",)),
    "approver": ("mx-kadis", "Kurniawati Kadis Matriks", ("ptsp-approvers",)),
    # moves B along (recommend); not a column of the matrix
    "office_reviewer": ("mx-teknis-kantor", "Oktavianus Teknis Kantor", ("ptsp-reviewers",)),
    # holds a saved draft of A (issue 17); not a column: nobody else gets any of it
    "drafter": ("mx-draf", "Zainal Draf Matriks", ()),
}
# what the drafter typed into the draft (markers no other role may meet)
DRAFT_ANSWERS = {
    "applicant_nik": "3271019909990099",
    "applicant_phone": "0819-9999-0000",
    "applicant_address": "Jl. Draf Matriks No. 9, Desa Rahasia",
}
OFFICERS = ("verifier", "reviewer_a", "approver", "office_reviewer")

# what each citizen types on the form (name and email come from the account)
ANSWERS = {
    "applicant": {
        "applicant_nik": "3271014405870013",
        "applicant_phone": "0813-1111-2222",
        "applicant_address": "Jl. Kenari Matriks No. 17, Kelurahan Uji",
    },
    "other_citizen": {
        "applicant_nik": "3271016609920027",
        "applicant_phone": "0857-3333-4444",
        "applicant_address": "Gang Melati Lain No. 3, Desa Contoh",
    },
}

# key -> (citizen role, permit type, officer steps [(role, action, comment)])
APPLICATIONS = {
    "x_submitted": ("applicant", PERMIT_A, ()),
    "x_review": ("applicant", PERMIT_A, (("verifier", "accept", ""),)),
    "x_review_b": ("applicant", PERMIT_B, (("verifier", "accept", ""),)),
    "x_issued": (
        "applicant",
        PERMIT_B,
        (
            ("verifier", "accept", ""),
            ("office_reviewer", "recommend", "Proposal penelitian memenuhi syarat."),
            ("approver", "approve", ""),
        ),
    ),
    "y_submitted": ("other_citizen", PERMIT_A, ()),
}


def user_id(role):
    return PEOPLE[role][0] if role in PEOPLE else None


def _documents(permit_type):
    """One file per required document, as the demo's intake would store."""
    documents = {}
    for row in permit_type.requirements or []:
        if row.get("required"):
            if "pdf" in (row.get("file_types") or ["pdf"]):
                documents[row["id"]] = (f"{row['id']}.pdf", "application/pdf", PDF)
            else:
                documents[row["id"]] = (f"{row['id']}.jpg", "image/jpeg", JPEG)
    return documents


def portrait_png():
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (6, 8), (200, 150, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def _markers(application):
    """What identifies the applicant of ``application`` (as stored)."""
    values = [getattr(application, name, None) for name in ("applicant_name", "applicant_nik")]
    values += [application.applicant_email, application.applicant_phone, application.applicant_address]
    return tuple(v for v in values if v)


def build(portal):
    """Make the people and applications; return plain facts about them
    (nothing persistent leaves the layer's transaction)."""
    ensure_users({uid: groups for uid, _name, groups in PEOPLE.values()})
    for uid, fullname, _groups in PEOPLE.values():
        api.user.get(userid=uid).setMemberProperties({"fullname": fullname})
    # X put a photo on their profile (stored as Plone's changeMemberPortrait does)
    portrait_id = portal.portal_membership._getSafeMemberId(user_id("applicant"))
    portal.portal_memberdata._setPortrait(Image(portrait_id, "", portrait_png()), portrait_id)
    layanan = portal["layanan"]
    permit_a = layanan[PERMIT_A]
    # the office scopes a reviewer to one permit type on its Sharing tab
    permit_a.manage_setLocalRoles(user_id("reviewer_a"), ["TechnicalReviewer"])
    notify(LocalrolesModifiedEvent(permit_a, portal.REQUEST))
    # B's permits are valid two years: X may renew x_issued (renewal rows)
    layanan[PERMIT_B].validity_years = 2
    workflow = api.portal.get_tool("portal_workflow")
    facts = {"apps": {}, "people": {}, "other_numbers": [], "portrait_id": portrait_id}
    for key, (citizen, permit_id, steps) in APPLICATIONS.items():
        permit_type = layanan[permit_id]
        login(portal, user_id(citizen))
        application = create_application(
            permit_type,
            user_id(citizen),
            {**ANSWERS[citizen], "form_data": {"catatan": f"jawaban {key}"}},
            _documents(permit_type),
        )
        logout()
        for officer, action, comment in steps:
            login(portal, user_id(officer))
            workflow.doActionFor(application, action, comment=comment)
            logout()
        application.internal_notes = INTERNAL_NOTE
        application.reindexObject()
        documents = [i for i in application.objectIds() if i != DOCUMENT_ID]
        facts["apps"][key] = {
            "id": application.getId(),
            "path": f"permohonan/{application.getId()}",
            "tracking_number": application.tracking_number,
            "owner": citizen,
            "permit_type": "A" if permit_id == PERMIT_A else "B",
            "state": api.content.get_state(application),
            "document": sorted(documents)[0],
            "permit_pdf": DOCUMENT_ID if DOCUMENT_ID in application.objectIds() else None,
            "verification_code": application.verification_code,
        }
        facts["people"].setdefault(citizen, _markers(application))
    catalog = api.portal.get_tool("portal_catalog")
    ours = {app["tracking_number"] for app in facts["apps"].values()}
    demo = None
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION):
        if brain.tracking_number not in ours:
            facts["other_numbers"].append(brain.tracking_number)
            demo = demo or brain._unrestrictedGetObject()
    facts["complaint"] = _complaint(portal, facts["apps"]["x_submitted"]["tracking_number"])
    # the demo's citizen: seen by the office, by no one else in the matrix
    facts["people"]["demo_citizen"] = _markers(demo) if demo is not None else tuple(DEMO_APPLICANT.values())
    facts["private_regulation"] = private_regulation(portal)
    for role, (uid, fullname, _groups) in PEOPLE.items():
        if role not in facts["people"]:
            facts["people"][role] = (fullname, uid, f"{uid}@example.org")
        else:
            facts["people"][role] = (*facts["people"][role], uid)
    facts["draft"] = _draft(permit_a)
    facts["people"]["drafter"] = (*facts["people"]["drafter"], *DRAFT_ANSWERS.values())
    # the survey token each decided application's applicant was sent (SKM)
    storage = get_storage(portal)
    facts["skm_tokens"] = {
        app["id"]: pending_token(storage, portal["permohonan"][app["id"]].UID())
        for app in facts["apps"].values()
    }
    return facts


PRIVATE_REGULATION = "Peraturan Bupati Nomor 98 Tahun 2026 tentang Rancangan Matriks"


def private_regulation(portal):
    """A draft regulation (private: editors may open it) that no feed may list."""
    with api.env.adopt_roles(["Manager"]):
        draft = api.content.create(
            container=portal["regulasi"],
            type="Regulation",
            id="perbup-98-2026-rancangan-matriks",
            title=PRIVATE_REGULATION,
            regulation_type="perbup-perwali",
            number="98",
            year=2026,
            status="berlaku",
        )
    assert api.content.get_state(draft) == "private"
    return {"uid": draft.UID(), "title": PRIVATE_REGULATION}


def _draft(permit_type):
    """The drafter's saved draft of ``permit_type``, with its KTP."""
    draft = drafts_store.new_draft(user_id("drafter"), permit_type.UID())
    draft.answers = dict(DRAFT_ANSWERS)
    draft.documents = {"ktp": NamedBlobFile(PDF, contentType="application/pdf", filename="ktp-draf.pdf")}
    return {"id": draft.draft_id, "document": "ktp", "form": f"layanan/{PERMIT_A}/formulir"}


def _complaint(portal, tracking_number):
    """X files a complaint about ``x_submitted``, with an attachment; the
    demo's complaint handler answers it."""
    login(portal, user_id("applicant"))
    complaint, code = file_complaint(
        None,
        {"subject": "Pengaduan matriks", "description": COMPLAINT_TEXT, "tracking_number": tracking_number},
        Upload("bukti.pdf", "application/pdf", PDF),
        user_id("applicant"),
    )
    logout()
    with api.env.adopt_user(username=COMPLAINT_HANDLER.login):
        handling.take(complaint, "assign", "Bidang Pelayanan Matriks")
        handling.take(complaint, "answer", COMPLAINT_ANSWER)
    return {"number": complaint.complaint_number, "path": f"pengaduan/{complaint.getId()}", "code": code}


class MatrixLayer(Layer):
    """The demo site with the matrix's people and applications, committed
    once into a DemoStorage stacked on the distribution fixture's."""

    defaultBases = (DISTRIBUTION_FIXTURE,)

    def setUp(self):
        self["zodbDB"] = zodb.stackDemoStorage(self.get("zodbDB"), name="PtspMatrix")
        try:
            with zope_testing.zopeApp() as app:
                portal = app[SITE_ID]
                setSite(portal)
                setRequest(app.REQUEST)
                try:
                    self["matrix"] = build(portal)
                finally:
                    setRequest(None)
                    setSite(None)
        except Exception:
            self["zodbDB"].close()
            del self["zodbDB"]
            raise

    def tearDown(self):
        del self["matrix"]
        self["zodbDB"].close()
        del self["zodbDB"]


MATRIX_FIXTURE = MatrixLayer(name="PtspMatrix:Fixture")
MATRIX_SERVER_TESTING = zope_testing.FunctionalTesting(
    bases=(MATRIX_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE), name="PtspMatrix:Server"
)
