"""The EasyForm action "Create permit application".

Registered like collective.easyform's own actions (an ``Action`` subclass
with its settings schema ``ICreatePermitApplication``, an ``ActionFactory``
guarded by its own permission, and a supermodel handler); its dotted name
``ptsp_portal.forms.action.CreatePermitApplication`` is stored in every
form's ``actions_model``.  On a valid submission it hands the answers and
uploads to ``submission.submit`` - the
same code path as the REST ``@apply`` service - which creates the
``PermitApplication`` through ``intake.create_application``.

Errors are returned the way EasyForm expects from an action (a dict field ->
message): the form is shown again with the citizen's answers and a message
at each field, and everything the action did is rolled back.
"""

from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from collective.easyform.api import get_context
from collective.easyform.api import get_schema
from collective.easyform.config import FORM_ERROR_MARKER
from plone import api
from plone.namedfile.interfaces import INamed
from plone.supermodel.exportimport import BaseHandler
from ptsp_portal import _
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.limits import LimitExceeded
from ptsp_portal.counter import filing as counter_filing
from ptsp_portal.drafts import saving as drafts
from ptsp_portal.forms.fields import field_kind
from ptsp_portal.forms.interfaces import ICreatePermitApplication
from ptsp_portal.forms.model import permit_type_of
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.forms.model import Upload
from zope.i18n import translate
from zope.interface import implementer

# where the action leaves the new application for the form view
APPLICATION_KEY = "ptsp_portal.application"
# and, at the counter, its claim code (shown once)
COUNTER_CODE_KEY = "ptsp_portal.counter.claim_code"


def _errors(exc, fields, request):
    """An ``IntakeError`` as EasyForm's errors (field -> message)."""
    errors = {}
    for name, message in exc.errors.items():
        key = name if name in fields else FORM_ERROR_MARKER
        text = translate(message, context=request)
        errors[key] = f"{errors[key]} {text}" if key in errors else text
    if FORM_ERROR_MARKER not in errors:
        errors[FORM_ERROR_MARKER] = translate(
            _("Permohonan belum terkirim: periksa isian yang ditandai."),
            context=request,
        )
    return errors


def _upload(value):
    if value is None or not INamed.providedBy(value):
        return None
    return Upload(value.filename or "", value.contentType or "", value.data)


@implementer(ICreatePermitApplication)
class CreatePermitApplication(Action):
    __doc__ = ICreatePermitApplication.__doc__

    def __init__(self, **kw):
        for name, field in ICreatePermitApplication.namesAndDescriptions():
            setattr(self, name, kw.pop(name, field.default))
        super().__init__(**kw)

    def onSuccess(self, fields, request):
        form = get_context(self)
        permit_type = permit_type_of(form)
        if permit_type is None:
            return {
                FORM_ERROR_MARKER: translate(
                    _("Formulir ini tidak terhubung dengan jenis izin."), context=request
                )
            }
        if api.user.is_anonymous():
            return {
                FORM_ERROR_MARKER: translate(
                    _("Silakan masuk (login) terlebih dahulu untuk mengajukan permohonan."), context=request
                )
            }
        schema = get_schema(form)
        rows = requirement_rows(permit_type)
        answers, uploads, extra_titles = {}, {}, {}
        for name, value in fields.items():
            field = schema.get(name)
            kind = field_kind(field) if field is not None else None
            if kind == "label":
                continue
            if kind == "file" or name in rows:
                upload = _upload(value)
                if upload is not None:
                    uploads[name] = upload
                if name not in rows:
                    extra_titles[name] = field.title or name
                continue
            answers[name] = value
        user_id = api.user.get_current().getId()
        if counter_filing.ICounterFiling.providedBy(request) and counter_filing.is_front_office():
            # at the counter (browser/counter.py): the walk-in citizen's answers
            try:
                application, code = counter_filing.submit(
                    permit_type, user_id, answers, uploads, extra_titles
                )
            except IntakeError as exc:
                return _errors(exc, fields, request)
            request.set(APPLICATION_KEY, application)
            request.set(COUNTER_CODE_KEY, code)
            return None
        try:
            draft = None
            contract = None
            if request.form.get(drafts.FORM_PARAM):
                # a saved draft: its documents count unless replaced
                draft = drafts.find(user_id, request.form[drafts.FORM_PARAM], permit_type)
                for name, upload in drafts.draft_uploads(draft).items():
                    if name in rows or name in extra_titles:
                        uploads.setdefault(name, upload)
                contract = drafts.draft_contract(draft)
            application = drafts.submit_maybe_draft(
                permit_type, user_id, answers, uploads, extra_titles, contract, draft
            )
        except IntakeError as exc:
            if isinstance(exc, LimitExceeded):
                request.response.setStatus(429)
                request.response.setHeader("Retry-After", str(exc.retry_after))
            return _errors(exc, fields, request)
        request.set(APPLICATION_KEY, application)
        return None


CreatePermitApplicationAction = ActionFactory(
    CreatePermitApplication,
    _("Buat permohonan izin"),
    # the permission by its id (looked up as a utility); permissions.py has its title
    "ptsp_portal.AddCreateApplicationAction",
)
CreatePermitApplicationHandler = BaseHandler(CreatePermitApplication)
