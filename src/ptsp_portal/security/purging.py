"""What the cluster's cache must forget when public content changes
(issue 14): plone.cachepurging sends ``PURGE`` for the paths every
``IPurgePaths`` adapter of the changed object names, after the commit, to
the proxies of Site Setup > Caching > purging (``cachingProxies``;
``make cluster`` sets its Varnish).

plone.app.caching's adapters name the object's own pages (``/x``, ``/x/``,
``/x/view``, its default view).  Ours adds the pages of ours that list it:
its section (the catalogue ``/layanan``, the regulations ``/regulasi``, the
news ``/berita``) and the home page (featured services, latest news), each
as ``/p``, ``/p/``, ``/p/view`` and ``/p/<layout>``.  Which types purge at
all is the registry's ``purgedContentTypes`` (profiles/default/registry/
caching.xml).  Only the purging of plone.app.caching is used: its caching
operations stay off (``plone.caching`` ``enabled`` False), the headers are
``security/caching.py``'s.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from plone.base.interfaces.siteroot import IPloneSiteRoot
from ptsp_portal.regulations.citations import citing_permit_types
from z3c.caching.interfaces import IPurgePaths
from zope.component.hooks import getSite
from zope.interface import implementer


def page_paths(container):
    """The URLs (paths) under which ``container``'s own page is served."""
    path = "/" + container.virtual_url_path().strip("/")
    base = "" if path == "/" else path
    paths = [path, base + "/", base + "/view"]
    layout = getattr(container, "getLayout", lambda: None)()
    if layout:
        paths.append(f"{base}/{layout}")
    return paths


@implementer(IPurgePaths)
class ListingPurgePaths:
    """The listing pages of a permit type, regulation or news item: its
    section and the home page."""

    def __init__(self, context):
        self.context = context

    def getRelativePaths(self):
        paths = []
        parent = aq_parent(aq_inner(self.context))
        for container in (parent, getSite()):
            if container is None or not hasattr(container, "virtual_url_path"):
                continue
            paths.extend(p for p in page_paths(container) if p not in paths)
            if IPloneSiteRoot.providedBy(container):
                break  # the section is the site itself
        return paths

    def getAbsolutePaths(self):
        return []


# the JDIHN feed (regulations/jdihn.py), at each address it is served
JDIHN_FEED = ("integrasi-jdihn", "@@integrasi-jdihn", "++api++/@jdihn", "@jdihn")


def site_paths(names):
    """``/<site>/<name>`` for each of ``names``."""
    site = getSite()
    if site is None or not hasattr(site, "virtual_url_path"):
        return []
    path = "/" + site.virtual_url_path().strip("/")
    base = "" if path == "/" else path
    return [f"{base}/{name}" for name in names]


@implementer(IPurgePaths)
class RegulationCitationsPurgePaths:
    """What else shows a regulation: the JDIHN feed, and the pages of the
    permit types whose legal basis cites it (their "Dasar hukum" lists its
    title and status)."""

    def __init__(self, context):
        self.context = context

    def getRelativePaths(self):
        paths = site_paths(JDIHN_FEED)
        for permit_type in citing_permit_types(self.context):
            paths.extend(p for p in page_paths(permit_type) if p not in paths)
        return paths

    def getAbsolutePaths(self):
        return []


# the "Standar Pelayanan" overview (service_standard/overview.py)
SERVICE_STANDARD = ("standar-pelayanan", "@@standar-pelayanan")


@implementer(IPurgePaths)
class ServiceStandardPurgePaths:
    """A permit type also purges the overview that lists its components."""

    def __init__(self, context):
        self.context = context

    def getRelativePaths(self):
        return site_paths(SERVICE_STANDARD)

    def getAbsolutePaths(self):
        return []
