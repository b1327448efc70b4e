"""Which permit types cite a regulation as their legal basis
(``PermitType.legal_basis``, relations to Regulation)."""

from ptsp_portal.constants import PERMIT_TYPE
from zc.relation.interfaces import ICatalog
from zope.component import queryUtility
from zope.intid.interfaces import IIntIds

LEGAL_BASIS = "legal_basis"


def citing_permit_types(regulation):
    """The permit types whose legal basis holds ``regulation``, whoever may
    see them (from the relation catalog: no search, no permission check)."""
    intids, relations = queryUtility(IIntIds), queryUtility(ICatalog)
    to_id = intids.queryId(regulation) if intids is not None else None
    if to_id is None or relations is None:
        return []
    found = []
    for relation in relations.findRelations({"to_id": to_id, "from_attribute": LEGAL_BASIS}):
        if relation.isBroken():
            continue
        permit_type = relation.from_object
        if getattr(permit_type, "portal_type", None) == PERMIT_TYPE and permit_type not in found:
            found.append(permit_type)
    return found
