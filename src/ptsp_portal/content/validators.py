"""Field constraints shared by the content schemas."""

from plone import api
from ptsp_portal import _
from zope.globalrequest import getRequest
from zope.interface import Invalid

import re

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,29}$")


def unique_permit_code(value):
    """Permit codes are short upper-case codes, unique across the site."""
    if not CODE.match(value or ""):
        raise Invalid(
            _("Gunakan huruf besar, angka dan '-' (maksimal 30), misalnya PBG.")
        )
    try:
        catalog = api.portal.get_tool("portal_catalog")
    except api.exc.CannotGetPortalError:
        return True
    own_uid = _context_uid()
    for brain in catalog.unrestrictedSearchResults(
        portal_type="PermitType", permit_code=value
    ):
        if brain.UID != own_uid:
            raise Invalid(
                _("Kode ${code} sudah dipakai jenis izin lain.", mapping={"code": value})
            )
    return True


def _context_uid():
    """UID of the item being edited, if the current request edits one."""
    request = getRequest()
    published = request.get("PUBLISHED") if request is not None else None
    context = getattr(published, "context", None)
    uid = getattr(context, "UID", None)
    return uid() if callable(uid) else None
