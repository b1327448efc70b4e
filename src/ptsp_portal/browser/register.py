"""``@@register`` that never dead-ends in English.

Plone's registration form, unchanged while registration can work.  When it
cannot (self-registration on, but no mail server or sender address to send
the link that sets the password: ``accounts.registration``), the page says
so in the site's language and gives the office's contact, instead of
Plone's "This site doesn't have a valid email setup".  A failed
registration opens with the error summary (``ptsp_portal.phoneforms``).
"""

from plone.app.users.browser.register import RegistrationForm
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ptsp_portal.accounts import registration
from ptsp_portal.phoneforms.summary import ErrorSummaryMixin


class PtspRegistrationForm(ErrorSummaryMixin, RegistrationForm):
    unavailable = ViewPageTemplateFile("templates/registration_unavailable.pt")
    # with the error summary of a failed registration (phoneforms)
    template = ViewPageTemplateFile("../phoneforms/templates/register_form.pt")
    summary_in_template = True

    def office(self):
        return registration.office_contact()

    def render(self):
        if not self._finishedRegister and registration.registration_unavailable():
            return self.unavailable()
        return super().render()
