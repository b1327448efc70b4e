"""1006 -> 1007: login throttling (issue 12, section 5).

Adds the PAS plugin ``ptsp_login_lockout`` to the site's ``acl_users`` and
makes it the first authentication and challenge plugin (see
``security/loginlock.py``).  It stores nothing: the counters are in memory.
"""

from plone import api
from ptsp_portal.security import loginlock

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def login_throttling(context):
    loginlock.install(api.portal.get())
    logger.info("login throttling plugin %s installed", loginlock.PLUGIN_ID)
