"""1016 -> 1017: saved drafts of applications (issue 17).

configure.zcml imports the profile's ``plone.app.registry`` first (the
record ``ptsp_portal.draft_days``; existing records keep their values).
Drafts themselves need nothing on an existing site: their storage (an
annotation of the site, ``ptsp_portal.drafts.store``) is made by the first
draft saved.
"""

from plone import api
from ptsp_portal.drafts.store import DAYS_RECORD
from ptsp_portal.drafts.store import DEFAULT_DAYS

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def draft_period(context):
    """The period is 30 days unless an office set one."""
    value = api.portal.get_registry_record(DAYS_RECORD, default=None)
    if not isinstance(value, int) or value < 1:
        api.portal.set_registry_record(DAYS_RECORD, DEFAULT_DAYS)
    logger.info("drafts are kept %s days", api.portal.get_registry_record(DAYS_RECORD))
