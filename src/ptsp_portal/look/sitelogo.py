"""The office's logo is the site's logo: Pengaturan PTSP's letterhead logo
(``ptsp_portal.office_logo``) is copied to Plone's ``plone.site_logo``
whenever it changes, so that what Plone itself shows from the site logo
(the ``og:image`` of shared links, schema.org's image) is the office's, not
Plone's.  Both records hold the image widget's ``filenameb64:…;datab64:…``."""

from plone import api
from plone.registry.interfaces import IRecordModifiedEvent
from plone.registry.interfaces import IRegistry
from zope.component import adapter
from zope.component import getUtility

OFFICE_LOGO = "ptsp_portal.office_logo"
SITE_LOGO = "plone.site_logo"


def copy_office_logo():
    """Make Plone's site logo the office's (when the office has one)."""
    value = api.portal.get_registry_record(OFFICE_LOGO, default=None)
    if value:
        api.portal.set_registry_record(SITE_LOGO, value)
    return bool(value)


@adapter(IRecordModifiedEvent)
def office_logo_changed(event):
    if event.record.__name__ != OFFICE_LOGO:
        return
    if event.newValue:
        api.portal.set_registry_record(SITE_LOGO, event.newValue)
    elif event.oldValue and api.portal.get_registry_record(SITE_LOGO, default=None) == event.oldValue:
        # the office removed its logo: so does the site, unless set apart since
        getUtility(IRegistry)[SITE_LOGO] = None
