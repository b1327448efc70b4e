"""1005 -> 1006: an application belongs to a verified account (issue 12, §3).

configure.zcml imports the profile's ``plone.app.registry`` first: the new
records ``ptsp_portal.max_pending_per_account`` and
``ptsp_portal.max_submissions_per_day`` (50 each; existing records keep
their values).  Existing applications were filed online by their creator:
``filed_by`` and ``channel`` say so.  Their NIK stays unverified
(``applicant_nik_verified`` false): it was only typed.
"""

from plone import api
from ptsp_portal.constants import CHANNEL_ONLINE
from ptsp_portal.constants import PERMIT_APPLICATION

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def filed_by_creator(context):
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION):
        application = brain._unrestrictedGetObject()
        changed = False
        if not getattr(application, "filed_by", None) and application.Creator():
            application.filed_by = application.Creator()
            changed = True
        if "channel" not in application.__dict__:
            application.channel = CHANNEL_ONLINE
            changed = True
        count += changed
    logger.info("%s applications marked as filed online by their creator", count)
