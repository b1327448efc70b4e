"""Notifications through the site's real MailHost to a real SMTP server
(aiosmtpd on loopback), with transactions that commit."""

from aiosmtpd.controller import Controller
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.MailHost.MailHost import MailHost
from ptsp_portal.testing import FUNCTIONAL_TESTING
from tests.notifications.base import body
from tests.notifications.base import parse
from tests.notifications.base import submit
from tests.workflow.base import NIK
from tests.workflow.base import setup_office
from unittest import mock

import os
import shutil
import socket
import tempfile
import transaction
import unittest

REFUSED = "ditolak@example.org"


class Collector:
    """aiosmtpd handler: keeps every envelope, refuses ``REFUSED``."""

    def __init__(self):
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def take(self):
        """``[(rcpt_tos, message)]`` received so far, forgetting them."""
        taken, self.envelopes = self.envelopes, []
        return [(sorted(e.rcpt_tos), parse(e.content)) for e in taken]

    def to(self, address):
        return [m for rcpt, m in self.take() if address in rcpt]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpCase(unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.collector = Collector()
        self.port = free_port()
        self.smtpd = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.smtpd.start()
        self.addCleanup(self.stop_smtpd)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        if not isinstance(self.portal.MailHost, MailHost):  # a test mock
            self.portal._delObject("MailHost")
            self.portal._setObject("MailHost", MailHost("MailHost"))
        self.portal.MailHost.smtp_host = "127.0.0.1"
        self.portal.MailHost.smtp_port = self.port
        # Plone patches zope.sendmail's SMTPMailer to take the server from
        # the registry (Site Setup > Mail), not from the MailHost object
        api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
        api.portal.set_registry_record("plone.smtp_port", self.port)
        setup_office(self.portal)  # sets plone.email_from_address
        self.app = submit(self.portal)
        self.number = self.app.tracking_number
        transaction.commit()

    def stop_smtpd(self):
        if self.smtpd is not None:
            self.smtpd.stop()
            self.smtpd = None

    def transition(self, user_id, action, comment=""):
        login(self.portal, user_id)
        workflow = api.portal.get_tool("portal_workflow")
        workflow.doActionFor(self.app, action, comment=comment)


class TestOverSmtp(SmtpCase):
    def test_real_mailhost(self):
        self.assertIs(self.portal.MailHost.__class__, MailHost)

    def test_submission(self):
        received = dict((rcpt[0], m) for rcpt, m in self.collector.take())
        self.assertEqual(sorted(received), ["budi@example.org", "verifikator@example.org"])
        self.assertEqual(received["budi@example.org"]["Subject"], f"[{self.number}] Permohonan diterima")
        self.assertEqual(
            received["verifikator@example.org"]["Subject"], f"[{self.number}] Tugas baru: Diajukan"
        )

    def test_revision_then_accept(self):
        self.collector.take()
        self.transition("verifikator", "request_revision", comment="Foto KTP buram, unggah ulang.")
        self.assertEqual(self.collector.envelopes, [])  # nothing before the commit
        transaction.commit()
        [(rcpt, message)] = self.collector.take()
        self.assertEqual(rcpt, ["budi@example.org"])
        self.assertEqual(message["Subject"], f"[{self.number}] Status permohonan: Perlu Perbaikan")
        text = body(message)
        self.assertIn("Yth. Budi Santoso,", text)
        self.assertIn("Perlu Perbaikan", text)
        self.assertIn("Foto KTP buram, unggah ulang.", text)
        self.assertIn(self.app.absolute_url(), text)
        self.assertIn("Hormat kami,\nDPMPTSP", text)

        self.transition("budi", "resubmit")
        transaction.commit()
        self.collector.take()
        self.transition("verifikator", "accept")
        transaction.commit()
        received = self.collector.take()
        officer = [m for rcpt, m in received if rcpt == ["teknis@example.org"]]
        self.assertEqual(len(officer), 1)
        self.assertEqual(officer[0]["Subject"], f"[{self.number}] Tugas baru: Peninjauan Teknis")
        text = body(officer[0])
        self.assertIn("atas nama Budi Santoso", text)
        for private in (NIK, "Jl. Merdeka"):
            self.assertNotIn(private, text)
            self.assertNotIn(private, officer[0].as_string())
        self.assertEqual(sorted(rcpt[0] for rcpt, _m in received), ["budi@example.org", "teknis@example.org"])

    def test_aborted_transition_sends_nothing(self):
        self.collector.take()
        self.transition("verifikator", "accept")
        transaction.abort()
        self.assertEqual(self.collector.take(), [])
        self.assertEqual(api.content.get_state(self.app), "submitted")

    def test_refused_recipient(self):
        self.collector.take()
        self.app.applicant_email = REFUSED
        self.transition("verifikator", "accept")
        with self.assertLogs("ptsp_portal.notifications", "ERROR") as logs:
            transaction.commit()
        self.assertIn(REFUSED, logs.output[0])
        self.assertIn("SMTPRecipientsRefused", logs.output[0])
        # the reviewers' mail still went out; the state is committed
        self.assertEqual([rcpt for rcpt, _m in self.collector.take()], [["teknis@example.org"]])
        transaction.abort()
        self.assertEqual(api.content.get_state(self.app), "technical_review")


class TestSmtpDown(SmtpCase):
    def test_transition_commits_and_failure_is_logged(self):
        self.stop_smtpd()
        self.transition("verifikator", "request_revision", comment="Lengkapi NPWP.")
        with self.assertLogs("ptsp_portal.notifications", "ERROR") as logs:
            transaction.commit()  # does not raise
        self.assertEqual(len(logs.records), 1)  # the applicant's mail
        self.assertIn("Perlu Perbaikan", logs.output[0])
        self.assertIn("ConnectionRefusedError", logs.output[0])
        transaction.abort()  # what we see now is what was committed
        self.assertEqual(api.content.get_state(self.app), "revision")
        history = api.portal.get_tool("portal_workflow").getInfoFor(self.app, "review_history")
        self.assertEqual(history[-1]["comments"], "Lengkapi NPWP.")

    def test_mail_queue_keeps_what_it_cannot_send(self):
        """A MailHost with a mail queue gets the messages in the
        transaction: they land in its maildir when the commit finishes."""
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        queue = os.path.join(tmp, "queue")  # a new Maildir
        self.portal.MailHost.smtp_queue = True
        self.portal.MailHost.smtp_queue_directory = queue
        transaction.commit()
        self.stop_smtpd()
        with mock.patch.dict(os.environ, {"MAILHOST_QUEUE_ONLY": "1"}):  # no queue thread
            self.transition("verifikator", "accept")
            self.assertEqual(os.listdir(os.path.join(queue, "new")), [])
            transaction.commit()
        queued = [
            parse(open(os.path.join(queue, "new", name), "rb").read())
            for name in os.listdir(os.path.join(queue, "new"))
        ]
        self.assertEqual(
            sorted(m["X-Zope-To"] for m in queued),
            ["Budi Santoso <budi@example.org>", "Tono Teknis <teknis@example.org>"],
        )
        transaction.abort()
        self.assertEqual(api.content.get_state(self.app), "technical_review")

    def test_why_not_mailhost_transactional_send(self):
        """MailHost's own delivery (``immediate=False``) connects in
        ``tpc_vote``: an SMTP server that is down aborts the whole commit.
        This is why the notifications send after the commit."""
        self.stop_smtpd()
        self.transition("verifikator", "accept")
        self.portal.MailHost.send("To: budi@example.org\nSubject: x\n\nx", mfrom="noreply@ptsp.example.org")
        with self.assertRaises(ConnectionRefusedError):
            transaction.commit()
        transaction.abort()
        self.assertEqual(api.content.get_state(self.app), "submitted")
