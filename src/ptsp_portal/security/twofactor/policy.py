"""Who must log in with a second factor.

Anyone who enrolled: a second factor, once confirmed, is always asked for.
Besides, when Pengaturan PTSP says so (``ptsp_portal.two_factor_required``,
off by default), every user holding one of the roles
``ptsp_portal.two_factor_roles`` site-wide (directly or through a group) or
belonging to one of the groups ``ptsp_portal.two_factor_groups``.  Officers
get their roles on ``/permohonan`` or on a permit type (local roles, given
to their group), never site-wide: the groups are what finds them at login,
when no content is at hand.  Citizens hold none of these.
"""

from plone.registry.interfaces import IRegistry
from ptsp_portal.workflow import STEPS
from zope.component import queryUtility

REQUIRED_RECORD = "ptsp_portal.two_factor_required"
ROLES_RECORD = "ptsp_portal.two_factor_roles"
GROUPS_RECORD = "ptsp_portal.two_factor_groups"

DEFAULT_ROLES = (
    "Manager",
    "Site Administrator",
    "Editor",
    "Reviewer",
    *(role for _permission, role, _group in STEPS.values()),
)
DEFAULT_GROUPS = (
    "ptsp-officers",
    *(group for _permission, _role, group in STEPS.values()),
    "ptsp-editors",
)


def _record(name, default):
    registry = queryUtility(IRegistry)
    if registry is None:
        return default
    value = registry.get(name, default)
    return default if value is None else value


def switched_on():
    return bool(_record(REQUIRED_RECORD, False))


def required_for(user):
    """The setting is on and ``user`` (a PAS user) holds a listed role or group."""
    if user is None or not switched_on():
        return False
    roles = set(_record(ROLES_RECORD, DEFAULT_ROLES))
    groups = set(_record(GROUPS_RECORD, DEFAULT_GROUPS))
    if roles & set(user.getRoles() or ()):
        return True
    return bool(groups & set(user.getGroups() or ()))


def required(pas, user_id):
    return switched_on() and required_for(pas.getUserById(user_id))
