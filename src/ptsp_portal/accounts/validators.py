"""Checks of the member fields on plone.app.users' forms.

The fields come from ``userschema.xml`` (a supermodel rebuilt for every
request), so they cannot carry a Python ``constraint``; supermodel's
``form:validator`` would register a new global adapter for each parsed copy.
Instead one z3c.form validator is registered for the text fields of the
registration and personal-information forms and checks the fields by name.
A NIK must also be free: held by no account, or by the account edited
(``nik_index``, one account per NIK).
"""

from plone.app.users.browser.account import AccountPanelSchemaAdapter
from plone.app.users.browser.register import BaseRegistrationForm
from plone.app.users.browser.register import RegistrationForm
from plone.z3cform.fieldsets.extensible import FormExtender
from ptsp_portal import _
from ptsp_portal.accounts.identity import valid_nik
from ptsp_portal.accounts.identity import valid_phone
from ptsp_portal.accounts.nik_index import ensure_free
from ptsp_portal.interfaces import IBrowserLayer
from z3c.form.interfaces import NOT_CHANGED
from z3c.form.validator import SimpleFieldValidator
from zope.component import adapter
from zope.interface import Interface
from zope.schema.interfaces import RequiredMissing

import copy

CHECKS = {
    "nik": valid_nik,
    "phone": valid_phone,
}
# required when a citizen registers (the application form is prefilled from them)
REQUIRED_ON_REGISTRATION = ("fullname", "nik", "phone", "address")


class Required(RequiredMissing):
    __doc__ = _("Wajib diisi.")


class MemberFieldValidator(SimpleFieldValidator):
    """Plone's usual field validation, plus NIK and phone checks by field name."""

    def validate(self, value, force=False):
        name = getattr(self.field, "__name__", None)
        if name in REQUIRED_ON_REGISTRATION and self.field.required:
            if value is None or (isinstance(value, str) and not value.strip()):
                raise Required(name)
        super().validate(value, force)
        check = CHECKS.get(name)
        if check is None or value is NOT_CHANGED or value is None:
            return
        value = value.strip() if isinstance(value, str) else value
        if value:
            check(value)
            if name == "nik":
                ensure_free(value, self.edited_user_id())

    def edited_user_id(self):
        """The account the form writes to: none yet on a registration form;
        on Personal Information the one plone.app.users' adapter writes
        (another user's only for those who may manage users)."""
        if isinstance(self.view, BaseRegistrationForm):
            return None
        return AccountPanelSchemaAdapter(self.view.context).context.getId()


@adapter(Interface, IBrowserLayer, RegistrationForm)
class RegistrationRequired(FormExtender):
    """Full name, NIK, phone and address are required on self-registration."""

    def update(self):
        for name in REQUIRED_ON_REGISTRATION:
            if name not in self.form.fields:
                continue
            form_field = self.form.fields[name]
            # a copy: the schema's field is shared with other forms
            field = copy.copy(form_field.field)
            field.required = True
            form_field.field = field
