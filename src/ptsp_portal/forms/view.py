"""The web form of a permit type and the page after a submission.

``@@view`` of a permit form is EasyForm's own form view with four changes:
it needs a logged-in citizen (anonymous visitors are sent to log in and come
back to the form), it is closed while the permit type is not online, and
after a successful submission it redirects (post/redirect/get, so a reload
cannot apply twice) to ``@@permohonan-terkirim``, which shows the tracking
number and links to the application.

And "Simpan sebagai draf" (``ptsp_portal.drafts``): the answers as they
are and the documents chosen (checked like a submission's) are saved as
the account's draft, then the form opens again as ``?draf=<draft_id>``.
That address, on any device where the citizen logs in, fills the form with
the draft's answers and shows each document already uploaded (its field is
no longer required: the stored file counts unless another is chosen).
Submitting it runs the normal submission with those documents; on success
the draft is removed.  Anyone else's draft id is not found.
"""

from AccessControl import Unauthorized
from collective.easyform.browser.view import EasyFormForm
from collective.easyform.browser.view import EasyFormFormWrapper
from collective.easyform.config import FORM_ERROR_MARKER
from plone import api
from plone.namedfile.interfaces import INamed
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.limits import LimitExceeded
from ptsp_portal.applications.tracking import MalformedNumber
from ptsp_portal.applications.tracking import normalize
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.drafts import saving as drafts
from ptsp_portal.drafts.answers import from_form
from ptsp_portal.drafts.answers import request_values
from ptsp_portal.forms.action import APPLICATION_KEY
from ptsp_portal.forms.model import action_settings
from ptsp_portal.forms.model import permit_type_of
from ptsp_portal.forms.model import Upload
from ptsp_portal.phoneforms.summary import ErrorSummaryMixin
from ptsp_portal.workflow.sla import office_zone
from urllib.parse import urlencode
from z3c.form import button
from zope.i18n import translate
from ZPublisher.HTTPRequest import FileUpload

import copy

THANKS_VIEW = "permohonan-terkirim"
DRAFT_SAVED_KEY = "ptsp_portal.draft_saved"
DRAFT_NOT_FOUND = _("Draf tidak ditemukan: mungkin sudah dikirim, dihapus atau kedaluwarsa.")


class PermitForm(ErrorSummaryMixin, EasyFormForm):
    """EasyForm's form; after a successful submission, redirect; the error
    summary and the phone-first upload widgets (``ptsp_portal.phoneforms``)."""

    buttons = EasyFormForm.buttons.copy()
    handlers = EasyFormForm.handlers.copy()
    draft = None

    def load_draft(self):
        """The logged-in citizen's draft named by ``?draf=``, or None."""
        draft_id = self.request.form.get(drafts.FORM_PARAM)
        permit_type = permit_type_of(self.context)
        user_id = drafts.current_user_id()
        if not draft_id or permit_type is None or user_id is None:
            return None
        try:
            return drafts.find(user_id, draft_id, permit_type)
        except IntakeError:
            IStatusMessage(self.request).add(DRAFT_NOT_FOUND, type="warning")
            return None

    def update(self):
        self.draft = self.load_draft()
        if self.draft is not None and self.request.method != "POST":
            parts = drafts.FormParts(permit_type_of(self.context))
            for key, value in request_values(parts.fields, self.draft.answers).items():
                self.request.form.setdefault(key, value)
        super().update()
        saved = self.request.get(DRAFT_SAVED_KEY)
        if saved is not None:
            expires = api.portal.get_localized_time(datetime=saved.expires().astimezone(office_zone()))
            IStatusMessage(self.request).add(
                _(
                    "Draf disimpan. Lanjutkan kapan saja dari Permohonan Saya, di perangkat mana pun, "
                    "sampai ${date}.",
                    mapping={"date": expires},
                ),
                type="info",
            )
            url = f"{self.context.absolute_url()}?" + urlencode({drafts.FORM_PARAM: saved.draft_id})
            self.request.response.redirect(url)
            return
        application = self.request.get(APPLICATION_KEY)
        if application is not None:
            url = f"{self.context.absolute_url()}/@@{THANKS_VIEW}?" + urlencode(
                {"nomor": application.tracking_number}
            )
            self.request.response.redirect(url)

    def action(self):
        action = super().action()
        if self.draft is not None:
            action += "?" + urlencode({drafts.FORM_PARAM: self.draft.draft_id})
        return action

    def updateFields(self):
        super().updateFields()
        if self.draft is None or self.thanksPage:
            return
        for fields in [self.fields, *(group.fields for group in self.groups)]:
            for name, blob in self.draft.documents.items():
                if name not in fields:
                    continue
                field = copy.copy(fields[name].field)
                field.required = False
                note = translate(
                    _(
                        "Sudah diunggah di draf: ${filename}. Biarkan kosong untuk memakai berkas ini, "
                        "atau pilih berkas lain untuk menggantinya.",
                        mapping={"filename": blob.filename},
                    ),
                    context=self.request,
                )
                field.description = f"{note} {translate(field.description or '', context=self.request)}"
                fields[name].field = field

    def updateActions(self):
        super().updateActions()
        if "save_draft" in self.actions:
            self.actions["save_draft"].addClass("btn-secondary")

    @button.buttonAndHandler(
        _("Simpan sebagai draf"),
        name="save_draft",
        condition=lambda form: not form.thanksPage and not api.user.is_anonymous(),
    )
    def handleSaveDraft(self, action):
        permit_type = permit_type_of(self.context)
        user_id = drafts.current_user_id()
        if permit_type is None or user_id is None:
            return
        data, errors = self.extractData()
        # a draft may be incomplete or wrong: only its documents are checked
        parts = drafts.FormParts(permit_type)
        uploads = {
            name: Upload(value.filename or "", value.contentType or "", value.data)
            for name, value in data.items()
            if name in parts.files and INamed.providedBy(value)
        }
        raw = {}
        for error in errors:
            widget = getattr(error, "widget", None)
            if widget is None or getattr(widget, "field", None) is None:
                continue
            name = widget.field.__name__
            if name in parts.files:
                # the form refused the file: the draft's checks say why
                chosen = _chosen_file(self.request.get(widget.name))
                if chosen is not None:
                    uploads[name] = chosen
            else:
                raw[name] = widget.value
        self.widgets.errors = ()
        for widget in self.widgets.values():
            widget.error = None
        answers = from_form(parts.fields, data, raw, self.context)
        try:
            draft = drafts.save(
                permit_type,
                user_id,
                answers,
                uploads,
                draft_id=self.draft.draft_id if self.draft is not None else None,
            )
        except IntakeError as exc:
            if isinstance(exc, LimitExceeded):
                self.request.response.setStatus(429)
                self.request.response.setHeader("Retry-After", str(exc.retry_after))
            messages = {}
            for name, message in exc.errors.items():
                key = name if name in self.widgets else FORM_ERROR_MARKER
                text = translate(message, context=self.request)
                messages[key] = f"{messages[key]} {text}" if key in messages else text
            messages.setdefault(
                FORM_ERROR_MARKER,
                translate(_("Draf belum disimpan: periksa dokumen yang ditandai."), context=self.request),
            )
            self.setErrorsMessage(messages)
            return
        self.request.set(DRAFT_SAVED_KEY, draft)


def _chosen_file(value):
    """A file the browser sent (``FileUpload``) as an ``Upload``, or None."""
    if not isinstance(value, FileUpload) or not value.filename:
        return None
    value.seek(0)
    data = value.read()
    value.seek(0)
    return Upload(value.filename, value.headers.get("content-type", "") or "", data)


class PermitFormView(EasyFormFormWrapper):
    form = PermitForm

    def __call__(self):
        permit_type = permit_type_of(self.context)
        if permit_type is not None and not getattr(permit_type, "online", False):
            IStatusMessage(self.request).add(
                _("Jenis izin ini belum dapat diajukan secara daring; silakan datang ke loket DPMPTSP."),
                type="warning",
            )
            self.request.response.redirect(permit_type.absolute_url())
            return ""
        if api.user.is_anonymous():
            # Plone's challenge sends the visitor to the login form, which
            # brings them back here (came_from) afterwards
            raise Unauthorized("Applying needs a logged-in citizen")
        # update, then render unless the form redirected to the thanks page
        return super().__call__()


class ThanksView(BrowserView):
    """Shows the tracking number of a submission, to its applicant only
    (the application is looked up with the visitor's own permissions)."""

    index = ViewPageTemplateFile("templates/thanks.pt")

    def __call__(self):
        try:
            self.number = normalize(self.request.form.get("nomor"))
        except MalformedNumber:
            self.number = None
        self.application = None  # its catalog brain: the page shows metadata only
        if self.number and not api.user.is_anonymous():
            brains = api.content.find(portal_type=PERMIT_APPLICATION, tracking_number=self.number)
            if brains:
                self.application = brains[0]
        self.permit_type = permit_type_of(self.context)
        settings = action_settings(self.context)
        self.message = getattr(settings, "thanks_message", "") or ""
        return self.index()

    def due_date(self):
        due = getattr(self.application, "due_date", None)
        if due is None:
            return None
        return api.portal.get_localized_time(datetime=due)

    def my_applications_url(self):
        return f"{api.portal.get().absolute_url()}/@@permohonan-saya"
