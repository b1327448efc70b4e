"""Reminders before a permit ends (issue 19 §4): through the site's real
MailHost to a real SMTP server on loopback (tests/notifications), with
transactions that commit, one per permit as the cron script runs them."""

from plone import api
from plone.app.testing import login
from ptsp_portal.renewal import reminders
from tests.documents.base import approve
from tests.documents.base import to_pending_approval
from tests.notifications.base import body
from tests.notifications.test_smtp import SmtpCase
from tests.workflow.base import apply

import datetime
import transaction

BEFORE = datetime.timedelta


class ReminderCase(SmtpCase):
    def setUp(self):
        super().setUp()
        self.portal["layanan"]["sip-dokter"].validity_years = 5
        self.permit = apply(self.portal)
        to_pending_approval(self.portal, self.permit)
        approve(self.portal, self.permit)
        transaction.commit()
        self.collector.take()  # the mails of the steps
        self.end = self.permit.valid_until

    def run_on(self, days_before):
        """The cron run on the day ``days_before`` the permit ends."""
        reports = reminders.remind(on=self.end - BEFORE(days=days_before), commit=True)
        return reports, self.collector.to("budi@example.org")


class TestReminders(ReminderCase):
    def test_once_per_interval(self):
        self.assertEqual(api.portal.get_registry_record(reminders.RECORD), [90, 30])
        self.assertEqual(self.run_on(91), ([], []))  # not yet
        reports, mails = self.run_on(90)
        self.assertEqual([r["interval"] for r in reports], [90])
        [mail] = mails
        self.assertEqual(mail["Subject"], f"[{self.permit.permit_number}] Izin Anda akan berakhir")
        text = body(mail)
        self.assertIn("Yth. Budi Santoso,", text)
        self.assertIn(f"nomor {self.permit.permit_number} berakhir pada", text)
        self.assertIn("(90 hari lagi)", text)
        self.assertIn(f"{self.permit.absolute_url()}/@@perpanjang", text)
        # run twice the same day, or on the days after: nothing more
        self.assertEqual(self.run_on(90), ([], []))
        self.assertEqual(self.run_on(60), ([], []))
        self.assertEqual(self.run_on(31), ([], []))
        # the next interval: the second mail, once
        reports, mails = self.run_on(30)
        self.assertEqual([r["interval"] for r in reports], [30])
        self.assertEqual(len(mails), 1)
        self.assertIn("(30 hari lagi)", body(mails[0]))
        self.assertEqual(self.run_on(30), ([], []))
        self.assertEqual(self.run_on(1), ([], []))
        self.permit._p_jar.sync()
        self.assertEqual(sorted(self.permit.renewal_reminders), [30, 90])
        # after the end: no more reminders
        self.assertEqual(self.run_on(-1), ([], []))

    def test_a_missed_day_sends_one_mail(self):
        reports, mails = self.run_on(20)  # the first run since long before day 90
        self.assertEqual([r["interval"] for r in reports], [30])
        self.assertEqual(len(mails), 1)
        self.assertEqual(self.run_on(19), ([], []))
        self.permit._p_jar.sync()
        self.assertEqual(sorted(self.permit.renewal_reminders), [30, 90])

    def test_intervals_from_the_control_panel(self):
        api.portal.set_registry_record(reminders.RECORD, [14])
        transaction.commit()
        self.assertEqual(self.run_on(30), ([], []))
        reports, mails = self.run_on(14)
        self.assertEqual(([r["interval"] for r in reports], len(mails)), ([14], 1))
        api.portal.set_registry_record(reminders.RECORD, [])
        transaction.commit()
        self.assertEqual(self.run_on(1), ([], []))

    def test_dry_run_sends_and_records_nothing(self):
        reports = reminders.remind(on=self.end - BEFORE(days=30), dry_run=True)
        self.assertEqual([r["interval"] for r in reports], [30])
        transaction.commit()
        self.assertEqual(self.collector.take(), [])
        self.assertEqual(self.run_on(30)[0][0]["interval"], 30)

    def test_only_issued_permits_not_renewed(self):
        other = apply(self.portal, permit_code="reklame", applicant="siti")  # no validity
        transaction.commit()
        self.assertIsNone(other.valid_until)
        renewal = apply(self.portal)
        renewal.renewal_of = self.permit.permit_number
        renewal.renewal_of_uid = self.permit.UID()
        renewal.reindexObject()
        transaction.commit()
        self.collector.take()
        self.assertEqual(self.run_on(30), ([], []))  # renewed: nobody reminded

        login(self.portal, "budi")
        self.portal.portal_workflow.doActionFor(renewal, "withdraw", comment="Batal.")
        transaction.commit()
        self.collector.take()
        self.assertEqual(len(self.run_on(30)[1]), 1)  # withdrawn: not a renewal

    def test_a_concurrent_run_sends_nothing_twice(self):
        """Another run recorded the reminder after this run read the permit:
        this run's commit conflicts, it aborts, looks again and sends
        nothing."""
        self.assertIsNone(getattr(self.permit, reminders.SENT, None))  # read now: stale below
        db = self.portal._p_jar.db()
        other = transaction.TransactionManager()
        connection = db.open(transaction_manager=other)
        try:
            theirs = connection.root()["Application"].unrestrictedTraverse(
                "/".join(self.permit.getPhysicalPath())
            )
            theirs.renewal_reminders = {30: "2031-01-01", 90: "2031-01-01"}
            other.commit()
        finally:
            connection.close()
        with self.assertLogs("ptsp_portal", level="INFO") as logged:
            reports, mails = self.run_on(30)
        self.assertEqual((reports, mails), ([], []))
        self.assertIn("changed meanwhile", "\n".join(logged.output))
        self.assertEqual(self.permit.renewal_reminders[30], "2031-01-01")


class TestScript(ReminderCase):
    def test_cron_script_sends_once(self):
        from ptsp_portal.workflow.sla import today
        from scripts import renewal_reminders

        import contextlib
        import io

        self.permit.valid_until = today() + BEFORE(days=30)
        self.permit.reindexObject(idxs=["valid_until"])
        transaction.commit()
        site = self.portal.getId()

        def run(*options):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                status = renewal_reminders.main(
                    self.layer["app"], ["renewal_reminders.py", "--site", site, *options]
                )
            return status, out.getvalue()

        status, printed = run("--dry-run")
        self.assertEqual(status, 0)
        self.assertIn("Would send 1 renewal reminder(s).", printed)
        self.assertEqual(self.collector.take(), [])
        status, printed = run()
        self.assertIn(f"{self.permit.permit_number} ({self.permit.tracking_number})", printed)
        self.assertIn("Sent 1 renewal reminder(s).", printed)
        self.assertEqual(len(self.collector.to("budi@example.org")), 1)
        self.assertIn("Sent 0 renewal reminder(s).", run()[1])  # again: nothing
        self.assertEqual(self.collector.take(), [])
        self.assertEqual(run("--site", "tidak-ada")[0], 2)
