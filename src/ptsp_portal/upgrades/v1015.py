"""1014 -> 1015: what a submission writes alone is halved (issue 14, §1).

Applications leave the catalog indexes nothing queries them by
(``content.application.UNQUERIED_INDEXES``: ``object_provides`` and other
Plone indexes), as new ones are catalogued now.  And documents stored
before 1014 leave the catalog and the intid utility.

1014 stopped cataloguing new documents (``content.document``) but left
those stored before as catalogued Files with an intid: entries in the
trees every submission writes (the catalog's paths and text indexes, with
the file names' words; the intid trees) that nobody reads, since an
application lists its documents from the folder itself.  Each such File is
taken out of the catalog, loses its intid and is marked
``IUncataloguedDocument``, so that five.intid never registers it again.
They stay Files (changing the class of a stored object would mean copying
it); a File reindexes itself when it is edited in place, which nothing
does to an application's document.
"""

from plone import api
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.content.application import UNQUERIED_INDEXES
from ptsp_portal.content.document import IUncataloguedDocument
from ptsp_portal.upgrades.v1014 import _forget_intid
from zope.component import queryUtility
from zope.interface import alsoProvides
from zope.intid.interfaces import IIntIds

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def applications_and_documents_uncatalogued(context):
    catalog = api.portal.get_tool("portal_catalog")
    intids = queryUtility(IIntIds)
    count = 0
    unqueried = [
        catalog._catalog.indexes[name] for name in UNQUERIED_INDEXES if name in catalog._catalog.indexes
    ]
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION):
        rid = brain.getRID()
        for index in unqueried:
            index.unindex_object(rid)
        application = brain._unrestrictedGetObject()
        for document in application.objectValues():
            if IUncataloguedDocument.providedBy(document):
                continue
            path = "/".join(document.getPhysicalPath())
            if catalog.getrid(path) is not None:
                catalog.uncatalog_object(path)
            if intids is not None:
                _forget_intid(intids, document)
            alsoProvides(document, IUncataloguedDocument)
            count += 1
    logger.info(
        "applications out of %s; %s documents stored before 1014: out of the catalog, no intid",
        ", ".join(sorted(UNQUERIED_INDEXES)),
        count,
    )
