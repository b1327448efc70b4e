"""1019 -> 1020: the public service statistics (issue 15, section 3).

Adds the KeywordIndex ``ptsp_statistics`` (``statistics/keys.py``) when
the catalog lacks it, records on every application already decided what
a decision records now (``statistics/recording.py``, from its workflow
history: when, the outcome, the working days without revision time, within
the service days or not) and indexes ``ptsp_statistics`` of every
application.  Wakes each application once; running it again changes nothing.
"""

from plone import api
from ptsp_portal.applications.progress import history_of
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.statistics import recording
from ptsp_portal.statistics.keys import INDEX
from ptsp_portal.working_days import WorkingCalendar

import logging
import transaction

logger = logging.getLogger("ptsp_portal.upgrades")
COMMIT_EVERY = 500


def _add_index(catalog):
    if INDEX in catalog.indexes():
        return

    class Extra:
        indexed_attrs = [INDEX]

    catalog.addIndex(INDEX, "KeywordIndex", Extra)


def statistics(context):
    catalog = api.portal.get_tool("portal_catalog")
    _add_index(catalog)
    calendar = WorkingCalendar()
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION):
        application = brain._unrestrictedGetObject()
        if not recording.is_recorded(application):
            recording.from_history(application, history_of(application), calendar)
        catalog._reindexObject(application, idxs=[INDEX], update_metadata=0)
        count += 1
        if count % COMMIT_EVERY == 0:
            transaction.savepoint(optimistic=True)
    logger.info("statistics: %d applications indexed", count)
