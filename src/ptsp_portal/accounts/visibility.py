"""Who may look other people up (issue 12).

A citizen sees no other people: names, logins, profile pages (``author``)
and portraits are for those who may list users ("List portal members", which
``profiles/default/rolemap.xml`` gives to Managers, Site Administrators and
officers where their role applies); everyone may see themselves.  Plone lets
any member search all users on a Sharing tab, open any member's author page
and fetch any portrait; the views that do so ask here first
(``browser/people.py``, ``services/portrait``), and uploaded portraits are
not public files (``protect_portraits``).
"""

from plone import api
from ptsp_portal import permissions

# who may open an uploaded portrait file (portal_memberdata/portraits/<id>)
PORTRAIT_VIEWERS = ("Manager", "Site Administrator")


def may_list_people(context):
    """May the current user look other people up here?"""
    return bool(api.user.has_permission(permissions.ListPortalMembers, obj=context))


def may_see_person(context, user_id):
    """May the current user see the profile of ``user_id`` here: their own,
    or anyone's where they may list people."""
    if not api.user.is_anonymous() and api.user.get_current().getId() == user_id:
        return True
    return may_list_people(context)


def _portraits(portal):
    memberdata = getattr(portal, "portal_memberdata", None)
    return getattr(memberdata, "portraits", None) if memberdata is not None else None


def protect_portraits(portal):
    """Uploaded portraits viewable by Managers and Site Administrators only
    (Plone serves them to anyone who knows the user id, and citizens' ids
    come from their names)."""
    portraits = _portraits(portal)
    if portraits is None:
        return False
    portraits.manage_permission("View", PORTRAIT_VIEWERS, acquire=False)
    return True


def unprotect_portraits(portal):
    """Plone's default again (uninstall)."""
    portraits = _portraits(portal)
    if portraits is not None:
        portraits.manage_permission("View", (), acquire=True)
