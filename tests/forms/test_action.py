"""A citizen submits the permit form in the browser: EasyForm's real form
view, our validators and the action "Create permit application"."""

from collective.easyform.api import get_schema
from collective.easyform.api import set_fields
from collective.easyform.interfaces import IActionFactory
from plone import api
from plone.schemaeditor.utils import EditableSchema
from plone.supermodel.interfaces import IFieldExportImportHandler
from ptsp_portal.forms.action import APPLICATION_KEY
from ptsp_portal.forms.action import CreatePermitApplication
from ptsp_portal.forms.action import CreatePermitApplicationAction
from ptsp_portal.forms.interfaces import ICreatePermitApplication
from tests.forms import files
from tests.forms.base import APPLICANT
from tests.forms.base import applications
from tests.forms.base import OfficeTestCase
from tests.forms.base import stray_files
from tests.forms.base import upload
from unittest import mock
from zope.component import getUtility
from zope.i18n import translate
from zope.schema import Date
from zope.schema import TextLine

ROWS = [
    {
        "id": "ktp",
        "title": "KTP",
        "description": "",
        "required": True,
        "file_types": ["pdf", "jpg"],
        "max_size_mb": 5,
    },
    {
        "id": "str",
        "title": "Surat Tanda Registrasi",
        "description": "",
        "required": True,
        "file_types": ["pdf"],
        "max_size_mb": 2,
    },
]


class TestActionRegistration(OfficeTestCase):
    def test_registered_like_easyforms_own_actions(self):
        factory = getUtility(IActionFactory, name="ptsp_portal.forms.action.CreatePermitApplication")
        self.assertIs(factory, CreatePermitApplicationAction)
        self.assertEqual(factory.permission, "ptsp_portal.AddCreateApplicationAction")
        action = factory(__name__="x", title="X", thanks_message="Terima kasih")
        self.assertTrue(ICreatePermitApplication.providedBy(action))
        self.assertEqual(action.thanks_message, "Terima kasih")
        handler = getUtility(
            IFieldExportImportHandler, name="ptsp_portal.forms.action.CreatePermitApplication"
        )
        self.assertIn("thanks_message", handler.fieldAttributes)
        self.assertIn("store_extra_uploads", handler.fieldAttributes)
        # an editor (no Manager) cannot add it by hand; Managers can
        form = self.permit["formulir"]
        self.assertTrue(factory.available(form))
        self.as_user("editor")
        self.assertFalse(factory.available(form))


class TestWebSubmission(OfficeTestCase):
    def setUp(self):
        super().setUp()
        self.set_rows(self.permit, ROWS)
        form = self.permit["formulir"]
        schema = get_schema(form)
        EditableSchema(schema).addField(
            TextLine(__name__="tempat_praktik", title="Tempat praktik", required=True),
            "tempat_praktik",
        )
        EditableSchema(schema).addField(
            Date(__name__="tanggal_mulai", title="Tanggal mulai praktik", required=False),
            "tanggal_mulai",
        )
        set_fields(form, schema)
        self.form = form
        self.run_actions()

    def run_actions(self):
        """Record each run of the action (patched for the test)."""
        self.actions_run = []
        original = CreatePermitApplication.onSuccess

        def on_success(action, fields, request):
            self.actions_run.append(sorted(fields))
            return original(action, fields, request)

        CreatePermitApplication.onSuccess = on_success
        self.addCleanup(setattr, CreatePermitApplication, "onSuccess", original)

    def answers(self, **extra):
        return {**APPLICANT, "tempat_praktik": "Klinik Sehat", "tanggal_mulai": "2026-12-01", **extra}

    def good_uploads(self):
        return {
            "ktp": upload(files.jpeg(), "ktp.jpg", "image/jpeg"),
            "str": upload(files.pdf(), "str.pdf", "application/pdf"),
        }

    def test_valid_submission_creates_the_application_and_redirects_to_thanks(self):
        self.as_user("budi")
        view, request, body = self.post_form(self.form, self.answers(), self.good_uploads())
        form_view = view.form_instance
        self.assertEqual(form_view.widgets.errors, (), [e.message for e in form_view.widgets.errors])
        application = request.get(APPLICATION_KEY)
        self.assertIsNotNone(application, form_view.status)
        self.assertEqual(request.response.getStatus(), 302)
        self.assertIn(
            "@@permohonan-terkirim?nomor=" + application.tracking_number,
            request.response.getHeader("Location"),
        )
        self.assertEqual(application.aq_parent.getId(), "permohonan")
        self.assertEqual(application.applicant_name, "Budi Santoso")
        self.assertEqual(application.applicant_phone, "+6281234567890")
        self.assertEqual(application.permit_type_object(), self.permit)
        self.assertEqual(
            application.form_data,
            {"tempat_praktik": "Klinik Sehat", "tanggal_mulai": "2026-12-01"},
        )
        self.assertEqual(sorted(application.objectIds()), ["ktp", "str"])
        self.assertEqual(application["ktp"].file.contentType, "image/jpeg")
        self.assertEqual(application["str"].file.contentType, "application/pdf")
        self.assertEqual(application["str"].file.data, files.pdf())
        self.assertIn("budi", application.users_with_local_role("Owner"))
        self.assertEqual(application.getOwner().getId(), "budi")
        self.assertIsNotNone(application.submitted)
        self.assertIsNotNone(application.due_date)
        self.assertEqual(api.content.get_state(application), "submitted")
        # EasyForm stored nothing on the form itself
        self.assertFalse(hasattr(self.form.aq_base, "_inputStorage"))

    def test_thanks_page_shows_number_and_link_to_applicant_only(self):
        self.as_user("budi")
        view, request, body = self.post_form(self.form, self.answers(), self.good_uploads())
        application = request.get(APPLICATION_KEY)
        number = application.tracking_number
        thanks = self.form.restrictedTraverse("@@permohonan-terkirim")
        thanks.request.form["nomor"] = number
        html = thanks()
        self.assertIn(number, html)
        self.assertIn(application.absolute_url(), html)
        self.as_user("siti")
        thanks = self.form.restrictedTraverse("@@permohonan-terkirim")
        thanks.request.form["nomor"] = number
        html = thanks()
        self.assertNotIn(application.absolute_url(), html)
        self.assertIn("tidak ditemukan", html)

    def assert_refused(self, uploads, field, *words, answers=None):
        before = len(applications(self.portal))
        self.as_user("budi")
        view, request, body = self.post_form(self.form, answers or self.answers(), uploads)
        form_view = view.form_instance
        self.assertIsNone(request.get(APPLICATION_KEY))
        self.assertNotEqual(request.response.getStatus(), 302)
        errors = {
            e.widget.field.__name__: translate(e.message, context=request) for e in form_view.widgets.errors
        }
        self.assertIn(field, errors, errors)
        for word in words:
            self.assertIn(word, str(errors[field]))
            self.assertIn(word, body)  # shown to the citizen
        # refused while the form was validated, before any action ran
        self.assertEqual(self.actions_run, [])
        # the answers are kept in the form shown again
        self.assertIn("Klinik Sehat", body)
        self.assertIn("Budi Santoso", body)
        self.assertEqual(len(applications(self.portal)), before)
        self.assertEqual(stray_files(self.portal), [])
        return errors

    def test_renamed_executable_refused_by_name(self):
        uploads = self.good_uploads()
        uploads["str"] = upload(files.ELF, "str.pdf", "application/pdf")
        self.assert_refused(uploads, "str", "Surat Tanda Registrasi", "program")
        uploads = self.good_uploads()
        uploads["ktp"] = upload(files.EXE, "ktp.jpg", "image/jpeg")
        self.assert_refused(uploads, "ktp", "KTP", "program")

    def test_html_named_pdf_refused(self):
        uploads = self.good_uploads()
        uploads["str"] = upload(files.HTML, "str.pdf", "application/pdf")
        self.assert_refused(uploads, "str", "Surat Tanda Registrasi", "HTML")

    def test_zip_bomb_named_jpg_refused(self):
        uploads = self.good_uploads()
        uploads["ktp"] = upload(files.zip_bomb(), "ktp.jpg", "image/jpeg")
        self.assert_refused(uploads, "ktp", "KTP", "ZIP")

    def test_empty_and_oversized_refused(self):
        uploads = self.good_uploads()
        uploads["ktp"] = upload(b"", "ktp.jpg", "image/jpeg")
        self.assert_refused(uploads, "ktp")
        uploads = self.good_uploads()
        uploads["str"] = upload(files.pdf(3 * 1024 * 1024), "str.pdf", "application/pdf")
        self.assert_refused(uploads, "str", "Surat Tanda Registrasi", "2 MB")

    def test_type_not_allowed_for_the_row(self):
        uploads = self.good_uploads()
        uploads["str"] = upload(files.jpeg(), "str.jpg", "image/jpeg")
        self.assert_refused(uploads, "str", "Surat Tanda Registrasi", "PDF")

    def test_bad_nik_and_phone_refused_at_their_fields(self):
        errors = self.assert_refused(
            self.good_uploads(),
            "applicant_nik",
            "NIK",
            answers=self.answers(applicant_nik="1234", applicant_phone="12"),
        )
        self.assertIn("applicant_phone", errors)

    def test_missing_required_document(self):
        uploads = self.good_uploads()
        del uploads["str"]
        self.assert_refused(uploads, "str")

    def test_intake_failure_rolls_back_and_shows_the_form_again(self):
        """An error after the checks (here: the applicant account vanished
        between login and intake, after the application and its files were
        made) leaves nothing behind."""
        from ptsp_portal.applications import intake

        def broken(application, user_id):
            raise intake.IntakeError({"applicant": "Akun pemohon tidak ditemukan."})

        before = len(applications(self.portal))
        self.as_user("budi")
        with mock.patch.object(intake, "set_owner", broken):
            view, request, body = self.post_form(self.form, self.answers(), self.good_uploads())
        self.assertIsNone(request.get(APPLICATION_KEY))
        self.assertIn("Akun pemohon tidak ditemukan", view.form_instance.status)
        self.assertIn("Klinik Sehat", body)
        self.assertEqual(len(applications(self.portal)), before)
        self.assertEqual(len(self.portal["permohonan"].objectIds()), before)
        self.assertEqual(stray_files(self.portal), [])

    def test_anonymous_is_sent_to_login(self):
        from AccessControl import Unauthorized

        self.as_user(None)
        with self.assertRaises(Unauthorized):
            self.post_form(self.form, self.answers(), self.good_uploads())
        self.assertEqual(len(applications(self.portal)), 0)

    def test_offline_permit_type_closes_the_form(self):
        self.as_manager()
        self.permit.online = False
        self.as_user("budi")
        view, request, body = self.post_form(self.form, self.answers(), self.good_uploads())
        self.assertEqual(request.response.getStatus(), 302)
        self.assertEqual(request.response.getHeader("Location"), self.permit.absolute_url())
        self.assertEqual(len(applications(self.portal)), 0)

    def test_form_renders_prefilled_from_profile(self):
        member = api.user.get("budi")
        member.setMemberProperties({"fullname": "Budi Santoso Prefill"})
        self.as_user("budi")
        request = self.layer["request"]
        from ptsp_portal.interfaces import IBrowserLayer
        from zope.interface import alsoProvides

        alsoProvides(request, IBrowserLayer)
        html = self.form.restrictedTraverse("@@view")()
        self.assertIn("Budi Santoso Prefill", html)
        self.assertIn('name="form.widgets.ktp"', html)
