"""1015 -> 1016: the JDIHN feed and the service standard pages (issue 15
§4-5).

configure.zcml imports the profile's ``catalog`` (the column
``jdih_metadata``; existing indexes keep their entries) and ``actions``
(the footer's site actions "Maklumat Pelayanan", shown when the site has
the page ``maklumat-pelayanan``, and "Standar Pelayanan") before this code
runs.  The new Regulation fields need nothing: a regulation stored before
reads them empty (``bahasa``: Indonesia).  What the feed reads is the
catalog, so every regulation is catalogued again to fill its column.
"""

from plone import api
from ptsp_portal.constants import REGULATION

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def jdih_metadata(context):
    """Every regulation gets its ``jdih_metadata`` column (JDIHN feed)."""
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=REGULATION):
        brain._unrestrictedGetObject().reindexObject(idxs=["getId"])  # and the metadata
        count += 1
    logger.info("%s regulations catalogued with their JDIH metadata", count)
