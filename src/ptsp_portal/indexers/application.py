"""Catalog indexers of PermitApplication."""

from plone.indexer import indexer
from Products.CMFPlone.CatalogTool import getObjPositionInParent
from ptsp_portal.applications.names import keywords
from ptsp_portal.applications.retention import closed_at
from ptsp_portal.content.application import IApplicationDocument
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.workflow import actors


@indexer(IPermitApplication)
def permit_type_uid(obj):
    if isinstance(obj.permit_type, str):
        return obj.permit_type
    permit_type = obj.permit_type_object()  # a relation, before version 1013
    return permit_type.UID() if permit_type is not None else None


@indexer(IPermitApplication)
def permit_type_title(obj):
    permit_type = obj.permit_type_object()
    return permit_type.Title() if permit_type is not None else None


@indexer(IPermitApplication)
def searchable_text(obj):
    """Applications are not in Plone's text index (found by number through
    ``tracking_number``, by name through ``applicant_words``: see
    ``applications.names``); also not when the catalog is rebuilt."""
    raise AttributeError("SearchableText")


@indexer(IPermitApplication)
def applicant_words(obj):
    return keywords(obj.applicant_name)


@indexer(IPermitApplication)
def sortable_title(obj):
    """Applications sort by title in the order they came in, to the minute.
    Their title is the tracking number: as Plone's sortable title every
    submission added a new key after the last one, into the last bucket of
    the index, whose split (every fifteen submissions) conflicted with every
    submission in flight.  A minute is one key for all of its submissions."""
    return obj.created().strftime("%Y-%m-%d %H:%M")


@indexer(IPermitApplication)
def position_in_parent(obj):
    """Plone's position, or 0 in an unordered ``/permohonan``: Plone's
    indexer gives ``None`` there, which leaves the application out of the
    index, and sorting on it (folder contents, a REST GET of the folder)
    would then drop the application from the results."""
    position = getObjPositionInParent.callable(obj)
    return 0 if position is None else position


@indexer(IPermitApplication)
def closed_date(obj):
    """When the application entered its final state; not indexed before."""
    closed = closed_at(obj)
    if closed is None:
        raise AttributeError("closed_date")
    return closed


@indexer(IPermitApplication)
def ptsp_actors(obj):
    return actors(obj)


@indexer(IApplicationDocument)
def document_searchable_text(obj):
    """A document stored before version 1013 (a catalogued File; newer ones
    are not catalogued: content/document.py) is found by its name, never by
    its content: no text extraction of private files."""
    return obj.Title()
