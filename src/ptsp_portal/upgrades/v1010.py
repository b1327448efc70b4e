"""1009 -> 1010: retention of rejected and withdrawn applications (issue 12, §6).

configure.zcml imports the profile's ``plone.app.registry`` (the record
``ptsp_portal.retention_days``, 0: off; existing records keep their values)
and ``catalog`` (the index ``closed_date`` and the column
``personal_data_removed``; existing indexes keep their entries) before this
code runs.  Nothing is removed by the upgrade: retention stays off until an
office sets its period.
"""

from plone import api
from ptsp_portal.constants import FINAL_STATES
from ptsp_portal.constants import PERMIT_APPLICATION

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def closed_date_index(context):
    """Applications already in a final state get their ``closed_date`` (and
    the new column); the others get it at their final step."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=PERMIT_APPLICATION, review_state=list(FINAL_STATES)
    )
    count = 0
    for brain in brains:
        brain._unrestrictedGetObject().reindexObject(idxs=["closed_date"])
        count += 1
    logger.info("%s closed applications indexed by closed_date", count)
