"""The private folder ``/pengaduan`` and the complaint handlers' group.

Made by the profile's post-install handler and by the upgrade to 1019, the
same way: idempotent, so a site keeps what it has.  The group
``ptsp-complaint-handlers`` holds the role ``ComplaintHandler`` (and
Reader) on the folder only: officers of applications hold nothing there.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.constants import COMPLAINT_HANDLER_ROLE
from ptsp_portal.constants import COMPLAINT_HANDLERS_GROUP
from ptsp_portal.constants import COMPLAINTS_FOLDER
from ptsp_portal.i18n.language import in_site_language
from zope.interface import alsoProvides
from zope.interface import Interface

import logging

logger = logging.getLogger("ptsp_portal.complaints")

QUEUE_VIEW = "pengaduan-antrian"
PRIVATE_ROLES = ["Manager", "Site Administrator", "Owner", "Reader", COMPLAINT_HANDLER_ROLE]


class IComplaintsFolder(Interface):
    """Marker of ``/pengaduan`` (its queue, CSV and ``@export``)."""


def ensure_group():
    if api.group.get(groupname=COMPLAINT_HANDLERS_GROUP) is None:
        api.group.create(
            groupname=COMPLAINT_HANDLERS_GROUP,
            title=in_site_language(_("Penanganan Pengaduan")),
            description=in_site_language(
                _(
                    "Menangani pengaduan, saran dan pertanyaan masyarakat (/pengaduan); "
                    "melihat identitas pelapor."
                )
            ),
        )


def ensure_folder(portal):
    folder = portal.get(COMPLAINTS_FOLDER) if COMPLAINTS_FOLDER in portal.objectIds() else None
    if folder is not None and getattr(folder, "portal_type", None) != "Folder":
        # the office's own page or item at /pengaduan: left alone, and no
        # complaint channel until it is moved away and the upgrade run again
        logger.warning(
            "/%s is a %s, not a folder: complaints not set up", COMPLAINTS_FOLDER, folder.portal_type
        )
        return None
    if folder is None:
        with api.env.adopt_roles(["Manager"]):
            folder = api.content.create(
                container=portal,
                type="Folder",
                id=COMPLAINTS_FOLDER,
                title=in_site_language(_("Pengaduan")),
                description=in_site_language(
                    _(
                        "Pengaduan, saran dan pertanyaan masyarakat. "
                        "Hanya dapat dilihat petugas penanganan pengaduan."
                    )
                ),
                exclude_from_nav=True,
            )
        # no manual order: every listing sorts by the catalog
        folder.setOrdering("unordered")
        _make_private(folder)
    alsoProvides(folder, IComplaintsFolder)
    folder.setLayout(QUEUE_VIEW)
    folder.manage_setLocalRoles(COMPLAINT_HANDLERS_GROUP, [COMPLAINT_HANDLER_ROLE, "Reader"])
    folder.reindexObjectSecurity()
    return folder


def _make_private(folder):
    """Private by its workflow (a new folder starts ``private`` on a Plone
    site); without one, by its own permissions."""
    if api.portal.get_tool("portal_workflow").getChainFor(folder):
        if api.content.get_state(obj=folder, default=None) != "private":
            with api.env.adopt_roles(["Manager"]):
                api.content.transition(obj=folder, to_state="private")
        return
    for permission in ("View", "Access contents information", "List folder contents"):
        folder.manage_permission(permission, PRIVATE_ROLES, acquire=0)


def ensure_office(portal=None):
    """The group and the folder; returns the folder."""
    portal = portal if portal is not None else api.portal.get()
    ensure_group()
    return ensure_folder(portal)


def complaints_folder(portal=None):
    """``/pengaduan`` when it is the complaints folder, else None."""
    portal = portal if portal is not None else api.portal.get()
    folder = portal.get(COMPLAINTS_FOLDER) if COMPLAINTS_FOLDER in portal.objectIds() else None
    return folder if IComplaintsFolder.providedBy(folder) else None
