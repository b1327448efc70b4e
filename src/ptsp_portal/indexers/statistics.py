"""The statistics keys of an application (``statistics.keys``)."""

from plone.indexer import indexer
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.indexers.application import permit_type_uid
from ptsp_portal.statistics.keys import keys_of


@indexer(IPermitApplication)
def ptsp_statistics(obj):
    found = keys_of(obj, permit_type_uid.callable(obj))
    if not found:
        raise AttributeError("ptsp_statistics")
    return found
