"""1003 -> 1004: citizens see no other people; corrections through revision only
(issue 12).

configure.zcml imports the profile's ``workflow`` (the applicant loses
"Modify portal content" in ``revision``; "Sharing page: Delegate roles" on
applications is Manager and Site Administrator only, in every state) and
``rolemap`` ("List portal members" no longer for every Member) before this
code runs.
"""

from plone import api
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.constants import PERMIT_APPLICATION

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def applications_follow_workflow(context):
    """Every application gets the new workflow's permission mapping: the
    Sharing permission is new in all states, Modify changed in ``revision``.
    View is unchanged, so the catalog's security index needs no update."""
    workflow = api.portal.get_tool("portal_workflow")[APPLICATION_WORKFLOW]
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION):
        workflow.updateRoleMappingsFor(brain._unrestrictedGetObject())
        count += 1
    logger.info("%s applications follow the new workflow permissions", count)
