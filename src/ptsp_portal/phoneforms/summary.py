"""The error summary of a form that failed (GOV.UK's error summary pattern).

At the top of the form, a box titled "Ada masalah" lists every error, each a
link to its field's input (``#<input id>``); errors that belong to no field
are listed without a link.  On a failed submit the box takes the focus as
the page loads (``autofocus`` on the box, ``tabindex=-1``; Plone's
``pat-formautofocus``, which would move it to the first field, is off then),
and its ``role=alert`` is announced.  A link moves the focus to its field and
scrolls the field's label into view (a few lines of script; without script
the link still goes to the field).  The answers stay in the form, as
z3c.form renders them again.

``ErrorSummaryMixin`` goes first in the bases of a z3c.form form (the permit
form: ``forms.view.PermitForm``); it also gives its file widgets their
``UploadSlot`` (``upload.py``).
"""

from plone.formwidget.namedfile.interfaces import INamedFileWidget
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ptsp_portal.forms.model import permit_type_of
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.phoneforms import upload
from z3c.form.interfaces import ICheckBoxWidget
from z3c.form.interfaces import INPUT_MODE
from z3c.form.interfaces import IRadioWidget
from zope.i18n import translate

import typing

SUMMARY_ID = "ptsp-error-summary"


class ErrorItem(typing.NamedTuple):
    href: str | None  # "#<input id>", None for an error of the whole form
    text: str


def all_widgets(form):
    """The widgets of ``form`` and of its groups, in page order."""
    result = list(form.widgets.values())
    for group in getattr(form, "groups", None) or ():
        result += list(group.widgets.values())
    return result


def input_id(widget):
    """The id of the element a link to ``widget`` goes to: its first radio
    button or checkbox, else the widget's id (the input itself, the file
    input included: ``templates/file_input.pt``)."""
    if IRadioWidget.providedBy(widget) or ICheckBoxWidget.providedBy(widget):
        return f"{widget.id}-0"
    return widget.id


def _text(message, request):
    return " ".join(translate(message or "", context=request).split())


def summary_items(form):
    """``[ErrorItem]``: the errors of no field first, then one per field in
    error, in the order of the page."""
    request = form.request
    errors = list(form.widgets.errors or ())
    for group in getattr(form, "groups", None) or ():
        errors += [e for e in (group.widgets.errors or ()) if e not in errors]
    items = [
        ErrorItem(None, _text(getattr(e, "message", ""), request))
        for e in errors
        if getattr(e, "widget", None) is None and getattr(e, "message", None)
    ]
    for widget in all_widgets(form):
        error = widget.error
        if error is None:
            continue
        message = _text(getattr(error, "message", ""), request)
        label = _text(widget.label, request)
        text = message if label and label in message else f"{label}: {message}" if label else message
        items.append(ErrorItem(f"#{input_id(widget)}", text))
    return items


class ErrorSummaryMixin:
    """A z3c.form form with the error summary (and, in a permit form, the
    upload slots).

    A form wrapped in a page (``plone.z3cform``'s ``FormWrapper``, as
    EasyForm's) gets the summary before its own markup; a form that is its
    own page (``summary_in_template``, e.g. ``@@register``) renders
    ``view/error_summary_html`` in its template's ``formtop`` slot.
    """

    error_summary_template = ViewPageTemplateFile("templates/error_summary.pt")
    summary_in_template = False
    error_summary = ()
    error_summary_message = ""

    def update(self):
        super().update()
        self.update_upload_slots()

    def update_upload_slots(self):
        permit_type = permit_type_of(self.context)
        if permit_type is None:
            return
        rows = requirement_rows(permit_type)
        for widget in all_widgets(self):
            if INamedFileWidget.providedBy(widget) and widget.mode == INPUT_MODE:
                widget.ptsp_slot = upload.slot(widget, rows.get(widget.field.__name__), self.request)
                # the template shows it, with an id for aria-describedby
                widget.description = ""

    @property
    def enable_autofocus(self):
        if self.error_summary:
            return False
        return getattr(super(), "enable_autofocus", True)

    def error_summary_html(self):
        if not self.error_summary:
            return ""
        return self.error_summary_template(
            errors=self.error_summary, message=self.error_summary_message, summary_id=SUMMARY_ID
        )

    def render(self):
        self.error_summary = summary_items(self) if not getattr(self, "thanksPage", False) else ()
        if not self.error_summary:
            return super().render()
        status = self.status
        default = type(self).formErrorsMessage
        self.error_summary_message = _text(status, self.request) if status and status != default else ""
        # the summary says it: no second banner from plone.app.z3cform's macro
        self.status = ""
        try:
            body = super().render()
        finally:
            self.status = status
        if self.summary_in_template:
            return body
        return self.error_summary_html() + body
