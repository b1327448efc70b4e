"""1014 -> 1015: documents stored before 1014 leave the catalog and the
intid utility (issue 14, §1).

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
from ptsp_portal.content.document import IUncataloguedDocument
from ptsp_portal.upgrades.v1014 import _forget_intid
from zope.component import queryUtility
from zope.interface import alsoProvides
from zope.intid.interfaces import IIntIds

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def documents_uncatalogued(context):
    catalog = api.portal.get_tool("portal_catalog")
    intids = queryUtility(IIntIds)
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION):
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
    logger.info("%s documents stored before 1014: out of the catalog, no intid", count)
