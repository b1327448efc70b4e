"""What a permit form is made of, and how to find its parts.

The names every other module of ``forms`` shares (the form's id, its
action, the form-specific side of the applicant fields), the shape of an
upload, and the look-ups between a permit type, its ``formulir``, its
requirement rows and its action.  It imports no other module of ``forms``
but ``interfaces``, so every module can import it.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from collective.easyform.api import get_actions
from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.forms.interfaces import ICreatePermitApplication
from ptsp_portal.forms.interfaces import IPermitForm

import typing

FORM_ID = "formulir"
ACTION_ID = "create_application"
# the stored factory name of our action (``actions_model``, utility names)
ACTION_TYPE = "ptsp_portal.forms.action.CreatePermitApplication"
FORM_ERROR = "form"  # key of errors that belong to no single field


class ApplicantFormField(typing.NamedTuple):
    """How an applicant field of ``constants.APPLICANT_FIELDS`` is asked."""

    schema_type: str  # zope.schema type in the fields model
    profile_property: str  # member property for the default
    validator: str | None  # EasyForm field validator (forms/validators.py)


_APPLICANT_FORM = {
    "applicant_name": ApplicantFormField("zope.schema.TextLine", "fullname", None),
    "applicant_nik": ApplicantFormField("zope.schema.TextLine", "nik", "ptsp_portal.nik"),
    "applicant_email": ApplicantFormField("zope.schema.TextLine", "email", "ptsp_portal.email"),
    "applicant_phone": ApplicantFormField("zope.schema.TextLine", "phone", "ptsp_portal.phone"),
    "applicant_address": ApplicantFormField("zope.schema.Text", "address", None),
}
# in the order of the application's fields
APPLICANT_FORM_FIELDS = {name: _APPLICANT_FORM[name] for name in APPLICANT_FIELDS}


class Upload(typing.NamedTuple):
    """An uploaded document, before it is checked."""

    filename: str
    content_type: str
    data: bytes


def permit_type_of(form):
    """The PermitType a form belongs to, or None."""
    if form is None or not IPermitForm.providedBy(form):
        return None
    parent = aq_parent(aq_inner(form))
    if getattr(aq_base(parent), "portal_type", None) != PERMIT_TYPE:
        return None
    return parent


def form_of(permit_type):
    """The ``formulir`` of a permit type, or None."""
    form = permit_type.get(FORM_ID) if permit_type is not None else None
    if form is not None and IPermitForm.providedBy(form):
        return form
    return None


def requirement_rows(permit_type):
    """``{row id: row}`` in row order (rows without an id are skipped)."""
    rows = {}
    for row in getattr(permit_type, "requirements", None) or []:
        if row and row.get("id"):
            rows[row["id"]] = row
    return rows


def is_our_action(action):
    """Whether ``action`` is "Create permit application" (by its interface,
    so that this module needs not import the action's class)."""
    return ICreatePermitApplication.providedBy(action)


def action_settings(form):
    """Our action on ``form`` (None when there is no form or no action)."""
    if form is None:
        return None
    actions = get_actions(form)
    for name in actions.names():
        if is_our_action(actions[name]):
            return actions[name]
    return None
