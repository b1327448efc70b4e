"""1004 -> 1005: four-eyes and the public revocation reason (issue 12, §6).

configure.zcml imports the profile's ``plone.app.registry`` (the new record
``ptsp_portal.four_eyes``, on; existing records keep their values) and
``workflow`` (the four-eyes guards of ``recommend`` and ``approve``) before
this code runs.  The new field ``revocation_public_reason`` needs nothing:
permits revoked before have none, and verification shows the neutral
sentence for them (no longer the approver's comment).
"""

from plone import api
from ptsp_portal.constants import PERMIT_APPLICATION

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def four_eyes(context):
    """``ptsp_actors`` of every application gets the ``!user:`` tokens of
    the people four-eyes bars, so "my tasks" leaves them out."""
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION):
        brain._unrestrictedGetObject().reindexObject(idxs=["ptsp_actors"])
        count += 1
    logger.info("%s applications reindexed for four-eyes", count)
