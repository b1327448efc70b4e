"""The "Standar Pelayanan" overview (``@@standar-pelayanan``): every permit
type's public components (PermenPANRB 15/2014: requirements, procedure,
time, fee, product, complaint handling; and the legal basis), each linked to
the section of the permit type's own page that holds it.

Computed from the permit types when asked, so it is never out of date: a
shared cache keeps the page and every change of a permit type purges it
(security/purging.py).  The rows come from catalog brains; a permit type is
woken only for what the catalog does not hold (the product and the number
of requirements) — a few dozen objects, on a page the cache serves."""

from plone import api
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.i18n.formatting import format_rupiah
from ptsp_portal.i18n.formatting import format_service_days

# the service pledge: a page the office writes, at the site's root
PLEDGE_ID = "maklumat-pelayanan"
# the public accountability channels (views of the site; issue 15 §1-3)
COMPLAINTS_VIEW = "@@pengaduan"
SURVEY_VIEW = "@@skm"
STATISTICS_VIEW = "@@statistik"
OVERVIEW_VIEW = "@@standar-pelayanan"


def _site_path(site):
    return "/".join(site.getPhysicalPath())


def pledge(site):
    """The brain of the published-to-me service pledge page, or None."""
    catalog = api.portal.get_tool("portal_catalog")
    found = catalog.searchResults(path={"query": f"{_site_path(site)}/{PLEDGE_ID}", "depth": 0})
    return found[0] if found else None


def permit_types(site):
    """Brains of the permit types the current user may see, in the order
    editors gave them."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.searchResults(
        portal_type=PERMIT_TYPE, path=_site_path(site), sort_on="getObjPositionInParent"
    )


def row(brain):
    """What the overview shows of one permit type."""
    permit_type = brain.getObject()
    url = brain.getURL()
    requirements = [r for r in permit_type.requirements or [] if r.get("title")]
    return {
        "title": brain.Title,
        "url": url,
        "description": brain.Description,
        "requirements": len(requirements),
        "procedure": bool(permit_type.procedure and permit_type.procedure.output.strip()),
        "service_days": format_service_days(brain.service_days),
        "fee": format_rupiah(brain.fee_amount),
        "output_product": permit_type.output_product or "",
        "legal_basis": len([r for r in permit_type.legal_basis or [] if not r.isBroken()]),
        "complaint_handling": bool(permit_type.complaint_handling),
        "online": bool(brain.online),
    }


def rows(site):
    return [row(brain) for brain in permit_types(site)]


def channels(site):
    """The office's public accountability pages, by name."""
    base = site.absolute_url()
    found = pledge(site)
    return {
        "pledge": found.getURL() if found is not None else None,
        "overview": f"{base}/{OVERVIEW_VIEW}",
        "complaints": f"{base}/{COMPLAINTS_VIEW}",
        "survey": f"{base}/{SURVEY_VIEW}",
        "statistics": f"{base}/{STATISTICS_VIEW}",
    }
