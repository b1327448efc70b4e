"""Saved drafts on the permit form (issue 17), through EasyForm's real form
view: "Simpan sebagai draf" keeps incomplete answers and checked documents,
``?draf=`` fills the form again (documents shown as already uploaded and
kept), submitting it files the application and removes the draft."""

from collective.easyform.api import get_schema
from collective.easyform.api import set_fields
from plone.protect.authenticator import createToken
from plone.schemaeditor.utils import EditableSchema
from ptsp_portal.drafts import store
from ptsp_portal.forms.action import APPLICATION_KEY
from ptsp_portal.forms.view import DRAFT_SAVED_KEY
from ptsp_portal.interfaces import IBrowserLayer
from tests.forms import files
from tests.forms.base import APPLICANT
from tests.forms.base import applications
from tests.forms.base import OfficeTestCase
from tests.forms.base import upload
from tests.forms.test_action import ROWS
from z3c.form.interfaces import IFormLayer
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.globalrequest import setRequest
from zope.interface import alsoProvides
from zope.schema import Choice
from zope.schema import TextLine


class TestDraftOnTheForm(OfficeTestCase):
    def setUp(self):
        super().setUp()
        self.set_rows(self.permit, ROWS)
        form = self.permit["formulir"]
        schema = get_schema(form)
        EditableSchema(schema).addField(
            TextLine(__name__="tempat_praktik", title="Tempat praktik", required=True), "tempat_praktik"
        )
        EditableSchema(schema).addField(
            Choice(__name__="shift", title="Jadwal", values=["pagi", "sore"], required=True), "shift"
        )
        set_fields(form, schema)
        self.form = form

    def make_request(self, method="GET", form=None):
        request = self.layer["request"].clone()
        request.method = method
        request["REQUEST_METHOD"] = method
        alsoProvides(request, IBrowserLayer, IFormLayer, IAttributeAnnotatable)
        for key, value in (form or {}).items():
            request.form[key] = value
            request[key] = value
        setRequest(request)
        return request

    def call(self, request):
        view = self.form.restrictedTraverse("@@view")
        view.request = request
        view.form_instance.request = request
        body = view()
        return view.form_instance, body

    def post(self, button, answers, uploads=None, draft_id=None):
        values = {f"form.widgets.{k}": v for k, v in answers.items()}
        for name, file_upload in (uploads or {}).items():
            values[f"form.widgets.{name}"] = file_upload
        values[f"form.buttons.{button}"] = "x"
        values["_authenticator"] = createToken()
        if draft_id:
            values["draf"] = draft_id
        return self.call(self.make_request("POST", values))

    def open(self, draft_id):
        return self.call(self.make_request("GET", {"draf": draft_id}))

    def save_half(self):
        """Half-way: a wrong phone, no NIK, a shift chosen, the KTP chosen."""
        answers = {
            **APPLICANT,
            "applicant_nik": "",
            "applicant_phone": "bukan nomor",
            "tempat_praktik": "Klinik Draf",
            "shift": ["sore"],
            "shift-empty-marker": "1",
        }
        form, body = self.post("save_draft", answers, {"ktp": upload(files.jpeg(), "ktp.jpg", "image/jpeg")})
        draft = form.request.get(DRAFT_SAVED_KEY)
        self.assertIsNotNone(draft, form.status)
        return form, draft

    def test_save_then_resume_then_submit(self):
        self.as_user("budi")
        before = len(applications(self.portal))
        form, draft = self.save_half()
        self.assertEqual(form.request.response.getStatus(), 302)
        self.assertTrue(form.request.response.getHeader("Location").endswith(f"?draf={draft.draft_id}"))
        self.assertEqual(len(applications(self.portal)), before)  # nothing filed
        self.assertEqual(sorted(draft.documents), ["ktp"])
        self.assertEqual(draft.answers["applicant_phone"], "bukan nomor")  # kept as typed
        self.assertEqual(draft.answers["shift"], "sore")  # by token, as @apply takes it
        self.assertEqual(draft.answers["tempat_praktik"], "Klinik Draf")

        # opening it again: answers in place, the KTP shown as uploaded and not required
        form, body = self.open(draft.draft_id)
        self.assertIn('value="Klinik Draf"', body)
        self.assertIn('value="bukan nomor"', body)
        self.assertIn("ktp.jpg", form.fields["ktp"].field.description)  # "Sudah diunggah di draf: ..."
        self.assertIn(form.fields["ktp"].field.description.split(" ")[0], body)
        self.assertIn("ktp.jpg", body)
        self.assertFalse(form.fields["ktp"].field.required)
        self.assertTrue(form.fields["str"].field.required)
        self.assertIn(f"?draf={draft.draft_id}", form.action())
        self.assertIn('name="form.buttons.save_draft"', body)

        # submitting with a wrong answer: the form's errors, the draft stays
        answers = {**APPLICANT, "tempat_praktik": "Klinik Draf", "shift": ["sore"], "shift-empty-marker": "1"}
        str_upload = {"str": upload(files.pdf(), "str.pdf", "application/pdf")}
        form, body = self.post("submit", {**answers, "applicant_phone": "x"}, str_upload, draft.draft_id)
        self.assertIsNone(form.request.get(APPLICATION_KEY))
        self.assertIsNotNone(store.get_draft("budi", draft.draft_id))

        # complete: filed with the draft's KTP, the draft gone
        str_upload = {"str": upload(files.pdf(), "str.pdf", "application/pdf")}
        form, body = self.post("submit", answers, str_upload, draft.draft_id)
        application = form.request.get(APPLICATION_KEY)
        self.assertIsNotNone(application, [e.message for e in form.widgets.errors] or form.status)
        self.assertEqual(sorted(application.objectIds()), ["ktp", "str"])
        self.assertEqual(application["ktp"].file.data, files.jpeg())
        self.assertEqual(application.form_data["shift"], "sore")
        self.assertTrue(application.tracking_number)
        self.assertIsNone(store.get_draft("budi", draft.draft_id))
        self.assertEqual(len(applications(self.portal)), before + 1)

    def test_saving_again_updates_and_keeps_the_documents(self):
        self.as_user("budi")
        _form, draft = self.save_half()
        answers = {**APPLICANT, "tempat_praktik": "Klinik Baru"}
        form, _body = self.post(
            "save_draft", answers, {"str": upload(files.pdf(), "str.pdf", "application/pdf")}, draft.draft_id
        )
        again = form.request.get(DRAFT_SAVED_KEY)
        self.assertIs(again, draft)
        self.assertEqual(sorted(draft.documents), ["ktp", "str"])
        self.assertEqual(draft.answers["tempat_praktik"], "Klinik Baru")
        self.assertEqual(len(store.list_drafts("budi")), 1)

    def test_a_document_that_fails_the_checks_saves_nothing(self):
        self.as_user("budi")
        form, body = self.post(
            "save_draft",
            {**APPLICANT},
            {"str": upload(b"PK\x03\x04" + b"\x00" * 100, "str.pdf", "application/pdf")},
        )
        self.assertIsNone(form.request.get(DRAFT_SAVED_KEY))
        self.assertIn("Surat Tanda Registrasi", body)
        self.assertEqual(store.list_drafts("budi"), [])

    def test_another_account_opening_the_draft_gets_an_empty_form(self):
        self.as_user("budi")
        _form, draft = self.save_half()
        self.as_user("siti")
        form, body = self.open(draft.draft_id)
        self.assertIsNone(form.draft)
        self.assertNotIn("Klinik Draf", body)
        self.assertNotIn("ktp.jpg", body)
        self.assertNotIn("draf=", form.action())
        # submitting with its id files nothing from it
        answers = {**APPLICANT, "tempat_praktik": "X", "shift": ["pagi"], "shift-empty-marker": "1"}
        form, body = self.post(
            "submit", answers, {"str": upload(files.pdf(), "str.pdf", "application/pdf")}, draft.draft_id
        )
        self.assertIsNone(form.request.get(APPLICATION_KEY))
        self.assertIsNotNone(store.get_draft("budi", draft.draft_id))
