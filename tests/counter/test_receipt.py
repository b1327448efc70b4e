"""The receipt (tanda terima) of a counter application: its text and QR code
on A4 and on an 80 mm roll, the claim code printed only with the code in
hand, and who may download it (over HTTP)."""

from io import BytesIO
from ptsp_portal.audit import store
from tests.counter.base import CounterTestCase
from tests.counter.base import WALK_IN
from tests.documents.base import decode_qr_codes
from tests.documents.base import pdf_text
from tests.forms.test_rest import PERMIT

import re


class TestReceipt(CounterTestCase):
    def setUp(self):
        super().setUp()
        self.answer = self.file_at_counter()
        self.url = self.answer["@id"] + "/@@tanda-terima"
        self.number = self.answer["tracking_number"]

    def pdf(self, user_id, size="a4", code=None, status=200):
        session = self.session(user_id, api=False)
        if code is None:
            response = session.get(self.url, params={"ukuran": size}, allow_redirects=False)
        else:
            response = session.post(
                self.url, data={"ukuran": size, "claim_code": code}, allow_redirects=False
            )
        self.assertEqual(response.status_code, status, response.text[:500])
        return response

    def test_text_and_qr(self):
        response = self.pdf("loket")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("no-store", response.headers["Cache-Control"])
        text = re.sub(r"\s+", " ", pdf_text(response.content))
        application = self.get(self.answer["@id"])
        permit_type = self.portal.unrestrictedTraverse(PERMIT)
        self.assertIn("TANDA TERIMA BERKAS", text)
        self.assertIn(self.number, text)
        self.assertIn(permit_type.Title(), text)
        self.assertIn(WALK_IN["name"], text)
        self.assertNotIn(WALK_IN["nik"], text)  # masked
        self.assertIn(f"{permit_type.service_days} hari kerja", text)
        from ptsp_portal.documents.formatting import indonesian_date

        self.assertIn(indonesian_date(application.due_date), text)
        for document in application.objectValues():
            rows = {row["id"]: row["title"] for row in permit_type.requirements}
            self.assertIn(rows.get(document.getId(), document.Title()), text)
        self.assertIn("kode klaim hanya tercetak pada tanda terima asli", text)
        self.assertNotIn(self.answer["claim_code"], text)
        tracking = f"{self.site_url}/@@lacak?nomor={self.number}"
        self.assertEqual(decode_qr_codes(response.content), [tracking])

    def test_thermal_80mm_with_the_claim_code(self):
        from pypdf import PdfReader

        response = self.pdf("loket", size="80mm", code=self.answer["claim_code"])
        reader = PdfReader(BytesIO(response.content))
        self.assertEqual(len(reader.pages), 1)
        self.assertAlmostEqual(float(reader.pages[0].mediabox.width), 80 / 25.4 * 72, places=1)
        text = pdf_text(response.content)
        self.assertIn(self.answer["claim_code"], text)
        self.assertIn(self.number, text)
        self.assertEqual(
            decode_qr_codes(response.content, dpi=300), [f"{self.site_url}/@@lacak?nomor={self.number}"]
        )
        rows = store.query({"tracking_number": self.number, "user_id": "loket"})
        self.assertTrue(any(row["path"].endswith("/@@tanda-terima") for row in rows))

    def test_a_wrong_code_is_not_printed(self):
        response = self.pdf("loket", code="AAAAA-BBBBB", status=400)
        self.assertNotIn(b"%PDF", response.content[:10])

    def test_unknown_size_400(self):
        self.pdf("loket", size="a5", status=400)

    def test_refused(self):
        response = self.pdf(None, status=302)
        self.assertIn("login", response.headers["Location"])
        for user_id in ("warga-a", "verifikator"):
            response = self.pdf(user_id, status=403)
            self.assertNotIn(WALK_IN["name"], response.text)
            self.assertNotIn(self.number, response.text)
        # a citizen holding the code does not print it: claiming is the way
        self.pdf("warga-a", code=self.answer["claim_code"], status=403)

    def test_claimed_owner_may_download_others_not(self):
        self.register("sulastri", WALK_IN["nik"])
        self.assertEqual(self.claim("sulastri", self.number, self.answer["claim_code"]).status_code, 200)
        self.assertTrue(self.pdf("sulastri").content.startswith(b"%PDF"))
        self.pdf("warga-b", status=403)
        self.assertTrue(self.pdf("loket").content.startswith(b"%PDF"))

    def test_no_receipt_of_an_online_application(self):
        session = self.session("warga-a")
        response = session.post(f"{PERMIT}/@apply", json=self.payload(session))
        self.assertEqual(response.status_code, 201)
        url = response.json()["@id"] + "/@@tanda-terima"
        for user_id in ("loket", "warga-a"):
            answer = self.session(user_id, api=False).get(url, allow_redirects=False)
            self.assertEqual(answer.status_code, 403)
