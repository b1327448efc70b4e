"""Catalog indexers: prefixed names for generic attributes, so listings and
filters read brains (see profiles/default/catalog.xml)."""

from plone.indexer import indexer
from ptsp_portal.content.permit_type import IPermitType
from ptsp_portal.content.regulation import IRegulation
from ptsp_portal.regulations import jdihn


@indexer(IPermitType)
def permit_code(obj):
    return obj.code


@indexer(IRegulation)
def regulation_number(obj):
    return obj.number


@indexer(IRegulation)
def regulation_year(obj):
    return obj.year


@indexer(IRegulation)
def regulation_status(obj):
    return obj.status


@indexer(IRegulation)
def jdih_metadata(obj):
    """The regulation's values for the JDIHN feed (a metadata column)."""
    return jdihn.metadata(obj)
