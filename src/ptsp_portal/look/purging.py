"""When the office changes its look, the shared cache forgets the
stylesheet, the logo and the site's own pages (their header and footer
carry the name and logo): a ``Purge`` of the site, after the commit, with
``LookPurgePaths`` naming the stylesheet and the logo (plone.cachepurging,
as ``security/purging.py`` for content)."""

from plone.registry.interfaces import IRecordModifiedEvent
from z3c.caching.interfaces import IPurgePaths
from z3c.caching.purge import Purge
from zope.component import adapter
from zope.component.hooks import getSite
from zope.event import notify
from zope.interface import implementer

# the records whose change shows in the header, the footer or the stylesheet
LOOK_RECORDS = frozenset(
    f"ptsp_portal.{name}"
    for name in (
        "office_name",
        "office_address",
        "office_logo",
        "colour_primary",
        "colour_link",
        "colour_header_background",
        "colour_header_text",
        "colour_footer_background",
        "colour_footer_text",
        "footer_address",
        "footer_phone",
        "footer_hours",
        "footer_social_links",
    )
)
LOOK_VIEWS = ("ptsp-tampilan.css", "@@ptsp-tampilan.css", "ptsp-logo", "@@ptsp-logo")


@implementer(IPurgePaths)
class LookPurgePaths:
    """The stylesheet and the logo, at each address they are served."""

    def __init__(self, context):
        self.context = context

    def getRelativePaths(self):
        path = "/" + self.context.virtual_url_path().strip("/")
        base = "" if path == "/" else path
        return [f"{base}/{name}" for name in LOOK_VIEWS]

    def getAbsolutePaths(self):
        return []


@adapter(IRecordModifiedEvent)
def look_changed(event):
    if event.record.__name__ not in LOOK_RECORDS:
        return
    site = getSite()
    if site is not None and hasattr(site, "virtual_url_path"):
        notify(Purge(site))
