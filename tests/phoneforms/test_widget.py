"""The upload widget of the permit form (issue 16 §5, §1's `label`): the
field's label names the <input type=file>, ``accept`` and ``capture`` come
from the requirement row, the size/type hint is shown before the input and
named by ``aria-describedby``; a file sent with a failed submission is kept
behind an accessible keep / replace / remove choice.  And the error summary
at the top of a failed form, its links pointing at existing inputs."""

from lxml import html as lxml_html
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.phoneforms import upload
from tests.forms import files
from tests.forms.base import APPLICANT
from tests.forms.base import OfficeTestCase
from tests.forms.base import upload as file_upload
from zope.interface import alsoProvides

import unittest

ROWS = [
    {
        "id": "ktp",
        "title": "KTP",
        "description": "KTP pemohon yang masih berlaku.",
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
    {
        "id": "pasfoto",
        "title": "Pas foto",
        "description": "",
        "required": False,
        "file_types": ["jpg", "png"],
        "max_size_mb": 2,
    },
]


class TestSlotRules(unittest.TestCase):
    def test_accept_lists_mime_types_and_extensions(self):
        self.assertEqual(upload.accept_value(["pdf"]), "application/pdf,.pdf")
        self.assertEqual(
            upload.accept_value(["jpg", "png"]),
            "image/jpeg,.jpg,.jpeg,image/png,.png",
        )

    def test_photo_slot_is_images_only(self):
        self.assertTrue(upload.is_photo_slot(["jpg"]))
        self.assertTrue(upload.is_photo_slot(["jpg", "png"]))
        self.assertFalse(upload.is_photo_slot(["pdf", "jpg"]))
        self.assertFalse(upload.is_photo_slot([]))


class WidgetTestCase(OfficeTestCase):
    def setUp(self):
        super().setUp()
        self.set_rows(self.permit, ROWS)
        self.form = self.permit["formulir"]

    def get_form(self):
        self.as_user("budi")
        request = self.layer["request"]
        alsoProvides(request, IBrowserLayer)
        return lxml_html.fromstring(self.form.restrictedTraverse("@@view")())

    def post(self, answers, uploads):
        self.as_user("budi")
        view, request, body = self.post_form(self.form, answers, uploads)
        return lxml_html.fromstring(body)

    def file_input(self, doc, row_id):
        inputs = doc.xpath(f"//input[@type='file'][@name='form.widgets.{row_id}']")
        self.assertEqual(len(inputs), 1)
        return inputs[0]


class TestUploadWidget(WidgetTestCase):
    def test_label_names_the_file_input(self):
        doc = self.get_form()
        for row in ROWS:
            field = self.file_input(doc, row["id"])
            labels = doc.xpath(f"//label[@for='{field.get('id')}']")
            self.assertEqual(len(labels), 1, row["id"])
            self.assertIn(row["title"], labels[0].text_content())
            # the id is on the input only
            self.assertEqual(len(doc.xpath(f"//*[@id='{field.get('id')}']")), 1)

    def test_accept_and_capture_from_the_row(self):
        doc = self.get_form()
        self.assertEqual(
            self.file_input(doc, "ktp").get("accept"), "application/pdf,.pdf,image/jpeg,.jpg,.jpeg"
        )
        self.assertEqual(self.file_input(doc, "str").get("accept"), "application/pdf,.pdf")
        self.assertEqual(
            self.file_input(doc, "pasfoto").get("accept"), "image/jpeg,.jpg,.jpeg,image/png,.png"
        )
        self.assertIsNone(self.file_input(doc, "ktp").get("capture"))
        self.assertIsNone(self.file_input(doc, "str").get("capture"))
        self.assertEqual(self.file_input(doc, "pasfoto").get("capture"), "environment")

    def test_hint_before_the_input_and_described_by(self):
        doc = self.get_form()
        expected = {
            "ktp": "PDF atau JPG, maks. 5 MB",
            "str": "PDF, maks. 2 MB",
            "pasfoto": "JPG atau PNG, maks. 2 MB",
        }
        for row_id, text in expected.items():
            field = self.file_input(doc, row_id)
            ids = field.get("aria-describedby").split()
            hint = doc.get_element_by_id(ids[0])
            self.assertEqual(hint.text_content().strip(), text)
            # shown before the input, in the same widget
            self.assertIs(hint.getparent(), field.getparent())
            self.assertLess(hint.getparent().index(hint), field.getparent().index(field))
            for describing in ids:
                self.assertIsNotNone(doc.get_element_by_id(describing, None), describing)

    def test_row_description_kept_without_the_rules_twice(self):
        doc = self.get_form()
        field = self.file_input(doc, "ktp")
        ids = field.get("aria-describedby").split()
        self.assertEqual(len(ids), 2)
        self.assertEqual(
            doc.get_element_by_id(ids[1]).text_content().strip(), "KTP pemohon yang masih berlaku."
        )
        wrapper = doc.get_element_by_id("formfield-form-widgets-ktp")
        self.assertNotIn("ukuran maksimum", wrapper.text_content())
        self.assertEqual(len(self.file_input(doc, "str").get("aria-describedby").split()), 1)

    def test_site_limit_caps_the_hint(self):
        from plone import api

        self.as_manager()
        api.portal.set_registry_record("ptsp_portal.upload_hard_cap_mb", 3)
        rows = [dict(ROWS[0], max_size_mb=10), *ROWS[1:]]
        self.set_rows(self.permit, rows)
        doc = self.get_form()
        hint_id = self.file_input(doc, "ktp").get("aria-describedby").split()[0]
        self.assertEqual(doc.get_element_by_id(hint_id).text_content().strip(), "PDF atau JPG, maks. 3 MB")

    def test_file_sent_with_a_failed_submit_is_kept_accessibly(self):
        answers = dict(APPLICANT, applicant_nik="123")
        doc = self.post(answers, {"ktp": file_upload(files.jpeg(), "ktp.jpg", "image/jpeg")})
        field = self.file_input(doc, "ktp")
        # kept: the input is off until "replace" is chosen
        self.assertEqual(field.get("disabled"), "disabled")
        self.assertEqual(len(doc.xpath("//input[@name='form.widgets.ktp.file_upload_id']")), 1)
        fieldset = doc.xpath("//fieldset[contains(@class, 'ptsp-upload-existing')]")[0]
        self.assertIn("ktp.jpg", fieldset.xpath("legend")[0].text_content())
        radios = fieldset.xpath(".//input[@type='radio'][@name='form.widgets.ktp.action']")
        self.assertEqual([r.get("value") for r in radios], ["nochange", "replace"])  # required: no "remove"
        for radio in radios:
            self.assertEqual(len(doc.xpath(f"//label[@for='{radio.get('id')}']")), 1)
        self.assertEqual(radios[0].get("checked"), "checked")
        labels = doc.xpath(f"//label[@for='{field.get('id')}']")
        self.assertEqual(len(labels), 1)
        self.assertIn("KTP", labels[0].text_content())
        # a field in error says so
        self.assertEqual(self.file_input(doc, "str").get("aria-invalid"), "true")


class TestErrorSummary(WidgetTestCase):
    def test_no_summary_on_a_fresh_form(self):
        doc = self.get_form()
        self.assertEqual(doc.xpath("//*[@id='ptsp-error-summary']"), [])

    def test_summary_links_point_at_the_inputs_in_error(self):
        answers = dict(APPLICANT, applicant_nik="123", applicant_phone="12")
        doc = self.post(answers, {"ktp": file_upload(files.jpeg(), "ktp.jpg", "image/jpeg")})
        summary = doc.get_element_by_id("ptsp-error-summary")
        self.assertEqual(summary.get("tabindex"), "-1")
        self.assertIsNotNone(summary.get("autofocus"))
        alert = summary.xpath("div[@role='alert']")[0]
        # Indonesian, or English where the request asks for it
        self.assertIn(alert.xpath("h2")[0].text_content().strip(), ("Ada masalah", "There is a problem"))
        links = alert.xpath(".//ul/li/a")
        targets = [a.get("href") for a in links]
        self.assertEqual(
            targets,
            ["#form-widgets-applicant_nik", "#form-widgets-applicant_phone", "#form-widgets-str"],
        )
        for link in links:
            target = doc.get_element_by_id(link.get("href")[1:])
            self.assertEqual(target.tag, "input")
            self.assertTrue(link.text_content().strip())
        self.assertIn("NIK", links[0].text_content())
        self.assertIn("Surat Tanda Registrasi", links[2].text_content())
        self.assertEqual(self.file_input(doc, "str").get("id"), "form-widgets-str")
        # one banner only, and the form does not move the focus to a field
        self.assertEqual(doc.xpath("//*[contains(@class, 'statusmessage-error')]"), [])
        form = doc.xpath("//form[@id='form']")[0]
        self.assertNotIn("pat-formautofocus", form.get("class"))
        # the answers stay
        self.assertEqual(
            doc.get_element_by_id("form-widgets-applicant_name").get("value"), APPLICANT["applicant_name"]
        )
