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
from ptsp_portal.forms.action import APPLICATION_KEY
from ptsp_portal.forms.formsync import permit_type_of
from ptsp_portal.forms.submission import action_settings
from urllib.parse import urlencode

import re

THANKS_VIEW = "permohonan-terkirim"
_NUMBER = re.compile(r"^[A-Z][A-Z0-9]{0,9}-\d{4}-\d{6}$")


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
                _(
                    "Jenis izin ini belum dapat diajukan secara daring; silakan "
                    "datang ke loket DPMPTSP."
                ),
                type="warning",
            )
            self.request.response.redirect(permit_type.absolute_url())
            return ""
        if api.user.is_anonymous():
            # Plone's challenge sends the visitor to the login form, which
            # brings them back here (came_from) afterwards
            raise Unauthorized("Applying needs a logged-in citizen")
        self.update()
        if self.request.response.getStatus() in (301, 302, 303):
            return ""
        return self.render()


class ThanksView(BrowserView):
    """Shows the tracking number of a submission, to its applicant only
    (the application is looked up with the visitor's own permissions)."""

    index = ViewPageTemplateFile("templates/thanks.pt")

    def __call__(self):
        number = (self.request.form.get("nomor") or "").strip().upper()
        self.number = number if _NUMBER.match(number) else None
        self.application = None
        if self.number and not api.user.is_anonymous():
            brains = api.content.find(portal_type="PermitApplication", tracking_number=self.number)
            if brains:
                self.application = brains[0].getObject()
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
        portal = api.portal.get()
        # the citizen's list of applications, when the site has it
        for name in ("permohonan-saya", "my-applications"):
            try:
                view = api.content.get_view(name=name, context=portal, request=self.request)
            except Exception:
                view = None
            if view is not None:
                return f"{portal.absolute_url()}/@@{name}"
        return None
