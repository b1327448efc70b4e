"""1010 -> 1011: two-factor login (issue 12, section 5).

Adds the PAS plugin ``ptsp_two_factor`` (it keeps the second factors and
extracts the second step of ``/login``; see ``security/twofactor``) after the
profile steps re-imported by the group: the registry records
``ptsp_portal.two_factor_*`` (required: off), the permission "ptsp_portal:
Reset second factor" (Managers) and the personal-bar action "Verifikasi dua
langkah".  Nobody's login changes until someone enrols or a Manager switches
the requirement on.
"""

from plone import api
from ptsp_portal.security.twofactor import plugin as twofactor

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def two_factor_login(context):
    twofactor.install(api.portal.get())
    logger.info("two-factor plugin %s installed", twofactor.PLUGIN_ID)
