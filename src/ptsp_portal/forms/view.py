"""The web form of a permit type and the page after a submission.

``@@view`` of a permit form is EasyForm's own form view with three changes:
it needs a logged-in citizen (anonymous visitors are sent to log in and come
back to the form), it is closed while the permit type is not online, and
after a successful submission it redirects (post/redirect/get, so a reload
cannot apply twice) to ``@@permohonan-terkirim``, which shows the tracking
number and links to the application.
"""

from AccessControl import Unauthorized
from collective.easyform.browser.view import EasyFormForm
from collective.easyform.browser.view import EasyFormFormWrapper
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal.applications.tracking import MalformedNumber
from ptsp_portal.applications.tracking import normalize
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.forms.action import APPLICATION_KEY
from ptsp_portal.forms.model import action_settings
from ptsp_portal.forms.model import permit_type_of
from urllib.parse import urlencode

THANKS_VIEW = "permohonan-terkirim"


class PermitForm(EasyFormForm):
    """EasyForm's form; after a successful submission, redirect."""

    def update(self):
        super().update()
        application = self.request.get(APPLICATION_KEY)
        if application is not None:
            url = f"{self.context.absolute_url()}/@@{THANKS_VIEW}?" + urlencode(
                {"nomor": application.tracking_number}
            )
            self.request.response.redirect(url)


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
