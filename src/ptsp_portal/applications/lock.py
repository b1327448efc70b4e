"""Who holds the lock of an application, as the viewer may see it.

plone.restapi puts the lock holder's user id, full name and author URL (and
the lock token) into every GET of a locked object.  An officer who locks an
application would so show their identity to the applicant; like the timeline,
the applicant sees the officer's role title only ("Petugas Verifikasi").
"""

from plone import api
from plone.restapi.services.locking import lock_info
from ptsp_portal.applications.timeline import can_see_names
from ptsp_portal.applications.timeline import OFFICER_TITLE
from ptsp_portal.workflow import ROLE_TITLES
from zope.i18n import translate

# the holder's keys that name them (or let them unlock)
HOLDER_KEYS = ("creator", "creator_url", "token")


def holder_role_title(application, user_id):
    """The title of the holder's role on ``application`` (the first officer
    role they have there), or "Petugas"."""
    user = api.user.get(userid=user_id) if user_id else None
    roles = api.user.get_roles(user=user, obj=application) if user is not None else ()
    for role, title in ROLE_TITLES.items():
        if role in roles:
            return title
    return OFFICER_TITLE


def application_lock_info(application, request, info=None):
    """``info`` (plone.restapi's ``lock_info`` of ``application`` when not
    given) as the current user may see it: officers see it all; anyone else
    sees ``creator_name`` as the holder's role title and no ``creator``,
    ``creator_url`` or ``token``."""
    if info is None:
        info = lock_info(application)
    if "creator" not in info or can_see_names(application):
        return info
    info = dict(info)
    title = holder_role_title(application, info["creator"])
    for key in HOLDER_KEYS:
        info.pop(key, None)
    info["creator_name"] = translate(title, context=request)
    return info
