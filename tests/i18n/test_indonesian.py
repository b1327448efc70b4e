"""Indonesian everywhere on an Indonesian site (issue 16 §2), tested at
the source: every message translated while the pages people use render in
Indonesian, and while the mails are written, is recorded
(``tests/i18n/recorder.py``); a message of any domain without Indonesian
fails the test with its domain, msgid, English default and page.

The pages render in-process (plone.testing's zope Browser, Indonesian
negotiated by ``Accept-Language: id`` on a site whose default language is
``id``) as anonymous, the demo citizen, the demo officers, the demo editor
and the site owner.
"""

from collective.easyform.api import get_schema
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from ptsp_portal.complaints import mail as complaint_mail
from ptsp_portal.forms.uploads import describe_rules
from ptsp_portal.notifications import mail as application_mail
from ptsp_portal.testing import DISTRIBUTION_TESTING
from ptsp_portal.testing import SITE_ID
from tests.forms import files
from tests.i18n.recorder import TranslationRecorder
from urllib.parse import urlencode
from zope.component.hooks import setSite
from zope.i18n import translate

import transaction
import unittest

PASSWORD = "rahasia-12345"
CITIZEN = "warga-contoh"
VERIFIER = "verifikator-contoh"
EDITOR = "editor-contoh"
COMPLAINT_HANDLER = "penanganan-contoh"
FRONT_OFFICE = "loket-contoh"
CASHIER = "kasir-contoh"
REGISTRATION = {
    "form.widgets.fullname": "Sari Rahmawati",
    "form.widgets.email": "sari.rahmawati@example.org",
    "form.widgets.nik": "3201015505950003",
    "form.widgets.phone": "0813-2222-3333",
    "form.widgets.address": "Jl. Kenanga No. 3, Desa Sukamaju",
}
# an online permit type of the demo with a form and several upload slots
ONLINE_PERMIT = "layanan/surat-izin-praktik-dokter"


class TestIndonesianEverywhere(unittest.TestCase):
    layer = DISTRIBUTION_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.app[SITE_ID]
        setSite(self.portal)
        self.url = self.portal.absolute_url()
        for login in (CITIZEN, VERIFIER, EDITOR, COMPLAINT_HANDLER, FRONT_OFFICE, CASHIER):
            if api.user.get(username=login) is not None:
                self.portal.acl_users.source_users.userSetPassword(login, PASSWORD)
        transaction.commit()
        self.statuses = []

    # helpers

    def application(self, review_state):
        brains = self.portal.portal_catalog.unrestrictedSearchResults(
            portal_type="PermitApplication", review_state=review_state, Creator=CITIZEN
        )
        self.assertTrue(brains, review_state)
        return sorted(brains, key=lambda brain: brain.getId)[0]._unrestrictedGetObject()

    def first(self, portal_type):
        brains = self.portal.portal_catalog.unrestrictedSearchResults(portal_type=portal_type)
        self.assertTrue(brains, portal_type)
        return sorted(brains, key=lambda brain: brain.getId)[0]._unrestrictedGetObject()

    def browser(self, user=None):
        browser = Browser(self.app)
        browser.handleErrors = True
        browser.raiseHttpErrors = False
        browser.addHeader("Accept-Language", "id")
        if user == SITE_OWNER_NAME:
            browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
        elif user:
            browser.addHeader("Authorization", f"Basic {user}:{PASSWORD}")
        return browser

    def visit(self, recorder, browser, label, url):
        recorder.page = label
        browser.open(url if url.startswith("http") else f"{self.url}/{url}")
        self.statuses.append((label, browser.headers["status"], browser.url))
        return browser

    def submit(self, recorder, browser, label, button, uploads=()):
        recorder.page = label
        for name, data, content_type, filename in uploads:
            browser.getControl(name=name).add_file(data, content_type, filename)
        browser.getControl(name=button).click()
        self.statuses.append((label, browser.headers["status"]))
        return browser

    def assert_indonesian(self, recorder):
        self.assertTrue(recorder.lookups, "nothing was translated: the recorder saw no page")
        self.assertIn("id", {lookup.language for lookup in recorder.lookups})
        report = recorder.report()
        self.assertFalse(
            report,
            f"{len(recorder.missing())} messages without Indonesian (domain, msgid, English default, page):\n"
            + report,
        )
        others = {(lookup.domain, lookup.msgid, lookup.language) for lookup in recorder.other_languages()}
        self.assertFalse(others, "translated into another language than Indonesian")

    # the pages

    def test_pages_in_indonesian(self):
        issued = self.application("issued")
        submitted = self.application("submitted")
        revision = self.application("revision")
        regulation = self.first("Regulation")
        news = self.first("News Item")
        complaint = self.first("Complaint")
        reset = self.portal.portal_password_reset.requestReset(CITIZEN)
        transaction.commit()

        with TranslationRecorder() as recorder:
            anonymous = self.browser()
            for label, url in (
                ("front page", ""),
                ("catalogue", "layanan"),
                ("permit page", ONLINE_PERMIT),
                ("permit page (offline)", "layanan/izin-reklame"),
                ("tracking", "@@lacak"),
                ("tracking result", "@@lacak?" + urlencode({"nomor": submitted.tracking_number})),
                ("verification", f"@@verifikasi/{issued.verification_code}"),
                ("regulations", "regulasi"),
                ("regulation", regulation.absolute_url()),
                ("news", "berita"),
                ("news item", news.absolute_url()),
                ("login", "login"),
                ("registration", "@@register"),
                ("password reset request", "mail_password_form"),
                ("password reset", f"passwordreset/{reset['randomstring']}?userid={CITIZEN}"),
                ("complaint form", "@@pengaduan"),
                ("complaint tracking", "@@lacak-pengaduan"),
                ("survey", "@@skm"),
                ("statistics", "@@statistik"),
                ("service standard", "@@standar-pelayanan"),
                ("guided visit", "@@coba-portal"),
                ("form (anonymous)", f"{ONLINE_PERMIT}/formulir"),
                ("permit page with a fee calculator", "layanan/persetujuan-bangunan-gedung"),
            ):
                self.visit(recorder, anonymous, label, url)
            self.submit(
                recorder,
                self.visit(recorder, anonymous, "login", "login"),
                "login with errors",
                "buttons.login",
            )

            citizen = self.browser(CITIZEN)
            for label, url in (
                ("Permohonan Saya", "@@permohonan-saya"),
                ("application detail (citizen)", submitted.absolute_url()),
                ("application in revision (citizen)", revision.absolute_url()),
                ("revision page", f"{revision.absolute_url()}/@@perbaiki"),
                ("issued application (citizen)", issued.absolute_url()),
                (
                    "thank-you page",
                    f"{ONLINE_PERMIT}/formulir/@@permohonan-terkirim?"
                    + urlencode({"nomor": submitted.tracking_number}),
                ),
                ("my complaints", "@@pengaduan-saya"),
                ("claiming a counter application", "@@klaim-permohonan"),
                ("form (empty)", f"{ONLINE_PERMIT}/formulir"),
            ):
                self.visit(recorder, citizen, label, url)
            self.submit(recorder, citizen, "form with errors", "form.buttons.submit")
            self.submit(
                recorder,
                citizen,
                "form after an upload",
                "form.buttons.submit",
                uploads=[("form.widgets.ktp", files.pdf(), "application/pdf", "ktp.pdf")],
            )

            officer = self.browser(VERIFIER)
            for label, url in (
                ("queue", "permohonan"),
                ("application detail (officer)", submitted.absolute_url()),
                ("application in revision (officer)", revision.absolute_url()),
            ):
                self.visit(recorder, officer, label, url)

            handler = self.browser(COMPLAINT_HANDLER)
            for label, url in (
                ("complaints queue", "pengaduan/@@pengaduan-antrian"),
                ("complaint (handler)", complaint.absolute_url()),
                ("complaint handling", f"{complaint.absolute_url()}/@@tangani-pengaduan"),
            ):
                self.visit(recorder, handler, label, url)

            # the counter and the cash desk (issue 18)
            for login, pages in (
                (
                    FRONT_OFFICE,
                    (("counter", "@@loket"), ("counter form", f"{ONLINE_PERMIT}/formulir/@@loket-formulir")),
                ),
                (CASHIER, (("cash desk", "@@kasir"), ("fee statistics", "@@statistik-retribusi"))),
            ):
                browser = self.browser(login)
                for label, url in pages:
                    self.visit(recorder, browser, label, url)

            editor = self.browser(EDITOR)
            for label, url in (
                ("permit page (editor)", ONLINE_PERMIT),
                ("permit type edit form", f"{ONLINE_PERMIT}/edit"),
                ("news edit form", f"{news.absolute_url()}/edit"),
                ("catalogue contents", "layanan/folder_contents"),
            ):
                self.visit(recorder, editor, label, url)

            owner = self.browser(SITE_OWNER_NAME)
            self.visit(recorder, owner, "control panel", "@@ptsp-settings")

        failed = [status for status in self.statuses if not status[1].startswith("200")]
        self.assertFalse(failed, "pages that did not render")
        self.assert_indonesian(recorder)

    # the mails

    def test_mails_in_indonesian(self):
        with TranslationRecorder() as recorder:
            browser = self.visit(recorder, self.browser(), "registration", "@@register")
            for name, value in REGISTRATION.items():
                browser.getControl(name=name).value = value
            self.submit(recorder, browser, "mail: registration confirmation", "form.buttons.register")
            self.visit(recorder, browser, "password reset request", "mail_password_form")
            browser.getControl(name="userid").value = CITIZEN
            recorder.page = "mail: password reset"
            browser.getForm(name="mail_password").submit()
            self.statuses.append((recorder.page, browser.headers["status"]))
            for review_state in ("submitted", "revision", "issued"):
                application = self.application(review_state)
                recorder.page = f"mail: application {review_state}"
                application_mail.applicant_submitted_mail(application)
                application_mail.applicant_status_mail(application, review_state, "Catatan petugas.")
            recorder.page = "mail: officer's task"
            application_mail.officer_task_mail(
                self.application("submitted"),
                "submitted",
                ("Vera", "verifikator.contoh@example.org"),
                "Catatan.",
            )
            complaint = self.first("Complaint")
            recorder.page = "mail: complaint"
            complaint_mail.received_mail(complaint, "ABCD1234")
            for state in ("in_progress", "answered", "closed"):
                complaint_mail.status_mail(complaint, state)
        transaction.begin()  # the browser's connection sent them
        self.assertEqual(
            len(self.app[SITE_ID].MailHost.messages), 2, self.statuses
        )  # registration, password reset
        pages = {lookup.page for lookup in recorder.lookups}
        self.assertIn("mail: registration confirmation", pages)
        self.assertIn("mail: password reset", pages)
        self.assert_indonesian(recorder)

    # texts stored while the demo was made (the recorder sees them only as
    # runtime values: they must have been translated when they were stored)

    def test_stored_form_descriptions_in_site_language(self):
        checked = 0
        for brain in self.portal.portal_catalog.unrestrictedSearchResults(portal_type="PermitType"):
            permit_type = brain._unrestrictedGetObject()
            if "formulir" not in permit_type:
                continue
            schema = get_schema(permit_type["formulir"])
            for row in permit_type.requirements or ():
                field = schema.get(row["id"])
                if field is None:
                    continue
                expected = translate(describe_rules(row), target_language="id")
                with self.subTest(permit=permit_type.getId(), row=row["id"]):
                    self.assertTrue(str(field.description).endswith(expected), field.description)
                checked += 1
        self.assertGreater(checked, 10)
