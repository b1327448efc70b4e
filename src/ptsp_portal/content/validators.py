"""Fields with checks shared by the content schemas."""

from plone import api
from ptsp_portal import _
from ptsp_portal.constants import PERMIT_TYPE
from zope import schema
from zope.interface import Invalid

import re

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,29}$")


class PermitCode(schema.ASCIILine):
    """A short upper-case code, unique among permit types.

    The field is bound to the item being edited (or, in an add form, to its
    container), so the item's own code never counts as a duplicate.
    """

    def _validate(self, value):
        super()._validate(value)
        if not CODE.match(value):
            raise Invalid(_("Gunakan huruf besar, angka dan '-' (maksimal 30), misalnya PBG."))
        context = getattr(self, "context", None)
        own_uid = getattr(context, "UID", None)
        own_uid = own_uid() if callable(own_uid) else None
        try:
            catalog = api.portal.get_tool("portal_catalog")
        except api.exc.CannotGetPortalError:
            return
        for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE, permit_code=value):
            if brain.UID != own_uid:
                raise Invalid(
                    _(
                        "Kode ${code} sudah dipakai jenis izin lain.",
                        mapping={"code": value},
                    )
                )
