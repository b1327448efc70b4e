"""The mail a citizen gets after registering: Plone's, in the portal's words.

Plone renders it from ``@@registered_notify_template`` (on the registration
tool); its Indonesian translation in plone.app.locales leaves a placeholder
unfilled ("dalam ${expirationtime} jam") and does not say what the link is
for.  This view (on our browser layer) writes the same message in the
``ptsp_portal`` domain: the link sets the password, which also confirms the
address, and brings the citizen back to the permit form.
"""

from plone.base.utils import safe_text
from Products.CMFPlone.browser.login.password_reset import PasswordResetToolView
from ptsp_portal import _
from zope.i18n import translate


class RegisteredMailView(PasswordResetToolView):
    def registered_notify_subject(self):
        portal_name = self.portal_state().portal_title()
        return translate(
            _("Aktifkan akun Anda di ${site}", mapping={"site": safe_text(portal_name)}),
            context=self.request,
        )
