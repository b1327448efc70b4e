"""``@@standar-pelayanan``: the overview of every permit type's public
components and the office's accountability channels
(service_standard/overview.py)."""

from Products.Five.browser import BrowserView
from ptsp_portal.service_standard import overview


class ServiceStandardView(BrowserView):
    def rows(self):
        return overview.rows(self.context)

    def channels(self):
        return overview.channels(self.context)
