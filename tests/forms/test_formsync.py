"""Each online permit type holds a form whose file fields follow its rows."""

from AccessControl import getSecurityManager
from collective.easyform.api import get_actions
from collective.easyform.api import get_schema
from collective.easyform.api import set_fields
from plone import api
from plone.namedfile.field import NamedBlobFile
from plone.schemaeditor.utils import EditableSchema
from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.forms.action import CreatePermitApplication
from ptsp_portal.forms.formsync import ensure_forms
from ptsp_portal.forms.interfaces import IPermitForm
from tests.forms.base import OfficeTestCase
from zope.lifecycleevent import modified
from zope.schema import getFieldNamesInOrder
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
        "description": "STR yang berlaku.",
        "required": True,
        "file_types": ["pdf"],
        "max_size_mb": 2,
    },
    {
        "id": "foto",
        "title": "Pas foto",
        "description": "",
        "required": False,
        "file_types": ["jpg", "png"],
        "max_size_mb": None,
    },
]


class TestFormSync(OfficeTestCase):
    def form(self):
        return self.permit["formulir"]

    def test_online_permit_type_gets_a_form_with_applicant_and_file_fields(self):
        form = self.form()
        self.assertTrue(IPermitForm.providedBy(form))
        self.assertEqual(form.portal_type, "EasyForm")
        schema = get_schema(form)
        names = getFieldNamesInOrder(schema)
        self.assertEqual(names[:5], list(APPLICANT_FIELDS))
        self.assertEqual(names[5:], ["ktp"])
        self.assertIsInstance(schema["ktp"], NamedBlobFile)
        self.assertTrue(schema["ktp"].required)
        self.assertIn("5 MB", schema["ktp"].description)
        self.assertIn("PDF", schema["ktp"].description)
        self.assertIn("JPEG", schema["ktp"].description)
        # prefilled from the member profile by EasyForm default expressions
        self.assertIn("member.getProperty('nik', '')", form.fields_model)
        self.assertIn("ptsp_portal.nik", form.fields_model)
        actions = get_actions(form)
        self.assertEqual([type(actions[n]) for n in actions.names()], [CreatePermitApplication])

    def test_form_has_the_office_workflow_and_follows_permit_type_visibility(self):
        form = self.form()
        workflow_tool = api.portal.get_tool("portal_workflow")
        self.assertEqual(workflow_tool.getChainFor(form), ("ptsp_permit_form_workflow",))
        self.assertEqual(api.content.get_state(form), "office")
        # other EasyForms keep the type's chain
        self.assertNotIn("ptsp_permit_form_workflow", workflow_tool.getChainForPortalType("EasyForm"))
        self.as_user(None)
        self.assertTrue(getSecurityManager().checkPermission("View", form))
        self.as_manager()
        api.content.transition(self.permit, to_state="private")
        self.as_user(None)
        self.assertFalse(getSecurityManager().checkPermission("View", form))

    def test_rows_added_removed_changed_follow_and_extra_question_survives(self):
        form = self.form()
        # an editor adds a question of their own with EasyForm's editor
        schema = get_schema(form)
        EditableSchema(schema).addField(
            TextLine(__name__="tempat_praktik", title="Tempat praktik", required=True),
            "tempat_praktik",
        )
        set_fields(form, schema)
        self.set_rows(self.permit, ROWS)
        schema = get_schema(form)
        names = getFieldNamesInOrder(schema)
        self.assertEqual(names, [*APPLICANT_FIELDS, "ktp", "str", "foto", "tempat_praktik"])
        self.assertEqual(schema["str"].title, "Surat Tanda Registrasi")
        self.assertTrue(schema["str"].description.startswith("STR yang berlaku."))
        self.assertIn("2 MB", schema["str"].description)
        self.assertFalse(schema["foto"].required)
        # change one row, remove another
        rows = [dict(ROWS[0], title="KTP elektronik", required=False), ROWS[2]]
        self.set_rows(self.permit, rows)
        schema = get_schema(form)
        self.assertEqual(getFieldNamesInOrder(schema), [*APPLICANT_FIELDS, "ktp", "foto", "tempat_praktik"])
        self.assertEqual(schema["ktp"].title, "KTP elektronik")
        self.assertFalse(schema["ktp"].required)
        self.assertEqual(schema["tempat_praktik"].title, "Tempat praktik")
        self.assertTrue(schema["tempat_praktik"].required)

    def test_editor_reordering_keeps_block_position(self):
        form = self.form()
        schema = get_schema(form)
        EditableSchema(schema).addField(TextLine(__name__="catatan", title="Catatan"), "catatan")
        # the editor moves the question before the documents
        order = [*APPLICANT_FIELDS, "catatan", "ktp"]
        for index, name in enumerate(order):
            schema[name].order = index
        set_fields(form, schema)
        self.set_rows(self.permit, ROWS)
        self.assertEqual(
            getFieldNamesInOrder(get_schema(form)),
            [*APPLICANT_FIELDS, "catatan", "ktp", "str", "foto"],
        )

    def test_unchanged_rows_do_not_rewrite_the_form(self):
        form = self.form()
        before = form.fields_model
        modified(self.permit)
        self.assertEqual(form.fields_model, before)

    def test_offline_permit_type_gets_no_form_until_set_online(self):
        permit = api.content.create(
            container=self.layanan,
            type="PermitType",
            id="izin-luring",
            title="Izin Luring",
            code="LURING",
            sector="usaha",
            online=False,
            requirements=ROWS[:1],
        )
        self.assertNotIn("formulir", permit)
        permit.online = True
        modified(permit)
        self.assertIn("formulir", permit)
        self.assertIn("ktp", get_schema(permit["formulir"]))
        # set offline again: the form and its questions are kept
        permit.online = False
        modified(permit)
        self.assertIn("formulir", permit)

    def test_action_is_added_back_and_foreign_actions_removed(self):
        form = self.form()
        form.actions_model = (
            '<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema>'
            '<field name="mailer" type="collective.easyform.actions.Mailer">'
            "<title>Mailer</title></field></schema></model>"
        )
        ensure_forms(self.portal)
        actions = get_actions(form)
        self.assertEqual(getFieldNamesInOrder(actions), ["create_application"])
