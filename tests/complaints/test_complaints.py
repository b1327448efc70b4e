"""Complaints: filing, numbering, workflow, deadline, confidentiality,
status by number (``ptsp_portal.complaints``)."""

from AccessControl import Unauthorized
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal.complaints import deadline
from ptsp_portal.complaints import filing
from ptsp_portal.complaints import handling
from ptsp_portal.complaints import mine
from ptsp_portal.complaints import queue
from ptsp_portal.complaints import status
from ptsp_portal.forms.model import Upload
from ptsp_portal.notifications.subscribers import outbox
from ptsp_portal.security import ratelimit
from ptsp_portal.testing import INTEGRATION_TESTING
from ptsp_portal.workflow.sla import office_zone
from tests.complaints.base import apply
from tests.complaints.base import file_as
from tests.complaints.base import pdf_upload
from tests.complaints.base import setup_complaints
from tests.complaints.base import ZIP
from unittest import mock

import datetime
import re
import unittest


class Base(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.folder = setup_complaints(self.portal)
        self.catalog = api.portal.get_tool("portal_catalog")

    def handle(self, complaint, transition, value=None, user="penanganan"):
        login(self.portal, user)
        handling.take(complaint, transition, value)


class TestFiling(Base):
    def test_anonymous_filing(self):
        complaint, code = file_as(
            self.request, {"name": "Ani", "phone": "0812 3456 7890", "email": "ani@example.org"}
        )
        self.assertRegex(complaint.complaint_number, r"^ADU-\d{4}-\d{6}$")
        self.assertEqual(complaint.aq_parent, self.folder)
        self.assertEqual(api.content.get_state(obj=complaint), "received")
        self.assertEqual(complaint.complainant_name, "Ani")
        self.assertEqual(complaint.complainant_phone, "+6281234567890")
        self.assertIsNone(complaint.complainant_id)
        self.assertEqual(len(code), 10)
        self.assertNotEqual(complaint.access_code_hash, code)  # only its hash is kept
        # nobody holds a local role on it; anonymous cannot view it
        self.assertEqual(list(complaint.get_local_roles()), [])
        self.assertFalse(api.user.has_permission("View", obj=complaint))
        self.assertFalse(api.user.has_permission("View", obj=self.folder))

    def test_numbers_are_a_sequence_of_their_own(self):
        first, _code = file_as(self.request)
        second, _code = file_as(self.request)
        a, b = (int(c.complaint_number.rsplit("-", 1)[1]) for c in (first, second))
        self.assertEqual(b, a + 1)
        # the tracking numbers of applications do not move
        login(self.portal, "budi")
        application = apply(self.portal)
        self.assertTrue(application.tracking_number.endswith("-000001"))

    def test_logged_in_filing_takes_the_account(self):
        login(self.portal, "budi")
        complaint, _code = filing.file_complaint(
            self.request,
            {"subject": "Izin lama", "description": "Permohonan saya belum diproses.", "name": "Palsu"},
            None,
            "budi",
        )
        self.assertEqual(complaint.complainant_name, "Budi Santoso")
        self.assertEqual(complaint.complainant_email, "budi@example.org")
        self.assertEqual(complaint.complainant_id, "budi")
        self.assertEqual(complaint.listCreators(), ("budi",))
        rows = mine.my_complaints()
        self.assertEqual([row["number"] for row in rows], [complaint.complaint_number])
        login(self.portal, "siti")
        self.assertEqual(mine.my_complaints(), [])

    def test_validation(self):
        with self.assertRaises(filing.ComplaintError) as raised:
            file_as(
                self.request,
                {"kind": "threat", "subject": "", "description": "pendek", "email": "x@", "phone": "12"},
            )
        self.assertEqual(
            sorted(raised.exception.errors), ["description", "email", "kind", "phone", "subject"]
        )
        with self.assertRaises(filing.ComplaintError) as raised:
            file_as(self.request, {"tracking_number": "bukan nomor"})
        self.assertEqual(list(raised.exception.errors), ["tracking_number"])
        self.assertEqual(len(self.folder.objectIds()), 0)

    def test_bad_attachments(self):
        cases = {
            "zip": Upload("bukti.pdf", "application/pdf", ZIP),
            "empty": Upload("bukti.pdf", "application/pdf", b""),
            "html": Upload("bukti.pdf", "application/pdf", b"<html><script>alert(1)</script></html>"),
            "truncated jpeg": Upload("foto.jpg", "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 100),
        }
        for name, upload in cases.items():
            with self.subTest(name), self.assertRaises(filing.ComplaintError) as raised:
                file_as(self.request, upload=upload)
            self.assertEqual(list(raised.exception.errors), ["attachment"])
        with mock.patch("ptsp_portal.complaints.filing.size_limit_mb", return_value=0.00001):
            with self.assertRaises(filing.ComplaintError):
                file_as(self.request, upload=pdf_upload())
        complaint, _code = file_as(self.request, upload=pdf_upload())
        self.assertEqual(complaint.attachment.contentType, "application/pdf")

    def test_tracking_number_kept_only_when_owned(self):
        login(self.portal, "budi")
        application = apply(self.portal)
        number = application.tracking_number
        mine_, _code = filing.file_complaint(
            self.request, {**_valid(), "tracking_number": number.lower()}, None, "budi"
        )
        self.assertEqual(mine_.related_tracking_number, number)
        login(self.portal, "siti")
        other, _code = filing.file_complaint(
            self.request, {**_valid(), "tracking_number": number}, None, "siti"
        )
        self.assertIsNone(other.related_tracking_number)
        anonymous, _code = file_as(self.request, {"tracking_number": number})
        self.assertIsNone(anonymous.related_tracking_number)
        # an unknown number: dropped the same way, no error
        unknown, _code = file_as(self.request, {"tracking_number": "PTSP-2020-999999"})
        self.assertIsNone(unknown.related_tracking_number)

    def test_rate_limit(self):
        api.portal.set_registry_record("ptsp_portal.complaints_per_hour", 2)
        file_as(self.request)
        file_as(self.request)
        with self.assertRaises(filing.TooManyComplaints) as raised:
            file_as(self.request)
        self.assertGreater(raised.exception.retry_after, 60)
        self.assertEqual(len(self.folder.objectIds()), 2)
        ratelimit.reset()
        file_as(self.request)


def _valid():
    return {"subject": "Perihal", "description": "Uraian yang cukup panjang."}


class TestDeadline(Base):
    def test_due_in_working_days(self):
        friday = datetime.datetime(2026, 11, 6, 10, 0)
        with mock.patch("ptsp_portal.complaints.filing.now", return_value=friday):
            complaint, _code = file_as(self.request)
        # 10 working days after Friday 6 Nov 2026: Friday 20 Nov
        self.assertEqual(complaint.complaint_due, datetime.date(2026, 11, 20))
        api.portal.set_registry_record("ptsp_portal.complaint_response_days", 1)
        self.assertEqual(deadline.due_date(friday), datetime.date(2026, 11, 9))

    def test_overdue_and_answered_on_time(self):
        old = datetime.datetime(2026, 1, 5, 9, 0)
        with mock.patch("ptsp_portal.complaints.filing.now", return_value=old):
            late, _code = file_as(self.request)
        fresh, _code = file_as(self.request)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, "penanganan")
        found = queue.search(self.folder, {"terlambat": True})
        self.assertEqual([b.complaint_number for b in found], [late.complaint_number])
        # ``created`` is the filing date (office time)
        created = found[0].created.asdatetime().astimezone(office_zone())
        self.assertEqual(created.replace(tzinfo=None), old)
        self.assertEqual(queue.Rows().row(found[0])["sla_status"], "overdue")
        self.handle(late, "assign", "Bidang Pelayanan")
        self.handle(late, "answer", "Mohon maaf, antrean kini dua loket.")
        self.handle(fresh, "assign", "Bidang Pelayanan")
        self.handle(fresh, "answer", "Terima kasih.")
        self.assertFalse(late.answered_on_time)
        self.assertTrue(fresh.answered_on_time)
        # the catalog contract of the statistics
        on_time = self.catalog.unrestrictedSearchResults(portal_type="Complaint", answered_on_time=True)
        self.assertEqual([b.complaint_number for b in on_time], [fresh.complaint_number])
        answered = self.catalog.unrestrictedSearchResults(
            portal_type="Complaint", answered_date={"query": datetime.datetime(2026, 1, 1), "range": "min"}
        )
        self.assertEqual(len(answered), 2)
        self.assertEqual(
            len(self.catalog.unrestrictedSearchResults(portal_type="Complaint", review_state="answered")), 2
        )
        # no longer open: not overdue
        self.assertEqual(len(queue.search(self.folder, {"terlambat": True})), 0)

    def test_not_answered_is_not_indexed_on_time(self):
        file_as(self.request)
        self.assertEqual(
            len(self.catalog.unrestrictedSearchResults(portal_type="Complaint", answered_on_time=False)), 0
        )
        self.assertEqual(
            len(
                self.catalog.unrestrictedSearchResults(
                    portal_type="Complaint",
                    complaint_due={"query": datetime.date(2000, 1, 1), "range": "min"},
                )
            ),
            1,
        )


class TestWorkflow(Base):
    def test_steps(self):
        complaint, _code = file_as(self.request, {"email": "ani@example.org"})
        with self.assertRaises(handling.HandlingError) as raised:
            self.handle(complaint, "assign", "  ")
        self.assertEqual(list(raised.exception.errors), ["assigned_to"])
        self.handle(complaint, "assign", "Bidang Perizinan")
        self.assertEqual(api.content.get_state(obj=complaint), "in_progress")
        with self.assertRaises(handling.HandlingError):
            self.handle(complaint, "reject", "bukan pengaduan")  # not from in_progress
        self.handle(complaint, "answer", "Sudah kami perbaiki.")
        self.assertEqual(api.content.get_state(obj=complaint), "answered")
        self.assertIsNotNone(complaint.answered_date)
        self.handle(complaint, "close")
        self.assertEqual(api.content.get_state(obj=complaint), "closed")

    def test_reject_and_forward_from_received(self):
        first, _code = file_as(self.request)
        second, _code = file_as(self.request)
        self.handle(first, "reject", "Bukan pengaduan layanan kami.")
        self.handle(second, "forward", "Dinas Pekerjaan Umum")
        self.assertEqual(api.content.get_state(obj=first), "rejected")
        self.assertEqual(api.content.get_state(obj=second), "forwarded")

    def test_officers_and_citizens_cannot_handle(self):
        complaint, _code = file_as(self.request)
        for user in ("verifikator", "kadis", "editor", "budi"):
            with self.subTest(user), self.assertRaises(handling.HandlingError):
                self.handle(complaint, "assign", "Saya", user=user)
        self.assertEqual(api.content.get_state(obj=complaint), "received")
        # nor through the workflow tool, field set or not
        complaint.assigned_to = "Saya"
        login(self.portal, "verifikator")
        with self.assertRaises(WorkflowException):
            api.portal.get_tool("portal_workflow").doActionFor(complaint, "assign")


class TestConfidentiality(Base):
    def test_who_sees_the_complaint(self):
        login(self.portal, "budi")
        application = apply(self.portal)
        complaint, _code = filing.file_complaint(
            self.request, {**_valid(), "tracking_number": application.tracking_number}, None, "budi"
        )
        for user in ("verifikator", "teknis", "kadis", "teknis-reklame", "editor", "budi", "siti"):
            login(self.portal, user)
            with self.subTest(user):
                self.assertFalse(api.user.has_permission("View", obj=complaint))
                self.assertFalse(api.user.has_permission("View", obj=self.folder))
                self.assertEqual(len(self.catalog(portal_type="Complaint")), 0)
                with self.assertRaises(Unauthorized):
                    self.portal.restrictedTraverse("pengaduan/" + complaint.getId())
        login(self.portal, "penanganan")
        self.assertTrue(api.user.has_permission("View", obj=complaint))
        self.assertEqual(len(self.catalog(portal_type="Complaint")), 1)
        # the application's officers: nothing of the complaint on the application
        login(self.portal, "verifikator")
        page = application.restrictedTraverse("@@view")()
        self.assertNotIn(complaint.complaint_number, page)

    def test_status_never_shows_identity(self):
        complaint, code = file_as(
            self.request, {"name": "Ani Rahasia", "email": "ani@example.org", "phone": "081234567890"}
        )
        self.handle(complaint, "assign", "Bidang Pelayanan")
        self.handle(complaint, "answer", "Tanggapan kami.")
        logout()
        for given in (None, code):
            result = status.lookup(self.request, complaint.complaint_number, given)
            text = repr(result)
            for secret in (
                "Ani Rahasia",
                "ani@example.org",
                "+6281234567890",
                "Bidang Pelayanan",
                "Saya menunggu",
            ):
                self.assertNotIn(secret, text)
        self.assertNotIn("answer", status.lookup(self.request, complaint.complaint_number))
        self.assertEqual(
            status.lookup(self.request, complaint.complaint_number, code)["answer"], "Tanggapan kami."
        )


class TestStatus(Base):
    def test_errors(self):
        complaint, code = file_as(self.request)
        logout()
        with self.assertRaises(status.MalformedNumber):
            status.lookup(self.request, "ADU-26-1")
        with self.assertRaises(status.MalformedNumber):
            status.lookup(self.request, "")
        with self.assertRaises(status.UnknownNumber):
            status.lookup(self.request, "ADU-2020-999999")
        with self.assertRaises(status.WrongCode):
            status.lookup(self.request, complaint.complaint_number, "SALAH12345")
        result = status.lookup(self.request, complaint.complaint_number.lower(), code.lower())
        self.assertTrue(result["answer_visible"])
        self.assertIsNone(result["answer"])  # not answered yet

    def test_logged_in_complainant_sees_the_answer(self):
        login(self.portal, "budi")
        complaint, _code = filing.file_complaint(self.request, _valid(), None, "budi")
        self.handle(complaint, "assign", "Bidang Pelayanan")
        self.handle(complaint, "answer", "Sudah selesai.")
        login(self.portal, "budi")
        self.assertEqual(status.lookup(self.request, complaint.complaint_number)["answer"], "Sudah selesai.")
        login(self.portal, "siti")
        self.assertNotIn("answer", status.lookup(self.request, complaint.complaint_number))

    def test_rate_limited(self):
        complaint, _code = file_as(self.request)
        api.portal.set_registry_record("ptsp_portal.lookups_per_minute", 3)
        for _ in range(3):
            status.lookup(self.request, complaint.complaint_number)
        with self.assertRaises(status.TooManyLookups):
            status.lookup(self.request, complaint.complaint_number)


class TestMail(Base):
    def test_mail_on_each_step(self):
        complaint, code = file_as(self.request, {"email": "ani@example.org", "name": "Ani"})
        self.handle(complaint, "assign", "Bidang Pelayanan")
        self.handle(complaint, "answer", "Tanggapan kami yang jelas.")
        messages = outbox().messages  # sent after commit
        self.assertEqual(len(messages), 3)
        self.assertTrue(all(m["To"] == "Ani <ani@example.org>" for m in messages))
        self.assertIn(code, messages[0].get_content())
        self.assertIn("Tanggapan kami yang jelas.", messages[2].get_content())
        self.assertNotIn("Bidang Pelayanan", " ".join(m.get_content() for m in messages))
        self.assertTrue(re.search(r"lacak-pengaduan\?nomor=ADU-", messages[0].get_content()))
