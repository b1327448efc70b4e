"""Complaints over HTTP on the demo site: ``POST @complaints``,
``GET @complaint-status``, ``GET pengaduan/@export``, the pages, and who
may read a complainant's identity (recorded in the access log)."""

from ptsp_portal.audit import store
from ptsp_portal.security import ratelimit
from tests.audit.test_access_log import temporary_log
from tests.base import DemoSiteHttpTestCase
from tests.complaints.base import b64
from tests.complaints.base import PDF
from tests.complaints.base import ZIP
from unittest import mock

import csv
import io
import re
import transaction

VALID = {
    "kind": "question",
    "subject": "Syarat izin reklame",
    "description": "Apakah izin reklame memerlukan rekomendasi kecamatan?",
}


class Base(DemoSiteHttpTestCase):
    USERS = {
        "pena": ("ptsp-complaint-handlers",),
        "vera": ("ptsp-verifiers",),
        "kadis": ("ptsp-approvers",),
        "warga-a": (),
        "warga-b": (),
    }
    FULLNAME = "Pengguna {user_id}"

    def setUp(self):
        super().setUp()
        ratelimit.reset()
        self.addCleanup(ratelimit.reset)

    def file(self, user=None, **body):
        return self.session(user).post("@complaints", json={**VALID, **body})

    def complaint(self, number):
        transaction.begin()
        brains = self.portal.portal_catalog.unrestrictedSearchResults(complaint_number=number)
        return brains[0]._unrestrictedGetObject()

    def handle(self, number, transition, **fields):
        page = self.session("pena", api=False)
        complaint = self.complaint(number)
        url = f"pengaduan/{complaint.getId()}/@@tangani-pengaduan"
        form = page.get(url)
        token = re.search(r'name="_authenticator" value="([^"]+)"', form.text).group(1)
        return page.post(url, data={"_authenticator": token, "transition": transition, **fields})


class TestFilingOverRest(Base):
    def test_anonymous_filing(self):
        response = self.file(
            name="Ani", phone="0812 3456 7890", attachment={"data": b64(PDF), "filename": "a.pdf"}
        )
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        self.assertEqual(set(data), {"number", "access_code", "review_state", "due_date"})
        self.assertRegex(data["number"], r"^ADU-\d{4}-\d{6}$")
        self.assertEqual(data["review_state"], "received")
        complaint = self.complaint(data["number"])
        self.assertEqual(complaint.complainant_name, "Ani")
        self.assertEqual(complaint.attachment.data, PDF)

    def test_errors_per_field(self):
        count = len(self.portal["pengaduan"].objectIds())
        response = self.file(
            subject="", description="x", email="bukan", kind="ancaman", tracking_number="123", extra=1
        )
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["type"], "ValidationError")
        fields = {e["field"] for e in error["errors"]}
        self.assertEqual(fields, {"subject", "description", "email", "kind", "tracking_number", "extra"})
        self.assertTrue(all(e["message"] for e in error["errors"]))
        transaction.begin()
        self.assertEqual(len(self.portal["pengaduan"].objectIds()), count)

    def test_bad_attachments(self):
        for name, attachment in {
            "zip": {"data": b64(ZIP), "filename": "a.pdf"},
            "not base64": {"data": "!!!", "filename": "a.pdf"},
            "not an object": "a.pdf",
            "html": {"data": b64(b"<html><body>x</body></html>"), "filename": "a.pdf"},
        }.items():
            with self.subTest(name):
                response = self.file(attachment=attachment)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertEqual([e["field"] for e in response.json()["error"]["errors"]], ["attachment"])

    def test_not_json(self):
        response = self.session().post("@complaints", data="kind=complaint")
        self.assertIn(response.status_code, (400, 403))

    def test_rate_limit(self):
        with mock.patch("ptsp_portal.complaints.filing.per_hour", return_value=2):
            self.assertEqual(self.file().status_code, 201)
            self.assertEqual(self.file().status_code, 201)
            refused = self.file()
        self.assertEqual(refused.status_code, 429)
        self.assertGreater(int(refused.headers["Retry-After"]), 0)
        self.assertEqual(refused.json()["error"]["type"], "TooManyRequests")


class TestStatusOverRest(Base):
    def test_status(self):
        data = self.file(name="Ani Rahasia", email="ani.rahasia@example.org").json()
        number, code = data["number"], data["access_code"]
        self.assertEqual(self.handle(number, "assign", assigned_to="Bidang Pelayanan").status_code, 200)
        self.assertEqual(self.handle(number, "answer", answer="Tidak perlu rekomendasi.").status_code, 200)
        anonymous = self.session()
        bare = anonymous.get(f"@complaint-status?number={number}")
        self.assertEqual(bare.status_code, 200)
        self.assertEqual(bare.json()["review_state"], "answered")
        self.assertNotIn("answer", bare.json())
        for secret in ("Ani Rahasia", "ani.rahasia", "Bidang Pelayanan", "rekomendasi kecamatan"):
            self.assertNotIn(secret, bare.text)
        full = anonymous.get(f"@complaint-status?number={number}&code={code}")
        self.assertEqual(full.json()["answer"], "Tidak perlu rekomendasi.")
        self.assertNotIn("Ani Rahasia", full.text)
        self.assertEqual(anonymous.get(f"@complaint-status?number={number}&code=SALAHSALAH").status_code, 403)
        self.assertEqual(anonymous.get("@complaint-status?number=ADU-2020-999999").status_code, 404)
        self.assertEqual(anonymous.get("@complaint-status?number=ADU-1").status_code, 400)
        self.assertEqual(anonymous.get("@complaint-status").status_code, 400)
        page = self.session(api=False).get(f"@@lacak-pengaduan?nomor={number}&kode={code}")
        self.assertIn("Tidak perlu rekomendasi.", page.text)
        self.assertNotIn("Ani Rahasia", page.text)

    def test_logged_in_complainant_and_another_citizen(self):
        number = self.file("warga-a").json()["number"]
        self.handle(number, "assign", assigned_to="Bidang Pelayanan")
        self.handle(number, "answer", answer="Jawaban untuk warga A.")
        own = self.session("warga-a").get(f"@complaint-status?number={number}")
        self.assertEqual(own.json()["answer"], "Jawaban untuk warga A.")
        other = self.session("warga-b").get(f"@complaint-status?number={number}")
        self.assertEqual(other.status_code, 200)
        self.assertNotIn("Jawaban untuk warga A.", other.text)
        self.assertNotIn("Pengguna warga-a", other.text)
        # "Permohonan Saya" lists it for its complainant only
        mine = self.session("warga-a", api=False).get("@@permohonan-saya")
        self.assertIn(number, mine.text)
        self.assertNotIn(number, self.session("warga-b", api=False).get("@@permohonan-saya").text)

    def test_rate_limited(self):
        number = self.file().json()["number"]
        with mock.patch("ptsp_portal.security.ratelimit.limit", return_value=2):
            session = self.session()
            self.assertEqual(session.get(f"@complaint-status?number={number}").status_code, 200)
            self.assertEqual(session.get("@complaint-status?number=ADU-2020-999999").status_code, 404)
            refused = session.get(f"@complaint-status?number={number}")
        self.assertEqual(refused.status_code, 429)
        self.assertIn("Retry-After", refused.headers)


class TestHandlersOnly(Base):
    def test_who_reads_the_complaints(self):
        data = self.file("warga-a", description="Identitas saya rahasia, tolong.").json()
        complaint_id = self.complaint(data["number"]).getId()
        paths = (
            "pengaduan",
            f"pengaduan/{complaint_id}",
            "pengaduan/@export?format=csv",
        )
        pages = ("pengaduan", f"pengaduan/{complaint_id}", "pengaduan/@@pengaduan-antrian-csv")
        for user in (None, "warga-a", "warga-b", "vera", "kadis"):
            for path in paths:
                response = self.session(user).get(path, allow_redirects=False)
                self.assertIn(response.status_code, (401, 403, 404), f"{path} as {user}")
                self.assertNotIn("Pengguna warga-a", response.text)
            for path in pages:
                response = self.session(user, api=False).get(path, allow_redirects=False)
                self.assertIn(response.status_code, (302, 401, 403, 404), f"{path} as {user}")
                self.assertNotIn("rahasia, tolong", response.text)
        # the handler reads them
        page = self.session("pena", api=False).get(f"pengaduan/{complaint_id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Pengguna warga-a", page.text)
        queue = self.session("pena", api=False).get("pengaduan")
        self.assertIn(data["number"], queue.text)
        self.assertNotIn("Pengguna warga-a", queue.text)  # no identity in the queue

    def test_export_csv(self):
        number = self.file(description="Uraian =1+2 untuk ekspor LAPOR.").json()["number"]
        response = self.session("pena").get("pengaduan/@export?format=csv")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "Nomor pengaduan")
        row = [r for r in rows if r[0] == number][0]
        self.assertIn("Uraian =1+2 untuk ekspor LAPOR.", row)
        self.assertEqual(self.session("pena").get("pengaduan/@export?format=xlsx").status_code, 400)
        queue_csv = self.session("pena", api=False).get("pengaduan/@@pengaduan-antrian-csv?status=received")
        self.assertIn(number, queue_csv.text)
        self.assertEqual(
            self.session("pena", api=False).get("pengaduan/@@pengaduan-antrian-csv?status=x").status_code, 400
        )

    def test_identity_reads_are_logged(self):
        temporary_log(self)
        number = self.file().json()["number"]
        complaint_id = self.complaint(number).getId()
        self.assertEqual(self.session("pena", api=False).get(f"pengaduan/{complaint_id}").status_code, 200)
        self.assertEqual(self.session("pena").get(f"pengaduan/{complaint_id}").status_code, 200)
        self.assertEqual(self.session("pena").get("pengaduan/@export?format=csv").status_code, 200)
        rows = store.query({"tracking_number": number})
        self.assertEqual(sorted(row["action"] for row in rows), ["page", "rest"])
        self.assertTrue(all(row["user_id"] == "pena" for row in rows))
        self.assertEqual(len(store.query({"action": "export", "user_id": "pena"})), 1)
        # a refused read is not a read
        self.session("vera", api=False).get(f"pengaduan/{complaint_id}")
        self.assertEqual(store.count({"user_id": "vera"}), 0)


class TestDemo(Base):
    def test_demo_complaints_and_handler(self):
        transaction.begin()
        catalog = self.portal.portal_catalog
        brains = catalog.unrestrictedSearchResults(portal_type="Complaint", sort_on="created")
        states = sorted(brain.review_state for brain in brains)
        self.assertEqual(states, ["answered", "in_progress", "received"])
        answered = [b._unrestrictedGetObject() for b in brains if b.review_state == "answered"][0]
        self.assertEqual(answered.complainant_id, "warga-contoh")
        self.assertTrue(answered.related_tracking_number)
        self.assertTrue(answered.answered_on_time)
        self.assertIn(
            "ComplaintHandler",
            self.portal.acl_users.getUserById("penanganan-contoh").getRolesInContext(
                self.portal["pengaduan"]
            ),
        )
        # the footer links the complaint channel
        page = self.session(api=False).get("")
        self.assertIn("@@pengaduan", page.text)


class TestFilingPage(Base):
    def form(self, session):
        page = session.get("@@pengaduan")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Pemberitahuan privasi", page.text)
        return re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)

    def test_logged_in_citizen_files_on_the_page(self):
        session = self.session("warga-a", api=False)
        token = self.form(session)
        response = session.post(
            "@@pengaduan",
            data={"_authenticator": token, "form.submitted": "1", **VALID, "name": "Bukan Nama Akun"},
            files={"attachment": ("bukti.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        number = re.search(r"ADU-\d{4}-\d{6}", response.text).group(0)
        complaint = self.complaint(number)
        self.assertEqual(complaint.complainant_id, "warga-a")
        self.assertEqual(complaint.complainant_name, "Pengguna warga-a")
        self.assertEqual(complaint.attachment.filename, "bukti.pdf")

    def test_bad_input_on_the_page(self):
        session = self.session(api=False)
        token = self.form(session)
        count = len(self.portal["pengaduan"].objectIds())
        response = session.post(
            "@@pengaduan",
            data={"_authenticator": token, "form.submitted": "1", **VALID, "subject": ""},
            files={"attachment": ("bukti.pdf", ZIP, "application/pdf")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Perihal wajib diisi.", response.text)
        self.assertIn("arsip ZIP", response.text)
        transaction.begin()
        self.assertEqual(len(self.portal["pengaduan"].objectIds()), count)
