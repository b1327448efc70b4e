"""The office's look and the citizen's chrome in the page (issue 16 §3, §4).

- ``@@ptsp-tampilan.css``: the office's colours as Barceloneta's custom
  properties (``look/office.py``), linked in the head by ``LookLinksViewlet``
  only when a colour is set; a file of its own, not inline styles (the
  Content-Security-Policy), public and purged when the settings change
  (``look_purge``).
- ``@@ptsp-logo``: the office's logo (the letterhead's), for the header.
- ``plone.logo``: the office's logo and name instead of Plone's.
- ``@@footer`` and ``@@colophon`` (the templates of Plone's footer portlets):
  the office's address, phone, hours and social links; no "Powered by Plone".
- ``plone.membertools``: the account menu in the header (Permohonan Saya,
  profil, keluar) for whoever has no toolbar; ``plone.anontools``: "Masuk"
  and "Daftar" buttons for anonymous visitors, on phones too.
- ``plone.documentbyline``: none on the portal's functional pages.
"""

from plone import api
from plone.app.layout.viewlets.common import PersonalBarViewlet
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.layout.viewlets.content import DocumentBylineViewlet
from Products.CMFPlone.utils import getSiteLogo
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ptsp_portal import _
from ptsp_portal.accounts.registration import self_registration_enabled
from ptsp_portal.look import office
from ptsp_portal.look.chrome import is_functional_page
from zExceptions import NotFound

STYLESHEET_VIEW = "ptsp-tampilan.css"
LOGO_VIEW = "ptsp-logo"
# an SVG logo opened on its own must not run anything
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


class LookStylesheetView(BrowserView):
    def __call__(self):
        self.request.response.setHeader("Content-Type", "text/css; charset=utf-8")
        return office.stylesheet()


class OfficeLogoView(BrowserView):
    def __call__(self):
        found = office.logo()
        if found is None:
            raise NotFound(LOGO_VIEW)
        data, mimetype = found
        response = self.request.response
        response.setHeader("Content-Type", mimetype)
        response.setHeader("Content-Length", str(len(data)))
        if mimetype == "image/svg+xml":
            response.setHeader("Content-Security-Policy", SVG_POLICY)
        return data


class LookLinksViewlet(ViewletBase):
    """``<link>`` to the office's stylesheet, when the office set a colour."""

    def render(self):
        if not office.colours():
            return ""
        url = f"{api.portal.get().absolute_url()}/@@{STYLESHEET_VIEW}"
        return f'<link rel="stylesheet" href="{url}" data-ptsp-look="{office.look_version()}" />'


class OfficeLogoViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/look_logo.pt")

    def update(self):
        super().update()
        self.name_lines = office.office_name_lines()
        if office.logo() is not None:
            self.logo_url = f"{api.portal.get().absolute_url()}/@@{LOGO_VIEW}"
        elif api.portal.get_registry_record("plone.site_logo", default=None):
            self.logo_url = getSiteLogo()  # one set in Plone's Site Setup
        else:
            self.logo_url = None  # the office's name alone, never Plone's logo


class OfficeFooterView(BrowserView):
    """Plone's footer portlet (``@@footer``): the office's own footer."""

    index = ViewPageTemplateFile("templates/look_footer.pt")

    def __call__(self):
        self.footer = office.footer()
        return self.index()


class NoColophonView(BrowserView):
    """Plone's colophon portlet (``@@colophon``): no "Powered by Plone"."""

    def __call__(self):
        return ""


class AccountMenuViewlet(PersonalBarViewlet):
    """The account menu in the header, for a logged-in user without the toolbar."""

    index = ViewPageTemplateFile("templates/look_account.pt")

    def update(self):
        super().update()
        portal_url = api.portal.get().absolute_url()
        state = self.context.restrictedTraverse("@@plone_context_state")
        self.available = not self.anonymous and not state.is_toolbar_visible()
        self.links = [
            {
                "id": "permohonan-saya",
                "url": f"{portal_url}/@@permohonan-saya",
                "title": _("Permohonan Saya"),
            },
            {"id": "profil", "url": f"{portal_url}/@@personal-information", "title": _("Profil")},
            {"id": "keamanan", "url": f"{portal_url}/@@ptsp-2fa", "title": _("Verifikasi dua langkah")},
            {"id": "keluar", "url": f"{portal_url}/logout", "title": _("Keluar")},
        ]

    def render(self):
        return self.index() if self.available else ""


class AnonymousLinksViewlet(ViewletBase):
    """ "Masuk" and "Daftar" in the header for anonymous visitors."""

    index = ViewPageTemplateFile("templates/look_anonymous.pt")

    def update(self):
        super().update()
        self.available = api.user.is_anonymous()
        portal_url = api.portal.get().absolute_url()
        self.login_url = f"{portal_url}/login"
        self.register_url = f"{portal_url}/@@register" if self_registration_enabled() else None

    def render(self):
        return self.index() if self.available else ""


class BylineViewlet(DocumentBylineViewlet):
    """Plone's byline, but none on the portal's functional pages."""

    def render(self):
        if is_functional_page(self.context, self.view):
            return ""
        return super().render()
