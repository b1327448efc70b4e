"""1012 -> 1013: edits of public content purge the cluster's cache (issue 14).

plone.app.caching's profile gives the site the registry records of
plone.cachepurging (``ICachePurgingSettings``: proxies, on/off) and of
``purgedContentTypes``; its caching operations stay off (``plone.caching``
``enabled`` False: the headers are ``security/caching.py``'s).  Then our
``registry/caching.xml`` adds our public types to ``purgedContentTypes``.
Nothing is purged until the site has a proxy (``cachingProxies``).
"""

from plone import api
from plone.base.utils import get_installer

import logging

logger = logging.getLogger("ptsp_portal.upgrades")
PROFILE = "profile-ptsp_portal:default"
PURGED_TYPES = "plone.app.caching.interfaces.IPloneCacheSettings.purgedContentTypes"


def cache_purging(context):
    portal = api.portal.get()
    installer = get_installer(portal)
    if not installer.is_product_installed("plone.app.caching"):
        installer.install_product("plone.app.caching")
    api.portal.get_tool("portal_setup").runImportStepFromProfile(
        PROFILE, "plone.app.registry", run_dependencies=False
    )
    logger.info("plone.app.caching installed for purging; purged types: %s", purged_types())


def purged_types():
    return api.portal.get_registry_record(PURGED_TYPES)
