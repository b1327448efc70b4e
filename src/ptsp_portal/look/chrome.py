"""The citizen's chrome (issue 16 §4): which pages are the portal's
functional pages, where no author/modified byline belongs.

Functional pages are the pages of an office procedure rather than of a
text an editor wrote: every view of this add-on (``ptsp_portal.browser``:
Permohonan Saya, the queues, tracking, verification, the revision page,
complaints, statistics …) except the public text pages of a permit type and
a regulation (``CONTENT_VIEWS``); and every page of an application, a
complaint or a permit type's form (``FUNCTIONAL_TYPES``).

The toolbar is Plone's own permission "Show Toolbar" (what Plone's toolbar
and member tools test), which ``profiles/default/rolemap.xml`` gives to the
roles that edit, review or handle something instead of to every
authenticated user: a citizen (Member, and Owner of their own applications)
never holds it; an editor or officer holds it where their role applies.
"""

from ptsp_portal.constants import COMPLAINT
from ptsp_portal.constants import PERMIT_APPLICATION

SHOW_TOOLBAR = "Show Toolbar"
# who sees Plone's toolbar (rolemap.xml says the same, for "Show Toolbar")
TOOLBAR_ROLES = (
    "Manager",
    "Site Administrator",
    "Editor",
    "Contributor",
    "Reviewer",
    "Reader",
    "Verifier",
    "TechnicalReviewer",
    "Approver",
    "ComplaintHandler",
)
FUNCTIONAL_MODULE = "ptsp_portal.browser."
CONTENT_VIEWS = ("PermitTypeView", "RegulationView")
FUNCTIONAL_TYPES = (PERMIT_APPLICATION, COMPLAINT, "EasyForm")


def _class_of(view):
    # a browser:page with a class is a generated subclass of it: look at its bases
    for cls in type(view).__mro__:
        if cls.__module__.startswith(FUNCTIONAL_MODULE):
            return cls
    return None


def is_functional_page(context, view):
    """Is ``view`` of ``context`` one of the portal's functional pages?"""
    if getattr(context, "portal_type", None) in FUNCTIONAL_TYPES:
        return True
    cls = _class_of(view) if view is not None else None
    return cls is not None and cls.__name__ not in CONTENT_VIEWS
