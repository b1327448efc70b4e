"""Officer roles given on a PermitType's Sharing tab apply to every
application of that type (a borg.localrole provider)."""

from borg.localrole.interfaces import ILocalRoleProvider
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.workflow import OFFICER_ROLES
from zope.annotation.interfaces import IAnnotations
from zope.component import adapter
from zope.globalrequest import getRequest
from zope.interface import implementer

CACHE_KEY = "ptsp_portal.permit_type_roles"


def permit_type_officer_roles(permit_type):
    """{principal: (officer roles,)} set on ``permit_type`` itself, memoized
    for the request (the provider is asked many times per request)."""
    request = getRequest()
    cache = IAnnotations(request).setdefault(CACHE_KEY, {}) if request is not None else {}
    key = "/".join(permit_type.getPhysicalPath())
    if key not in cache:
        cache[key] = {
            principal: roles
            for principal, roles in (
                (principal, tuple(r for r in roles if r in OFFICER_ROLES))
                for principal, roles in permit_type.get_local_roles()
            )
            if roles
        }
    return cache[key]


def forget_permit_type_roles():
    request = getRequest()
    if request is not None:
        IAnnotations(request).pop(CACHE_KEY, None)


@implementer(ILocalRoleProvider)
@adapter(IPermitApplication)
class PermitTypeRoles:
    def __init__(self, context):
        self.context = context

    def _roles(self):
        permit_type = self.context.permit_type_object()
        return permit_type_officer_roles(permit_type) if permit_type is not None else {}

    def getRoles(self, principal_id):
        return self._roles().get(principal_id, ())

    def getAllRoles(self):
        return self._roles().items()
