"""Interfaces of the PTSP portal."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IDefaultBrowserLayer):
    """Marker for requests on a site that has ptsp_portal installed."""
