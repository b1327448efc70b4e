"""Checks that run while the web form is validated, before any action, so
a refused upload or NIK comes back at its field with the other answers kept.

- ``RequirementFileValidator``: a z3c.form validator for blob file fields
  of any EasyForm (it extends EasyForm's own size validator); on a permit form it checks each upload with
  ``uploads.check_upload`` against its requirement row (extra upload
  questions against the site defaults).  It is found through EasyForm's
  ``FieldExtenderValidator`` (which runs EasyForm's own validators too), the
  way collective.easyform registers its captcha validators.
- ``nik``, ``phone``, ``email``: EasyForm field validators (named
  ``IFieldValidator`` utilities, set on the applicant fields), delegating to
  the same checks as the REST intake.
"""

from collective.easyform.interfaces import IEasyForm
from collective.easyform.validators import FileSizeValidator
from plone.namedfile.interfaces import INamed
from plone.namedfile.interfaces import INamedBlobFileField
from ptsp_portal.applications.applicant import check_applicant_field
from ptsp_portal.forms.model import permit_type_of
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.forms.uploads import check_upload
from ptsp_portal.forms.uploads import rules
from ptsp_portal.forms.uploads import UploadError
from z3c.form import validator
from z3c.form.interfaces import NOT_CHANGED
from zope.schema import ValidationError


class InvalidUpload(ValidationError):
    """A refused upload; ``doc()`` is the message naming the document."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def doc(self):
        return self.message


def _data(value):
    if INamed.providedBy(value):
        return value.data, value.filename
    if hasattr(value, "read"):  # a FileUpload not converted yet
        value.seek(0)
        data = value.read()
        value.seek(0)
        return data, getattr(value, "filename", "")
    return None, None


class RequirementFileValidator(FileSizeValidator):
    def validate(self, value):
        super().validate(value)
        if value is NOT_CHANGED:
            value = getattr(self.widget, "value", None)
        if value is None:
            return
        permit_type = permit_type_of(self.context)
        if permit_type is None:
            return
        data, filename = _data(value)
        if data is None:
            return
        name = self.field.__name__
        row = requirement_rows(permit_type).get(name)
        title = (row or {}).get("title") or self.field.title or name
        types, limit = rules(row)
        try:
            check_upload(title, data, filename, types, limit, name=name)
        except UploadError as exc:
            raise InvalidUpload(exc.message) from None


# more specific than EasyForm's own FileSizeValidator (INamedField), which
# it extends; found through EasyForm's FieldExtenderValidator
validator.WidgetValidatorDiscriminators(
    RequirementFileValidator, context=IEasyForm, field=INamedBlobFileField
)


def _field_validator(name):
    def validate(value, **kwargs):
        if value is None or value == "":
            return None  # "required" is checked by the form
        return check_applicant_field(name, value)

    return validate


nik = _field_validator("applicant_nik")
phone = _field_validator("applicant_phone")
email = _field_validator("applicant_email")
