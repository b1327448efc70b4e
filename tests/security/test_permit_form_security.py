"""A permit form belongs to the office: over HTTP on the demo site, no role
below Manager can make it send, store or expose submissions anywhere but the
application, nor store an expression in it (issue 10).

Every request here is one an attacker with an editor's, an officer's or a
citizen's account would try; each must be refused and leave the form as it
was."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from tests.base import DemoSiteHttpTestCase
from tests.base import PASSWORD

import re
import transaction

PERMIT = "layanan/surat-izin-praktik-bidan"
FORM = f"{PERMIT}/formulir"
USERS = {
    "editor": ("ptsp-editors",),
    "verifikator": ("ptsp-verifiers", "ptsp-officers"),
    "warga-a": (),
}
EDITOR, OFFICER, CITIZEN = "editor", "verifikator", "warga-a"
MAILER = (
    '<field name="bocor" type="collective.easyform.actions.Mailer">'
    "<title>Salinan</title><recipient_email>penyerang@example.org</recipient_email>"
    "</field>"
)
SAVER = '<field name="simpan" type="collective.easyform.actions.SaveData"><title>Simpan</title></field>'
TALES_QUESTION = (
    '<field name="jebakan" type="zope.schema.TextLine"'
    " easyform:TDefault=\"python: context.restrictedTraverse('/').objectIds()\">"
    "<title>Jebakan</title><required>False</required></field>"
)
PLAIN_QUESTION = (
    '<field name="tempat_praktik" type="zope.schema.TextLine">'
    "<title>Tempat praktik</title><required>False</required></field>"
)


def with_field(model, field_xml):
    """``model`` with one more field at the end of its schema."""
    return model.replace("</schema>", field_xml + "</schema>", 1)


class FormSecurityTestCase(DemoSiteHttpTestCase):
    USERS = USERS

    def form(self):
        self.portal._p_jar.sync()
        return self.portal.unrestrictedTraverse(FORM)

    def authenticator(self, session, path):
        """The CSRF token of the page at ``path`` (None if it is refused)."""
        response = session.get(path, allow_redirects=False)
        if response.status_code != 200:
            return None
        match = re.search(r'name="_authenticator"\s+value="([^"]+)"', response.text)
        return match.group(1) if match else None


class TestRestActionsModel(FormSecurityTestCase):
    """``PATCH formulir {"actions_model": …}`` with an exporting action."""

    def test_mailer_or_data_saver_refused_to_everyone(self):
        before = self.form().actions_model
        for user_id in (EDITOR, OFFICER, CITIZEN, None, SITE_OWNER_NAME):
            for extra in (MAILER, SAVER):
                response = self.session(user_id).patch(
                    FORM, json={"actions_model": with_field(before, extra)}
                )
                self.assertIn(response.status_code, (400, 401, 403), (user_id, response.text))
                self.assertEqual(self.form().actions_model, before, user_id)
        # the editor (who may edit the form) is told why, in Indonesian
        response = self.session(EDITOR).patch(FORM, json={"actions_model": with_field(before, MAILER)})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("actions_model", response.json()["error"]["message"])
        self.assertIn("Mailer", response.json()["error"]["message"])

    def test_saved_data_cannot_be_written_through_rest(self):
        response = self.session(EDITOR).patch(
            FORM, json={"savedDataStorage": {"simpan": {"1": {"applicant_nik": "1"}}}}
        )
        self.assertIn(response.status_code, (400, 403), response.text)
        self.assertFalse(getattr(self.form(), "_inputStorage", None))


class TestRestFieldsModel(FormSecurityTestCase):
    """``PATCH formulir {"fields_model": …}`` with an expression."""

    def test_expression_refused_below_manager(self):
        before = self.form().fields_model
        model = with_field(before, TALES_QUESTION)
        for user_id in (EDITOR, OFFICER, CITIZEN, None):
            response = self.session(user_id).patch(FORM, json={"fields_model": model})
            self.assertIn(response.status_code, (401, 403), (user_id, response.text))
            self.assertEqual(self.form().fields_model, before, user_id)
        response = self.session(EDITOR).patch(FORM, json={"fields_model": model})
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("TDefault", response.json()["message"])

    def test_changed_expression_of_an_applicant_field_refused(self):
        before = self.form().fields_model
        model = before.replace(
            "member.getProperty('nik', '')", "context.restrictedTraverse('/').objectIds()", 1
        )
        self.assertNotEqual(model, before)
        response = self.session(EDITOR).patch(FORM, json={"fields_model": model})
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(self.form().fields_model, before)

    def test_malformed_model_is_a_bad_request(self):
        before = self.form().fields_model
        response = self.session(EDITOR).patch(FORM, json={"fields_model": "<model><schema>"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("fields_model", response.json()["error"]["message"])
        self.assertEqual(self.form().fields_model, before)

    def test_editor_still_adds_an_ordinary_question(self):
        before = self.form().fields_model
        response = self.session(EDITOR).patch(FORM, json={"fields_model": with_field(before, PLAIN_QUESTION)})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertIn("tempat_praktik", self.form().fields_model)
        # the applicant fields keep their (unchanged) default expressions
        self.assertIn("member.getProperty('nik', '')", self.form().fields_model)

    def test_manager_may_store_an_expression(self):
        before = self.form().fields_model
        response = self.session(SITE_OWNER_NAME).patch(
            FORM, json={"fields_model": with_field(before, TALES_QUESTION)}
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertIn("jebakan", self.form().fields_model)


class TestRestGet(FormSecurityTestCase):
    def test_get_form_never_a_server_error(self):
        for user_id in (None, CITIZEN, OFFICER, EDITOR, SITE_OWNER_NAME):
            response = self.session(user_id).get(FORM)
            self.assertIn(response.status_code, (200, 401, 403), (user_id, response.text[:300]))
            self.assertNotIn("Available permissions", response.text)
        self.assertEqual(self.session(EDITOR).get(FORM).status_code, 200)
        self.assertEqual(self.session(CITIZEN).get(FORM).status_code, 200)


class TestDeleteAndRecreate(FormSecurityTestCase):
    def test_delete_refused(self):
        for user_id in (EDITOR, OFFICER, CITIZEN, None):
            response = self.session(user_id).delete(FORM)
            self.assertIn(response.status_code, (401, 403), user_id)
            self.assertIn("formulir", self.portal.unrestrictedTraverse(PERMIT).objectIds())

    def test_form_recreated_by_an_editor_edit_is_not_theirs(self):
        # a Manager removes the form; the editor's next edit recreates it
        response = self.session(SITE_OWNER_NAME).delete(FORM)
        self.assertEqual(response.status_code, 204, response.text)
        response = self.session(EDITOR).patch(PERMIT, json={"service_days": 6})
        self.assertEqual(response.status_code, 204, response.text)
        form = self.form()
        self.assertNotEqual(form.getOwner().getId(), EDITOR)
        self.assertNotIn("Owner", form.get_local_roles_for_userid(EDITOR))
        self.assertFalse(
            api.user.has_permission("collective.easyform: Add Mailers", username=EDITOR, obj=form)
        )
        # the saved-data page and the action screens offer them nothing
        pages = self.session(EDITOR, api=False)
        response = pages.get(f"{FORM}/@@saveddata", allow_redirects=False)
        self.assertIn(response.status_code, (302, 401, 403))
        response = pages.get(f"{FORM}/@@actions/@@add-action", allow_redirects=False)
        self.assertNotIn("Mailer", response.text)


class TestEditorsPermitType(FormSecurityTestCase):
    def test_editor_does_not_own_the_form_of_a_permit_type_they_create(self):
        # created in the editor's name, as the add form does it (a REST POST
        # of a PermitType trips over the code validator, see the report)
        from plone.app.testing import login
        from plone.app.testing import logout

        login(self.portal, EDITOR)
        try:
            api.content.create(
                container=self.portal["layanan"],
                type="PermitType",
                id="izin-baru",
                title="Izin Baru",
                code="BARU",
                sector="kesehatan",
                online=True,
            )
        finally:
            logout()
        transaction.commit()
        self.assertIn("Owner", self.portal["layanan"]["izin-baru"].get_local_roles_for_userid(EDITOR))
        path = "layanan/izin-baru/formulir"
        self.portal._p_jar.sync()
        form = self.portal.unrestrictedTraverse(path)
        self.assertNotEqual(form.getOwner().getId(), EDITOR)
        self.assertNotIn("Owner", form.get_local_roles_for_userid(EDITOR))
        for permission in (
            "collective.easyform: Add Mailers",
            "collective.easyform: Add Data Savers",
            "collective.easyform: Download Saved Input",
            "collective.easyform: Edit Mail Addresses",
        ):
            self.assertFalse(api.user.has_permission(permission, username=EDITOR, obj=form), permission)
        before = form.actions_model
        response = self.session(EDITOR).patch(path, json={"actions_model": with_field(before, SAVER)})
        self.assertEqual(response.status_code, 400, response.text)
        pages = self.session(EDITOR, api=False)
        response = pages.get(f"{path}/@@saveddata", allow_redirects=False)
        self.assertIn(response.status_code, (302, 401, 403))
        # ... and cannot remove it either
        response = self.session(EDITOR).delete(path)
        self.assertIn(response.status_code, (401, 403))


class TestActionScreens(FormSecurityTestCase):
    """EasyForm's action screens and model editors, as the pages post them."""

    def add_action(self, user_id, factory_token):
        pages = self.session(user_id, api=False)
        token = self.authenticator(pages, f"{FORM}/@@actions/@@add-action")
        return pages.post(
            f"{FORM}/@@actions/@@add-action",
            data={
                "form.widgets.title": "Salinan",
                "form.widgets.__name__": "salinan",
                "form.widgets.factory:list": factory_token,
                "form.buttons.add": "Add",
                "_authenticator": token or "",
            },
            allow_redirects=False,
        )

    def test_no_one_adds_a_mailer_or_data_saver_on_the_add_action_screen(self):
        before = self.form().actions_model
        for user_id in (SITE_OWNER_NAME, EDITOR, OFFICER, CITIZEN):
            for token in ("Mailer", "Save Data"):
                self.add_action(user_id, token)
                self.assertEqual(self.form().actions_model, before, (user_id, token))
        # the Manager is not even offered them
        pages = self.session(SITE_OWNER_NAME, api=False)
        page = pages.get(f"{FORM}/@@actions/@@add-action").text
        self.assertNotIn('value="Mailer"', page)
        self.assertNotIn('value="Save Data"', page)

    def post_model(self, user_id, which, source):
        pages = self.session(user_id, api=False)
        path = f"{FORM}/@@{which}/@@modeleditor"
        token = self.authenticator(pages, path)
        return pages.post(
            path,
            data={
                "form.button.save": "Save",
                "source": source,
                "_authenticator": token or "",
            },
            allow_redirects=False,
        )

    def test_actions_model_editor_refuses_foreign_actions(self):
        before = self.form().actions_model
        for user_id in (SITE_OWNER_NAME, EDITOR, OFFICER, CITIZEN):
            self.post_model(user_id, "actions", with_field(before, MAILER))
            self.assertEqual(self.form().actions_model, before, user_id)
        response = self.post_model(SITE_OWNER_NAME, "actions", with_field(before, MAILER))
        self.assertIn("Mailer", response.text)

    def test_fields_model_editor_refuses_expressions_below_manager(self):
        before = self.form().fields_model
        for user_id in (EDITOR, OFFICER, CITIZEN):
            self.post_model(user_id, "fields", with_field(before, TALES_QUESTION))
            self.assertEqual(self.form().fields_model, before, user_id)
        # an ordinary question through the same editor is fine
        response = self.post_model(EDITOR, "fields", with_field(before, PLAIN_QUESTION))
        self.assertEqual(response.status_code, 200)
        self.assertIn("tempat_praktik", self.form().fields_model)


class TestImportScreen(FormSecurityTestCase):
    """EasyForm's ``@@import-easyform`` (Manage portal: Manager and Site
    Administrator) replaces the whole form from an export: refused on a
    permit form, whatever the export holds."""

    def export_with(self, **models):
        """A genuine export of the permit form with ``models`` put in it
        (nothing of it stored)."""
        from Products.GenericSetup.context import TarballExportContext
        from Products.GenericSetup.interfaces import IFilesystemExporter

        form = self.form()
        for attribute, field_xml in models.items():
            setattr(form, attribute, with_field(getattr(form, attribute), field_xml))
        context = TarballExportContext(form)
        IFilesystemExporter(form).export(context, "structure", True)
        archive = context.getArchive()
        transaction.abort()
        return archive

    def import_(self, user_id, archive):
        pages = self.session(user_id, api=False)
        path = f"{FORM}/@@import-easyform"
        # the token as the page carries it (the form, or its menu's links)
        response = pages.get(path, allow_redirects=False)
        match = re.search(r'_authenticator(?:"\s+value="|=)([0-9a-f]+)', response.text)
        token = match.group(1) if response.status_code == 200 and match else None
        return pages.post(
            path,
            data={
                "form.buttons.import": "import",
                "_authenticator": token or "",
            },
            files={"form.widgets.upload": ("formulir.tar.gz", archive, "application/x-gzip")},
            allow_redirects=False,
        )

    def assert_unchanged(self, fields_model, actions_model, who):
        permit = self.portal.unrestrictedTraverse(PERMIT)
        self.portal._p_jar.sync()
        # (an import would also rename the form: "formulir-1")
        self.assertEqual(permit.objectIds(), ["formulir"], who)
        self.assertEqual(permit["formulir"].fields_model, fields_model, who)
        self.assertEqual(permit["formulir"].actions_model, actions_model, who)

    def test_manager_cannot_import_a_mailer(self):
        form = self.form()
        before = form.fields_model, form.actions_model
        archive = self.export_with(actions_model=MAILER)
        response = self.import_(SITE_OWNER_NAME, archive)
        self.assert_unchanged(*before, SITE_OWNER_NAME)
        # refused on the form itself, in Indonesian
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("tidak dapat diimpor", response.text)

    def test_below_manager_the_import_screen_is_refused(self):
        # Plone 6.2 gives "Manage portal" (the screen's permission) to Manager
        # only: a Site Administrator, who has no "Edit TALES Fields" either,
        # cannot bring an expression (or a Save Data action) in this way
        user_id = "admin-situs"
        if api.user.get(username=user_id) is None:
            api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
        api.group.add_user(groupname="Site Administrators", username=user_id)
        transaction.commit()
        form = self.form()
        for permission in ("Manage portal", "collective.easyform: Edit TALES Fields"):
            self.assertFalse(api.user.has_permission(permission, username=user_id, obj=form), permission)
        before = form.fields_model, form.actions_model
        archive = self.export_with(fields_model=TALES_QUESTION, actions_model=SAVER)
        for who in (user_id, EDITOR, OFFICER, CITIZEN, None):
            response = self.import_(who, archive)
            self.assertIn(response.status_code, (302, 401, 403), who)
            self.assertNotIn("Form imported", response.text)
            self.assert_unchanged(*before, who)

    def test_manager_cannot_import_an_expression_either(self):
        # the Manager may write expressions on the model editors, but an
        # import replaces the whole form unchecked: refused as well
        form = self.form()
        before = form.fields_model, form.actions_model
        archive = self.export_with(fields_model=TALES_QUESTION)
        response = self.import_(SITE_OWNER_NAME, archive)
        self.assert_unchanged(*before, SITE_OWNER_NAME)
        self.assertIn("tidak dapat diimpor", response.text)


class TestWebDavPut(FormSecurityTestCase):
    """An HTTP ``PUT`` of the form's RFC 822 text (what the import does with
    an export's ``.data``) needs only "Modify portal content"."""

    def test_put_of_the_models_refused_to_everyone(self):
        from email.header import Header
        from email.message import Message

        form = self.form()
        before = form.fields_model, form.actions_model
        for attribute, field_xml in (("actions_model", MAILER), ("fields_model", TALES_QUESTION)):
            message = Message()
            # encoded as plone.rfc822 writes it in an export's .data
            message[attribute] = Header(with_field(getattr(form, attribute), field_xml), "utf-8")
            for user_id in (EDITOR, SITE_OWNER_NAME, OFFICER, CITIZEN, None):
                response = self.session(user_id, api=False).put(
                    FORM,
                    data=message.as_bytes(),
                    headers={"Content-Type": "text/plain"},
                    allow_redirects=False,
                )
                self.assertIn(response.status_code, (302, 401, 403, 405), (user_id, attribute))
                self.portal._p_jar.sync()
                permit = self.portal.unrestrictedTraverse(PERMIT)
                self.assertEqual(permit.objectIds(), ["formulir"], user_id)
                self.assertEqual(
                    (permit["formulir"].fields_model, permit["formulir"].actions_model),
                    before,
                    (user_id, attribute),
                )
