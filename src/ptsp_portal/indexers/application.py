"""Catalog indexers of PermitApplication."""

from plone.indexer import indexer
from Products.CMFPlone.CatalogTool import getObjPositionInParent
from ptsp_portal.applications.retention import closed_at
from ptsp_portal.content.application import IApplicationDocument
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.workflow import actors


@indexer(IPermitApplication)
def permit_type_uid(obj):
    permit_type = obj.permit_type_object()
    return permit_type.UID() if permit_type is not None else None


@indexer(IPermitApplication)
def permit_type_title(obj):
    permit_type = obj.permit_type_object()
    return permit_type.Title() if permit_type is not None else None


@indexer(IPermitApplication)
def searchable_text(obj):
    """Tracking number and applicant name only: never NIK, address or answers."""
    return " ".join(filter(None, (obj.tracking_number, obj.applicant_name)))


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
    """A citizen's document is found by its name, never by its content: no
    text extraction of private files (and no pdftotext on every upload)."""
    return obj.Title()
