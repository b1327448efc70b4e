"""1022 -> 1023: renewal of permits with a validity (issue 19 §4).

configure.zcml imports the profile's ``plone.app.registry`` first (the
record ``ptsp_portal.renewal_reminder_days``; existing records keep their
values).  This adds the DateIndex ``valid_until`` (reminders and the
holder's cards query it), the FieldIndex ``renewal_of_uid`` and the column
``renewal_of`` when the catalog lacks them, and indexes ``valid_until`` of
every issued or revoked application (the only ones with a date).  Running
it again changes nothing.
"""

from plone import api
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.renewal.policy import RENEWAL_OF
from ptsp_portal.renewal.policy import RENEWAL_OF_UID
from ptsp_portal.renewal.reminders import DEFAULT_DAYS
from ptsp_portal.renewal.reminders import RECORD

import logging

logger = logging.getLogger("ptsp_portal.upgrades")
VALID_UNTIL = "valid_until"


def _add_indexes(catalog):
    if VALID_UNTIL not in catalog.indexes():
        catalog.addIndex(VALID_UNTIL, "DateIndex")
        catalog._catalog.getIndex(VALID_UNTIL).index_naive_time_as_local = True
    if RENEWAL_OF_UID not in catalog.indexes():

        class Extra:
            indexed_attrs = [RENEWAL_OF_UID]

        catalog.addIndex(RENEWAL_OF_UID, "FieldIndex", Extra)
    if RENEWAL_OF not in catalog.schema():
        catalog.addColumn(RENEWAL_OF)


def renewal(context):
    if api.portal.get_registry_record(RECORD, default=None) is None:
        api.portal.set_registry_record(RECORD, list(DEFAULT_DAYS))
    catalog = api.portal.get_tool("portal_catalog")
    _add_indexes(catalog)
    count = 0
    for brain in catalog.unrestrictedSearchResults(
        portal_type=PERMIT_APPLICATION, review_state=("issued", "revoked")
    ):
        application = brain._unrestrictedGetObject()
        catalog._reindexObject(application, idxs=[VALID_UNTIL], update_metadata=0)
        count += 1
    logger.info("renewal: valid_until indexed on %d permits", count)
