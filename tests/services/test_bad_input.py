"""Bad input is answered with a page or a 400, never with a 500 (issue 12,
section 7): search terms the catalog's query parser cannot read, malformed
``:int`` form fields, and content created over REST."""

from tests.base import DemoSiteHttpTestCase

import uuid

UNUSABLE_TERMS = (
    "Surat Izin Praktik (SIP)",
    "and",
    "not",
    "izin or",
    "izin(",
)
TERM_MESSAGE = "Kata pencarian tidak dapat dipakai."


class TestSearchTerms(DemoSiteHttpTestCase):
    """A term the text index's query parser would choke on is searched as
    words (as Plone's own search does); one with no words left gets a
    message. A page either way, never a 500."""

    def test_catalogue_page(self):
        pages = self.session(api=False)
        for term in UNUSABLE_TERMS:
            with self.subTest(term=term):
                response = pages.get("layanan", params={"q": term})
                self.assertEqual(response.status_code, 200, response.text[:2000])
                self.assertIn("ptsp-catalogue", response.text)
        # a permit type found by its own title
        response = pages.get("layanan", params={"q": "Surat Izin Praktik (SIP)"})
        self.assertIn("Surat Izin Praktik (SIP) Dokter", response.text)
        self.assertNotIn(TERM_MESSAGE, response.text)
        response = pages.get("layanan", params={"q": "*"})
        self.assertEqual(response.status_code, 200, response.text[:2000])
        self.assertIn(TERM_MESSAGE, response.text)

    def test_regulation_page(self):
        pages = self.session(api=False)
        for term in UNUSABLE_TERMS:
            with self.subTest(term=term):
                response = pages.get("regulasi", params={"q": term})
                self.assertEqual(response.status_code, 200, response.text[:2000])
                self.assertIn("ptsp-regulations", response.text)
        response = pages.get("regulasi", params={"q": "Undang-Undang Nomor 28 (2002)"})
        self.assertIn("Bangunan Gedung", response.text)

    def test_regulations_service(self):
        api = self.session()
        for term in UNUSABLE_TERMS:
            with self.subTest(term=term):
                response = api.get("regulasi/@regulations", params={"q": term})
                self.assertEqual(response.status_code, 200, response.text[:2000])
                self.assertIn("items", response.json())

    def test_a_term_the_parser_cannot_read_is_a_400_for_the_service(self):
        # a bare operator is never a usable term
        response = self.session().get("regulasi/@regulations", params={"q": "*"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["error"]["field"], "q")
        response = self.session(api=False).get("regulasi", params={"q": "*"})
        self.assertEqual(response.status_code, 200, response.text[:2000])
        self.assertIn(TERM_MESSAGE, response.text)


class TestMalformedNumbers(DemoSiteHttpTestCase):
    """``b_start:int=abc`` fails while Zope converts the form, before any
    view runs: a 400 everywhere, Plone's own pages included."""

    def assert_bad_request(self, response):
        self.assertEqual(response.status_code, 400, response.text[:2000])

    def test_pages(self):
        pages = self.session(api=False)
        pages.headers.update({"Accept": "text/html"})
        for path in ("regulasi", "layanan", "@@search", "search_rss"):
            with self.subTest(path=path):
                response = pages.get(f"{path}?b_start:int=abc")
                self.assert_bad_request(response)
                self.assertIn("text/html", response.headers["Content-Type"])
                self.assertNotIn("ValueError", response.text)
        # a number that converts is read as before
        self.assertEqual(pages.get("regulasi?b_start:int=0").status_code, 200)

    def test_other_converters(self):
        pages = self.session(api=False)
        pages.headers.update({"Accept": "text/html"})
        for query in ("x:float=abc", "x:date=nonsense", "x:required="):
            with self.subTest(query=query):
                self.assert_bad_request(pages.get(f"@@search?{query}"))

    def test_rest(self):
        response = self.session().get("regulasi/@regulations?b_start:int=abc")
        self.assert_bad_request(response)
        self.assertEqual(response.json()["type"], "BadRequest")

    def test_plain_b_start(self):
        pages = self.session(api=False)
        for path in ("regulasi", "layanan"):
            with self.subTest(path=path):
                response = pages.get(f"{path}?b_start=abc")
                self.assertEqual(response.status_code, 200, response.text[:2000])


class TestRestCreation(DemoSiteHttpTestCase):
    USERS = {"editor-t7": ["ptsp-editors"], "warga-t7": []}

    def permit_type(self, **kw):
        code = kw.pop("code", f"T7-{uuid.uuid4().hex[:8].upper()}")
        data = {
            "@type": "PermitType",
            "title": f"Izin Uji {code}",
            "code": code,
            "sector": "kesehatan",
        }
        data.update(kw)
        return data

    def test_editor_creates_permit_type(self):
        api = self.session("editor-t7")
        data = self.permit_type()
        response = api.post("layanan", json=data)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["code"], data["code"])
        created = response.json()["@id"]
        # the code now taken, a second permit type with it is refused
        response = api.post("layanan", json=self.permit_type(code=data["code"]))
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn(f"Kode {data['code']} sudah dipakai jenis izin lain.", response.text)
        # the first one keeps its code when edited: its own is no duplicate
        response = api.patch(created, json={"code": data["code"], "fee_amount": 5000})
        self.assertEqual(response.status_code, 204, response.text)

    def test_invalid_requirement_row(self):
        row = {"id": "KTP pemohon", "title": "KTP", "required": True}
        response = self.session("editor-t7").post("layanan", json=self.permit_type(requirements=[row]))
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Gunakan huruf kecil", response.text)

    def test_missing_required_field(self):
        api = self.session("editor-t7")
        for field in ("code", "sector", "title"):
            with self.subTest(field=field):
                data = self.permit_type()
                del data[field]
                response = api.post("layanan", json=data)
                self.assertEqual(response.status_code, 400, response.text)

    def test_editor_creates_regulation(self):
        response = self.session("editor-t7").post(
            "regulasi",
            json={
                "@type": "Regulation",
                "title": "Peraturan Bupati Nomor 7 Tahun 2024 tentang Uji",
                "regulation_type": "perbup-perwali",
                "number": "7",
                "year": 2024,
                "status": "berlaku",
            },
        )
        self.assertEqual(response.status_code, 201, response.text)

    def test_citizen_cannot_create_application_over_plain_rest(self):
        response = self.session("warga-t7").post(
            "permohonan",
            json={"@type": "PermitApplication", "title": "Permohonan"},
        )
        self.assertIn(response.status_code, (401, 403), response.text)
