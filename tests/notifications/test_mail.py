"""Notification mails, composed and queued on the integration site.

MockMailHost collects what is sent; nothing commits here, so the tests run
the transaction's outbox themselves (``run_outbox``), as a commit would.
"""

from plone import api
from plone.app.testing import login
from Products.CMFPlone.tests.utils import MockMailHost
from ptsp_portal.notifications import mail
from ptsp_portal.notifications import subscribers
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.notifications.base import body
from tests.notifications.base import parse
from tests.notifications.base import recipients
from tests.notifications.base import run_outbox
from tests.notifications.base import submit
from tests.workflow.base import MONDAY
from tests.workflow.base import NIK
from tests.workflow.base import setup_office
from unittest import mock

import unittest


class FailingMailHost(MockMailHost):
    """Refuses one address, as an SMTP server refusing a recipient."""

    def send(self, messageText, *args, **kwargs):
        if "budi@example.org" in str(messageText["To"]):
            raise OSError("550 mailbox unavailable")
        return super().send(messageText, *args, **kwargs)


class NotificationCase(unittest.TestCase):
    layer = INTEGRATION_TESTING
    mailhost_class = MockMailHost

    def setUp(self):
        self.portal = self.layer["portal"]
        # rolled back with the test's transaction
        self.portal.MailHost = self.mailhost_class("MailHost")
        setup_office(self.portal)
        self.app = submit(self.portal, submitted=MONDAY)

    def sent(self):
        """Run the outbox, return the messages sent so far and forget them."""
        run_outbox()
        messages = [parse(raw) for raw in self.portal.MailHost.messages]
        self.portal.MailHost.reset()
        return messages

    def transition(self, user_id, action, comment="", obj=None):
        login(self.portal, user_id)
        workflow = api.portal.get_tool("portal_workflow")
        workflow.doActionFor(obj or self.app, action, comment=comment)

    def by_recipient(self, messages):
        return {address: message for message in messages for address in recipients(message)}


class TestSubmitted(NotificationCase):
    def test_applicant_and_verifiers_are_told(self):
        messages = self.by_recipient(self.sent())
        self.assertEqual(sorted(messages), ["budi@example.org", "verifikator@example.org"])
        number = self.app.tracking_number

        applicant = messages["budi@example.org"]
        self.assertEqual(applicant["Subject"], f"[{number}] Permohonan diterima")
        text = body(applicant)
        self.assertTrue(text.startswith("Yth. Budi Santoso,"))
        self.assertIn("Surat Izin Praktik Dokter", text)
        self.assertIn(number, text)
        self.assertIn("2 November 2026", text)  # submitted
        self.assertIn(self.app.absolute_url(), text)
        self.assertTrue(text.rstrip().endswith("Hormat kami,\nDPMPTSP"))
        self.assertEqual(applicant["From"].addresses[0].addr_spec, "noreply@ptsp.example.org")
        self.assertEqual(applicant["From"].addresses[0].display_name, "DPMPTSP")
        self.assertEqual(applicant.get_content_charset(), "utf-8")
        self.assertEqual(applicant["Auto-Submitted"], "auto-generated")

        officer = messages["verifikator@example.org"]
        self.assertEqual(officer["Subject"], f"[{number}] Tugas baru: Diajukan")
        self.assertIn("Petugas Verifikasi", body(officer))

    def test_event_twice_mails_once(self):
        subscribers.notify_submitted(self.app)
        subscribers.notify_submitted(self.app)
        self.assertEqual(len(self.sent()), 2)

    def test_nothing_is_sent_before_commit(self):
        self.assertEqual(len(self.portal.MailHost.messages), 0)

    def test_suppressed(self):
        self.sent()
        with subscribers.suppressed():
            self.transition("verifikator", "accept")
        self.assertEqual(self.sent(), [])


class TestStateChanges(NotificationCase):
    def setUp(self):
        super().setUp()
        self.sent()

    def test_request_revision(self):
        self.transition("verifikator", "request_revision", comment="KTP tidak terbaca.")
        messages = self.sent()
        # revision is no officer step: the applicant only
        self.assertEqual([recipients(m) for m in messages], [["budi@example.org"]])
        message = messages[0]
        number = self.app.tracking_number
        self.assertEqual(message["Subject"], f"[{number}] Status permohonan: Perlu Perbaikan")
        text = body(message)
        self.assertIn("Yth. Budi Santoso,", text)
        self.assertIn("Surat Izin Praktik Dokter", text)
        self.assertIn("kini: Perlu Perbaikan.", text)
        self.assertIn("Catatan petugas:\nKTP tidak terbaca.", text)
        self.assertIn("ajukan kembali", text)
        self.assertIn(self.app.absolute_url(), text)

    def test_resubmit_tells_verifiers_again(self):
        self.transition("verifikator", "request_revision", comment="KTP tidak terbaca.")
        self.sent()
        self.transition("budi", "resubmit")
        messages = self.by_recipient(self.sent())
        self.assertEqual(sorted(messages), ["budi@example.org", "verifikator@example.org"])
        self.assertIn("Tugas baru: Diajukan", messages["verifikator@example.org"]["Subject"])
        self.assertIn("tidak perlu melakukan apa pun", body(messages["budi@example.org"]))

    def test_accept_tells_reviewers_without_personal_data(self):
        self.transition("verifikator", "accept")
        messages = self.by_recipient(self.sent())
        self.assertEqual(sorted(messages), ["budi@example.org", "teknis@example.org"])
        officer = messages["teknis@example.org"]
        self.assertEqual(officer["Subject"], f"[{self.app.tracking_number}] Tugas baru: Peninjauan Teknis")
        text = body(officer)
        self.assertIn("Yth. Tono Teknis,", text)
        self.assertIn("Budi Santoso", text)
        self.assertIn("Tim Teknis", text)
        self.assertIn(self.app.absolute_url(), text)
        for private in (NIK, "Jl. Merdeka", "3456", "budi@example.org"):
            self.assertNotIn(private, text)
            self.assertNotIn(private, officer.as_string())
        self.assertNotIn("Catatan petugas", text)  # no comment given

    def test_officer_comment_is_passed_on(self):
        self.transition("verifikator", "accept")
        self.transition("teknis", "recommend", comment="Lokasi sesuai.")
        messages = self.by_recipient(self.sent())
        self.assertIn("kadis@example.org", messages)
        self.assertIn("Catatan petugas sebelumnya:\nLokasi sesuai.", body(messages["kadis@example.org"]))

    def survey_subject(self):
        return f"[{self.app.tracking_number}] Survei Kepuasan Masyarakat"

    def test_issued(self):
        self.transition("verifikator", "accept")
        self.transition("teknis", "recommend")
        self.sent()
        self.transition("kadis", "approve")
        sent = self.sent()
        [message] = [m for m in sent if "Status permohonan" in m["Subject"]]
        # and the invitation to the SKM survey (tests/survey)
        self.assertEqual([m["Subject"] for m in sent if m is not message], [self.survey_subject()])
        self.assertIn("Status permohonan: Izin Terbit", message["Subject"])
        self.assertIn("Izin Anda telah terbit.", body(message))

    def test_rejected(self):
        self.transition("verifikator", "reject", comment="Bukan wewenang kabupaten.")
        sent = self.sent()
        [message] = [m for m in sent if "Status permohonan" in m["Subject"]]
        self.assertEqual([m["Subject"] for m in sent if m is not message], [self.survey_subject()])
        self.assertIn("Status permohonan: Ditolak", message["Subject"])
        text = body(message)
        self.assertIn("Bukan wewenang kabupaten.", text)
        self.assertIn("permohonan baru", text)

    def test_permit_type_roles_and_duplicates(self):
        reklame = submit(self.portal, permit_code="reklame", applicant="siti")
        # teknis also holds the role directly: still one mail
        reklame.manage_setLocalRoles("teknis", ["TechnicalReviewer"])
        self.sent()
        self.transition("verifikator", "accept", obj=reklame)
        messages = self.by_recipient(self.sent())
        self.assertEqual(
            sorted(messages),
            ["siti@example.org", "teknis-reklame@example.org", "teknis@example.org"],
        )

    def test_officers_without_email_are_skipped(self):
        api.user.get("teknis").setMemberProperties({"email": ""})
        self.transition("verifikator", "accept")
        self.assertEqual([recipients(m) for m in self.sent()], [["budi@example.org"]])


class TestSettings(NotificationCase):
    def setUp(self):
        super().setUp()
        self.sent()

    def test_sender_name_from_registry(self):
        api.portal.set_registry_record(mail.SENDER_NAME_RECORD, "DPMPTSP Kabupaten Contoh")
        self.transition("verifikator", "accept")
        message = self.sent()[0]
        self.assertEqual(message["From"].addresses[0].display_name, "DPMPTSP Kabupaten Contoh")
        self.assertIn("Hormat kami,\nDPMPTSP Kabupaten Contoh", body(message))

    def test_sender_name_falls_back_to_site_title(self):
        api.portal.get_tool("portal_registry")[mail.SENDER_NAME_RECORD] = None
        self.transition("verifikator", "accept")
        message = self.sent()[0]
        self.assertEqual(message["From"].addresses[0].display_name, self.portal.Title())

    def test_no_sender_address_no_mail(self):
        api.portal.get_tool("portal_registry")["plone.email_from_address"] = None
        self.transition("verifikator", "accept")
        self.assertEqual(api.content.get_state(self.app), "technical_review")
        with self.assertLogs("ptsp_portal.notifications", "WARNING"):
            self.assertEqual(self.sent(), [])  # composed after the commit

    def test_indonesian_whatever_the_officer_language(self):
        self.layer["request"]["LANGUAGE"] = "en"
        self.transition("verifikator", "request_revision", comment="Lengkapi.")
        self.assertIn("Perlu Perbaikan", self.sent()[0]["Subject"])


class TestFailures(NotificationCase):
    mailhost_class = FailingMailHost

    def test_refused_address_is_logged_others_still_sent(self):
        # the submission: the applicant's mail is refused, the verifier's goes
        with self.assertLogs("ptsp_portal.notifications", "ERROR") as logs:
            messages = self.sent()
        self.assertIn("Permohonan diterima", logs.output[0])
        self.assertEqual([recipients(m) for m in messages], [["verifikator@example.org"]])

    def test_broken_composition_keeps_the_transition(self):
        self.sent()
        with mock.patch.object(mail, "applicant_status_mail", side_effect=KeyError("x")):
            self.transition("verifikator", "accept")
            with self.assertLogs("ptsp_portal.notifications", "ERROR"):
                self.sent()  # composed after the commit
        self.assertEqual(api.content.get_state(self.app), "technical_review")
