"""Catalog search over regulations, shared by the ``regulasi`` page and the
``@regulations`` REST service: brains only, batched."""

from plone import api
from plone.base.utils import munge_search_term
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.ParseTree import QueryError
from ptsp_portal.constants import REGULATION
from ptsp_portal.vocabularies import REGULATION_STATUSES
from ptsp_portal.vocabularies import REGULATION_TYPES

UNUSABLE_TERM = "search term cannot be used"


class RegulationQueryError(ValueError):
    """``field`` is invalid; ``filters`` are the valid ones read before it."""

    def __init__(self, field, message, filters=None):
        self.field = field
        self.filters = filters or {}
        super().__init__(message)


def parse_filters(form):
    """Validate request parameters ``jenis``, ``tahun``, ``status``, ``q``."""
    filters = {}
    kind = (form.get("jenis") or "").strip()
    if kind:
        if kind not in REGULATION_TYPES:
            raise RegulationQueryError("jenis", "unknown regulation type")
        filters["regulation_type"] = kind
    year = (form.get("tahun") or "").strip()
    if year:
        if not year.isdigit():
            raise RegulationQueryError("tahun", "year must be a number")
        filters["regulation_year"] = int(year)
    status = (form.get("status") or "").strip()
    if status:
        if status not in REGULATION_STATUSES:
            raise RegulationQueryError("status", "unknown status")
        filters["regulation_status"] = status
    text = (form.get("q") or "").strip()
    if text:
        # prepared as Plone's own search does: words, not query syntax
        term = munge_search_term(text)
        if not term:
            raise RegulationQueryError("q", UNUSABLE_TERM, filters)
        filters["SearchableText"] = term
    return filters


def search(context, filters):
    """Brains of the regulations below ``context`` matching ``filters``,
    newest first.  Raise ``RegulationQueryError`` for a search term the
    text index cannot parse."""
    catalog = api.portal.get_tool("portal_catalog")
    query = {
        "portal_type": REGULATION,
        "path": "/".join(context.getPhysicalPath()),
        "sort_on": ["regulation_year", "sortable_title"],
        "sort_order": ["descending", "ascending"],
        **filters,
    }
    try:
        return catalog.searchResults(query)
    except (ParseError, QueryError):
        raise RegulationQueryError("q", UNUSABLE_TERM) from None


def years(context):
    """Years that occur in the catalog, newest first (for the filter)."""
    catalog = api.portal.get_tool("portal_catalog")
    return sorted(catalog.uniqueValuesFor("regulation_year"), reverse=True)
