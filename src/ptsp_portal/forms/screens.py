"""EasyForm's screens on a permit form: the same rules as REST.

``@@fields`` and ``@@actions`` of a permit form are EasyForm's own, marked
so that the pages below replace EasyForm's for permit forms only:

- the action-add screen offers and accepts only "Create permit application";
- the XML model editors store a model only after ``check_fields_model`` /
  ``check_actions_model`` (an error message otherwise, nothing stored);
- any other change of the actions through the schema editor (order, delete,
  edit) is checked by ``on_actions_modified`` before it is stored;
- the add-field screen and the fields model refuse question ids that are
  keys of the ``@apply`` contract (``constants.RESERVED_KEYS``);
- ``@@import-easyform`` refuses to import anything into a permit form
  (``PermitFormImportForm``).
"""

from Acquisition import aq_parent
from collective.easyform import easyformMessageFactory as easyform_
from collective.easyform.browser.actions import ActionAddForm
from collective.easyform.browser.actions import EasyFormActionsView
from collective.easyform.browser.actions import ModelEditorView as ActionsModelEditorView
from collective.easyform.browser.exportimport import EasyFormImportForm
from collective.easyform.browser.fields import EasyFormFieldsView
from collective.easyform.browser.fields import ModelEditorView as FieldsModelEditorView
from collective.easyform.interfaces import IActionFactory
from collective.easyform.interfaces import IEasyFormActionsContext
from collective.easyform.interfaces import IEasyFormFieldsContext
from plone.schemaeditor.browser.schema.add_field import FieldAddForm
from plone.z3cform import layout
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal.forms.action import CreatePermitApplication
from ptsp_portal.forms.security import check_actions_model
from ptsp_portal.forms.security import check_actions_schema
from ptsp_portal.forms.security import check_fields_model
from ptsp_portal.forms.security import ModelRefused
from ptsp_portal.forms.security import reserved_name_message
from z3c.form import button
from z3c.form.interfaces import WidgetActionExecutionError
from zExceptions import BadRequest
from zope.component import getUtilitiesFor
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleVocabulary

import copy

VOCABULARY = "ptsp_portal.PermitFormActions"


class IPermitFormFieldsContext(IEasyFormFieldsContext):
    """``@@fields`` of a permit form."""


class IPermitFormActionsContext(IEasyFormActionsContext):
    """``@@actions`` of a permit form."""


@implementer(IPermitFormFieldsContext)
class PermitFormFieldsView(EasyFormFieldsView):
    pass


@implementer(IPermitFormActionsContext)
class PermitFormActionsView(EasyFormActionsView):
    pass


@provider(IVocabularyFactory)
def permit_form_actions(context):
    """The action types a permit form may have: ours only."""
    return SimpleVocabulary(
        [
            SimpleVocabulary.createTerm(factory, translate(factory.title), factory.title)
            for name, factory in getUtilitiesFor(IActionFactory)
            if factory.fieldcls is CreatePermitApplication and factory.available(context)
        ]
    )


class PermitFormActionAddForm(ActionAddForm):
    def updateFields(self):
        super().updateFields()
        if "factory" in self.fields:
            field = copy.copy(self.fields["factory"].field)
            field.vocabularyName = VOCABULARY
            field.vocabulary = None
            self.fields["factory"].field = field

    def add(self, new_field):
        if not isinstance(new_field, CreatePermitApplication):
            raise WidgetActionExecutionError(
                "factory",
                Invalid(
                    translate(
                        _('Formulir permohonan izin hanya boleh memiliki tindakan "Buat permohonan izin".'),
                        context=self.request,
                    )
                ),
            )
        return super().add(new_field)


PermitFormActionAddFormPage = layout.wrap_form(PermitFormActionAddForm)


class PermitFormFieldAddForm(FieldAddForm):
    """EasyForm's add-field screen, refusing ids ``@apply`` uses itself."""

    def add(self, new_field):
        message = reserved_name_message(new_field.__name__)
        if message is not None:
            raise WidgetActionExecutionError("__name__", Invalid(translate(message, context=self.request)))
        return super().add(new_field)


PermitFormFieldAddFormPage = layout.wrap_form(PermitFormFieldAddForm)


class _CheckedModelEditor:
    """``save`` stores the model only when the check passes."""

    check = None  # (form, source) -> schema, raises ModelRefused / Forbidden

    def save(self, source):
        form = aq_parent(self.context)
        try:
            type(self).check(form, source)
        except ModelRefused as exc:
            IStatusMessage(self.request).addStatusMessage(exc.message, "error")
            return
        super().save(source)
        IStatusMessage(self.request).addStatusMessage(
            translate(_("Model disimpan."), context=self.request), "info"
        )


class PermitFormFieldsModelEditor(_CheckedModelEditor, FieldsModelEditorView):
    check = staticmethod(check_fields_model)


class PermitFormActionsModelEditor(_CheckedModelEditor, ActionsModelEditorView):
    check = staticmethod(check_actions_model)


def on_actions_modified(context, event):
    """The schema editor changed the actions of a permit form (add, edit,
    order, delete): refuse what no one may store, before it is stored."""
    try:
        check_actions_schema(context.schema)
    except ModelRefused as exc:
        raise BadRequest(exc.message) from exc


IMPORT_REFUSED = _(
    "Formulir permohonan izin tidak dapat diimpor. Impor mengganti seluruh formulir "
    "(pertanyaan, tindakan, ekspresi) tanpa pemeriksaan: formulir ini hanya boleh "
    'memiliki tindakan "Buat permohonan izin" dan pertanyaannya mengikuti persyaratan '
    'jenis izin. Ubah pertanyaan melalui "Define form fields" atau persyaratan jenis '
    "izin; tidak ada yang diubah."
)


class PermitFormImportForm(EasyFormImportForm):
    """``@@import-easyform`` of a permit form: nothing is ever imported.

    EasyForm's import writes the whole form from the archive (its ``.data``
    is PUT: every field, ``actions_model`` and ``fields_model`` included,
    without field write permissions, and the form may even be renamed),
    then replaces its content. Nothing legitimate comes in that way: the
    questions follow the permit type's requirement rows and the model
    editors, the action is fixed. So the import is refused as a whole,
    before the archive is read, for Managers too; the page says why."""

    @property
    def description(self):
        return translate(IMPORT_REFUSED, context=self.request)

    @button.buttonAndHandler(easyform_("import"), name="import")
    def handleImport(self, action):
        self.status = translate(IMPORT_REFUSED, context=self.request)
        IStatusMessage(self.request).addStatusMessage(self.status, type="error")


PermitFormImportView = layout.wrap_form(PermitFormImportForm)
