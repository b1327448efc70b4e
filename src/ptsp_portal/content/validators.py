"""Fields with checks shared by the content schemas."""

from plone import api
from plone.uuid.interfaces import IUUID
from ptsp_portal import _
from ptsp_portal.constants import PERMIT_TYPE
from zope import schema
from zope.schema import ValidationError

import re

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,29}$")


class InvalidValue(ValidationError):
    """A field value refused with its own message.

    A ``ValidationError`` (not a bare ``Invalid``): plone.restapi turns only
    those into a 400 naming the field, and z3c.form shows ``doc()`` by the
    field.
    """

    def doc(self):
        return self.args[0]


class PermitCode(schema.ASCIILine):
    """A short upper-case code, unique among permit types.

    The field is bound to the item being edited (in an add form to its
    container; over REST to the new item, which has no UUID before it is
    added), so the item's own code never counts as a duplicate.
    """

    def _validate(self, value):
        super()._validate(value)
        if not CODE.match(value):
            raise InvalidValue(_("Gunakan huruf besar, angka dan '-' (maksimal 30), misalnya PBG."))
        context = getattr(self, "context", None)
        # only an existing object has a UUID; one being created has none yet
        own_uid = IUUID(context, None) if context is not None else None
        try:
            catalog = api.portal.get_tool("portal_catalog")
        except api.exc.CannotGetPortalError:
            return
        for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE, permit_code=value):
            if brain.UID != own_uid:
                raise InvalidValue(
                    _(
                        "Kode ${code} sudah dipakai jenis izin lain.",
                        mapping={"code": value},
                    )
                )
