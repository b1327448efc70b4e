"""1011 -> 1012: uploaded portraits are not public (issue 12, section 8).

Plone serves ``portal_memberdata/portraits/<user id>`` to anyone, and a
citizen's user id comes from their name; Managers and Site Administrators
only from now on (``accounts.visibility.protect_portraits``).  The other
ways to people (Sharing search, author pages, ``@portrait``) are views and
need no step.
"""

from plone import api
from ptsp_portal.accounts.visibility import protect_portraits

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def private_portraits(context):
    if protect_portraits(api.portal.get()):
        logger.info("portraits viewable by Managers and Site Administrators only")
