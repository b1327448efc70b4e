"""1013 -> 1014: what a submission writes besides itself (issue 14, §1).

Applications made before this version are brought to what the intake
writes now:

- ``permit_type`` holds the permit type's UID, no longer a relation: the
  relation is taken out of the relation catalog and the intid utility;
- the application has no intid (nothing refers to it by one);
- it is out of Plone's text indexes (``SearchableText``, ``Title``,
  ``Description``): found by number through ``tracking_number``, by name
  through the new KeywordIndex ``applicant_words`` (added here when the
  catalog lacks it);
- ``sortable_title`` is the minute it was made (see ``indexers``).

Documents stored before stay plain catalogued Files; new ones are
``ApplicationDocument``s, neither catalogued nor given an intid.
"""

from five.intid.keyreference import KeyReferenceToPersistent
from plone import api
from ptsp_portal.applications import names
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.content.application import NOT_INDEXED
from z3c.relationfield.interfaces import IRelationValue
from zc.relation.interfaces import ICatalog
from zope.component import queryUtility
from zope.intid.interfaces import IIntIds

import logging

logger = logging.getLogger("ptsp_portal.upgrades")
REINDEXED = ["applicant_words", "sortable_title", "permit_type_uid"]


def _add_index(catalog):
    if names.INDEX in catalog.indexes():
        return

    class Extra:
        indexed_attrs = [names.INDEX]

    catalog.addIndex(names.INDEX, "KeywordIndex", Extra)


def _forget_intid(intids, obj):
    """Unregister ``obj`` without its key reference adapter (applications
    no longer adapt to one)."""
    key = KeyReferenceToPersistent(obj)
    uid = intids.ids.get(key)
    if uid is not None:
        del intids.refs[uid]
        del intids.ids[key]


def _uid_instead_of_relation(application, relations, intids):
    relation = application.__dict__.get("permit_type")
    if not IRelationValue.providedBy(relation):
        return False
    target = None if relation.isBroken() else relation.to_object
    if relations is not None:
        try:
            relations.unindex(relation)
        except KeyError:
            pass  # not catalogued
    if intids is not None:
        try:
            intids.unregister(relation)
        except KeyError:
            pass  # had no intid
    application.permit_type = target.UID() if target is not None else None
    return True


def applications_written_alone(context):
    catalog = api.portal.get_tool("portal_catalog")
    _add_index(catalog)
    intids = queryUtility(IIntIds)
    relations = queryUtility(ICatalog)
    count = migrated = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION):
        application = brain._unrestrictedGetObject()
        if _uid_instead_of_relation(application, relations, intids):
            migrated += 1
        if intids is not None:
            _forget_intid(intids, application)
        rid = brain.getRID()
        for name in NOT_INDEXED:
            index = catalog._catalog.indexes.get(name)
            if index is not None:
                index.unindex_object(rid)
        application.reindexObject(idxs=REINDEXED)
        count += 1
    logger.info("%s applications: out of the text indexes, no intid; %s relations made UIDs", count, migrated)
