"""``@apply`` over HTTP on the demo site: GET the form, POST applications,
every error, and who may see the result."""

from plone.restapi.testing import RelativeSession
from ptsp_portal.testing import SITE_ID
from tests.base import DemoSiteHttpTestCase
from tests.base import PASSWORD
from tests.forms import files
from tests.forms.base import APPLICANT

import base64
import transaction

PERMIT = "layanan/surat-izin-praktik-bidan"


def document(data, filename, content_type):
    return {
        "data": base64.b64encode(data).decode("ascii"),
        "encoding": "base64",
        "filename": filename,
        "content-type": content_type,
    }


class RestTestCase(DemoSiteHttpTestCase):
    USERS = {"warga-a": (), "warga-b": (), "editor": ("ptsp-editors",)}
    FULLNAME = "Warga {user_id}"

    def get(self, url):
        """The object at ``url`` (of the server), as the test sees it."""
        self.portal._p_jar.sync()
        path = url.split(f"/{SITE_ID}/", 1)[1]
        return self.portal.unrestrictedTraverse(path)

    def applications(self):
        self.portal._p_jar.sync()
        return self.portal.portal_catalog.unrestrictedSearchResults(portal_type="PermitApplication")

    def payload(self, session, path=PERMIT, **overrides):
        """A complete, valid body built from what ``GET @apply`` says."""
        description = session.get(f"{path}/@apply").json()
        body = dict(APPLICANT)
        for field in description["fields"]:
            if field["type"] != "file" or not field["required"]:
                continue
            if "pdf" in field["file_types"]:
                body[field["id"]] = document(files.pdf(), f"{field['id']}.pdf", "application/pdf")
            else:
                body[field["id"]] = document(files.jpeg(), f"{field['id']}.jpg", "image/jpeg")
        body.update(overrides)
        return {k: v for k, v in body.items() if v is not None}


class TestApplyGet(RestTestCase):
    def test_anonymous_gets_the_fields(self):
        response = self.session().get(f"{PERMIT}/@apply")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertTrue(data["online"])
        fields = {f["id"]: f for f in data["fields"]}
        for name in APPLICANT:
            self.assertIn(name, fields)
            self.assertTrue(fields[name]["required"])
        self.assertEqual(fields["applicant_address"]["type"], "text")
        ktp = fields["ktp"]
        self.assertEqual(ktp["type"], "file")
        self.assertTrue(ktp["required"])
        self.assertEqual(ktp["file_types"], ["pdf", "jpg", "png"])
        self.assertEqual(ktp["accept"], ["application/pdf", "image/jpeg", "image/png"])
        self.assertEqual(ktp["max_size_mb"], 5)
        self.assertEqual(fields["pasfoto"]["file_types"], ["jpg", "png"])
        self.assertEqual(fields["pasfoto"]["max_size_mb"], 2)
        self.assertFalse(fields["keterangan-fasyankes"]["required"])
        self.assertNotIn("default", fields["applicant_name"])

    def test_citizen_gets_defaults_from_profile(self):
        data = self.session("warga-a").get(f"{PERMIT}/@apply").json()
        fields = {f["id"]: f for f in data["fields"]}
        self.assertEqual(fields["applicant_name"]["default"], "Warga warga-a")
        self.assertEqual(fields["applicant_email"]["default"], "warga-a@example.org")

    def test_choices_of_an_editor_question(self):
        from collective.easyform.api import get_schema
        from collective.easyform.api import set_fields
        from plone.schemaeditor.utils import EditableSchema
        from zope.schema import Choice

        form = self.portal.unrestrictedTraverse(PERMIT)["formulir"]
        schema = get_schema(form)
        EditableSchema(schema).addField(
            Choice(__name__="shift", title="Jadwal praktik", values=["pagi", "sore"], required=True),
            "shift",
        )
        set_fields(form, schema)
        transaction.commit()
        fields = {f["id"]: f for f in self.session().get(f"{PERMIT}/@apply").json()["fields"]}
        self.assertEqual(fields["shift"]["type"], "choice")
        self.assertEqual([c["token"] for c in fields["shift"]["choices"]], ["pagi", "sore"])


class TestApplyPost(RestTestCase):
    def post(self, user_id, body, path=PERMIT):
        return self.session(user_id).post(f"{path}/@apply", json=body)

    def assert_400(self, response, *fields):
        self.assertEqual(response.status_code, 400, response.text)
        error = response.json()["error"]
        self.assertEqual(error["type"], "ValidationError")
        self.assertTrue(error["message"])
        got = {e["field"]: e["message"] for e in error["errors"]}
        for field in fields:
            self.assertIn(field, got)
        return got

    def test_success_201_then_a_second_with_another_number(self):
        before = len(self.applications())
        session = self.session("warga-a")
        response = self.post("warga-a", self.payload(session))
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        self.assertEqual(set(data), {"@id", "tracking_number", "review_state", "due_date"})
        self.assertEqual(data["review_state"], "submitted")
        self.assertRegex(data["tracking_number"], r"^[A-Z][A-Z0-9]*-\d{4}-\d{6}$")
        self.assertTrue(data["due_date"])
        self.assertEqual(response.headers["Location"], data["@id"])
        applications = self.applications()
        self.assertEqual(len(applications), before + 1)
        application = self.get(data["@id"])
        self.assertEqual(application.getOwner().getId(), "warga-a")
        self.assertEqual(
            sorted(application.objectIds()),
            sorted(["ktp", "strb", "surat-sehat", "tempat-praktik", "pasfoto"]),
        )
        self.assertEqual(application["pasfoto"].file.contentType, "image/jpeg")
        second = self.post("warga-a", self.payload(session))
        self.assertEqual(second.status_code, 201, second.text)
        self.assertNotEqual(second.json()["tracking_number"], data["tracking_number"])

    def test_documents_are_written_before_writing_alone(self):
        """The blobs' bytes go to their files before the submission takes
        the one-writer lock (``applications.writing``): other submissions do
        not wait for them; each stored document holds what was sent."""
        from ptsp_portal.applications import intake
        from ptsp_portal.applications import writing
        from unittest import mock

        made = []
        original = intake.stored_file

        def stored_file(filename, content_type, payload):
            made.append((filename, writing._lock.locked(), isinstance(payload, bytes)))
            return original(filename, content_type, payload)

        session = self.session("warga-a")
        body = self.payload(session)
        with mock.patch.object(intake, "stored_file", stored_file):
            response = self.post("warga-a", body)
        self.assertEqual(response.status_code, 201, response.text)
        made_from_bytes = [(name, locked) for name, locked, from_bytes in made if from_bytes]
        self.assertEqual(len(made_from_bytes), 5, made)
        self.assertEqual([locked for _name, locked in made_from_bytes], [False] * 5)
        application = self.get(response.json()["@id"])
        for document_id in ("ktp", "strb", "surat-sehat", "tempat-praktik", "pasfoto"):
            sent = base64.b64decode(body[document_id]["data"])
            self.assertEqual(application[document_id].file.data, sent, document_id)

    def test_anonymous_401_and_nothing_created(self):
        before = len(self.applications())
        body = self.payload(self.session())
        response = self.session().post(f"{PERMIT}/@apply", json=body)
        self.assertEqual(response.status_code, 401, response.text)
        self.assertEqual(response.json()["error"]["type"], "Unauthorized")
        self.assertEqual(len(self.applications()), before)

    def bad_document(self, field, data, filename, content_type, *words):
        before = len(self.applications())
        session = self.session("warga-a")
        body = self.payload(session, **{field: document(data, filename, content_type)})
        got = self.assert_400(self.post("warga-a", body), field)
        for word in words:
            self.assertIn(word, got[field])
        self.assertEqual(len(self.applications()), before)
        return got

    def test_renamed_executable(self):
        self.bad_document(
            "strb", files.ELF, "strb.pdf", "application/pdf", "Surat Tanda Registrasi Bidan", "program"
        )
        self.bad_document("ktp", files.EXE, "ktp.pdf", "application/pdf", "KTP-el", "program")

    def test_html_named_pdf(self):
        self.bad_document("strb", files.HTML, "strb.pdf", "application/pdf", "HTML")

    def test_zip_bomb_named_jpg(self):
        self.bad_document("pasfoto", files.zip_bomb(), "foto.jpg", "image/jpeg", "ZIP")

    def test_empty_oversized_and_wrong_type(self):
        self.bad_document("ktp", b"", "ktp.pdf", "application/pdf", "kosong")
        self.bad_document("ktp", files.pdf(6 * 1024 * 1024), "ktp.pdf", "application/pdf", "5 MB")
        self.bad_document(
            "pasfoto", files.png(2000, 1200) + b"\x00" * (2 * 1024 * 1024), "foto.png", "image/png", "2 MB"
        )
        self.bad_document("strb", files.jpeg(), "strb.jpg", "image/jpeg", "PDF")
        self.bad_document("pasfoto", files.truncated_jpeg(), "foto.jpg", "image/jpeg", "rusak")

    def test_bad_base64(self):
        session = self.session("warga-a")
        body = self.payload(
            session,
            ktp={
                "data": "@@@ bukan base64",
                "encoding": "base64",
                "filename": "ktp.pdf",
                "content-type": "application/pdf",
            },
        )
        self.assert_400(self.post("warga-a", body), "ktp")

    def test_applicant_fields_one_message_each(self):
        session = self.session("warga-a")
        body = self.payload(
            session,
            applicant_nik="1234",
            applicant_phone="abc",
            applicant_email="bukan-email",
            applicant_name=None,
        )
        got = self.assert_400(self.post("warga-a", body), "applicant_nik", "applicant_phone")
        # name and email are the account's, whatever the body says
        self.assertNotIn("applicant_email", got)
        self.assertNotIn("applicant_name", got)
        self.assertIn("NIK", got["applicant_nik"])
        self.assertIn("telepon", got["applicant_phone"])

    def test_missing_document_and_unknown_field(self):
        session = self.session("warga-a")
        body = self.payload(session, strb=None, tidak_ada="x")
        got = self.assert_400(self.post("warga-a", body), "strb", "tidak_ada")
        self.assertIn("wajib", got["strb"])

    def test_not_json(self):
        response = self.session("warga-a").post(
            f"{PERMIT}/@apply", data=b"{bukan json", headers={"Content-Type": "application/json"}
        )
        self.assertEqual(response.status_code, 400, response.text)

    def test_offline_permit_type(self):
        path = "layanan/sertifikat-laik-fungsi"
        before = len(self.applications())
        response = self.post("warga-a", dict(APPLICANT), path=path)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("daring", response.json()["error"]["message"])
        self.assertEqual(len(self.applications()), before)

    def test_other_answers_go_to_form_data(self):
        from collective.easyform.api import get_schema
        from collective.easyform.api import set_fields
        from plone.schemaeditor.utils import EditableSchema
        from zope.schema import Choice
        from zope.schema import Date
        from zope.schema import Int

        form = self.portal.unrestrictedTraverse(PERMIT)["formulir"]
        schema = get_schema(form)
        editable = EditableSchema(schema)
        editable.addField(Choice(__name__="shift", title="Jadwal", values=["pagi", "sore"]), "shift")
        editable.addField(Date(__name__="mulai", title="Mulai", required=False), "mulai")
        editable.addField(Int(__name__="pasien", title="Pasien per hari", required=False, min=1), "pasien")
        set_fields(form, schema)
        transaction.commit()
        session = self.session("warga-a")
        self.assert_400(
            self.post("warga-a", self.payload(session, shift="malam", mulai="kemarin", pasien=0)),
            "shift",
            "mulai",
            "pasien",
        )
        response = self.post("warga-a", self.payload(session, shift="sore", mulai="2026-12-01", pasien=12))
        self.assertEqual(response.status_code, 201, response.text)
        url = response.json()["@id"]
        application = self.get(url)
        self.assertEqual(application.form_data, {"shift": "sore", "mulai": "2026-12-01", "pasien": 12})

    def test_others_cannot_read_the_application_or_its_files(self):
        session = self.session("warga-a")
        response = self.post("warga-a", self.payload(session))
        self.assertEqual(response.status_code, 201, response.text)
        url = response.json()["@id"]
        path = url.split(f"/{SITE_ID}/", 1)[1]
        download = f"{url}/ktp/@@download/file"
        # the applicant can
        self.assertEqual(self.session("warga-a").get(path).status_code, 200)
        own = RelativeSession(download)
        own.auth = ("warga-a", PASSWORD)
        self.addCleanup(own.close)
        self.assertEqual(own.get(download, allow_redirects=False).status_code, 200)
        for user_id in ("warga-b", None, "editor"):
            with self.subTest(user=user_id):
                response = self.session(user_id).get(path)
                self.assertIn(response.status_code, (401, 403, 404), response.text)
                self.assertNotIn(APPLICANT["applicant_nik"], response.text)
                other = RelativeSession(download)
                if user_id:
                    other.auth = (user_id, PASSWORD)
                self.addCleanup(other.close)
                got = other.get(download, allow_redirects=False)
                self.assertNotEqual(got.status_code, 200)
                self.assertNotIn(b"%PDF", got.content)
                # nor through the thanks page of the form
                thanks = RelativeSession(self.site_url)
                if user_id:
                    thanks.auth = (user_id, PASSWORD)
                self.addCleanup(thanks.close)
                number = url.rsplit("/", 1)[1].upper()
                page = thanks.get(
                    f"{PERMIT}/formulir/@@permohonan-terkirim?nomor={number}", allow_redirects=False
                )
                self.assertNotIn(url, page.text)
