"""The PTSP settings over REST: ``@controlpanels/ptsp-settings``.

``GET /@controlpanels`` lists the panel, ``GET /@controlpanels/ptsp-settings``
returns its JSON schema, its values (``data``) and, like the form's
description, the computed signing status (``signing_status``, read-only: the
certificate is configured on the server), ``PATCH`` changes values with the
schema's own validation (400 with the form's Indonesian messages).

The ``@controlpanels`` services only need "Plone Site Setup: Overview",
which Site Administrators have too; the form ``@@ptsp-settings`` needs
"Manage portal", and so do reading and changing the panel here.

The letterhead logo (``office_logo``, a Bytes record) travels as it is
stored: the image widget's string ``filenameb64:…;datab64:…``.
"""

from AccessControl import getSecurityManager
from plone.restapi.controlpanels import RegistryConfigletPanel
from plone.restapi.deserializer.controlpanels import ControlpanelDeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.controlpanels import ControlpanelSerializeToJson
from Products.CMFCore.permissions import ManagePortal
from ptsp_portal import _
from ptsp_portal.controlpanel.settings import IPtspSettings
from ptsp_portal.controlpanel.view import signing_notice
from ptsp_portal.interfaces import IBrowserLayer
from zExceptions import BadRequest
from zExceptions import Unauthorized
from zope.component import adapter
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.schema.interfaces import ValidationError

CONFIGLET_ID = "ptsp-settings"  # action_id in profiles/default/controlpanel.xml


class IPtspControlpanel(Interface):
    """Marker of the PTSP panel, for its own (de)serializer."""


@adapter(Interface, IBrowserLayer)
@implementer(IPtspControlpanel)
class PtspControlpanel(RegistryConfigletPanel):
    schema = IPtspSettings
    schema_prefix = "ptsp_portal"
    configlet_id = CONFIGLET_ID
    configlet_category_id = "Products"
    # used when the configlet is missing; otherwise its title and group win
    title = _("Pengaturan PTSP")
    group = "Products"


def _check_manage_portal(panel):
    if not getSecurityManager().checkPermission(ManagePortal, panel.context):
        raise Unauthorized("Pengaturan PTSP hanya untuk Manager.")


@implementer(ISerializeToJson)
@adapter(IPtspControlpanel)
class PtspControlpanelSerializeToJson(ControlpanelSerializeToJson):
    def __call__(self):
        _check_manage_portal(self.controlpanel)
        result = super().__call__()
        state, message = signing_notice(self.controlpanel.request)
        result["signing_status"] = {"state": state, "message": message}
        return result


@implementer(IDeserializeFromJson)
@adapter(IPtspControlpanel)
class PtspControlpanelDeserializeFromJson(ControlpanelDeserializeFromJson):
    """The schema's own validation, messages translated like the form's.

    plone.restapi's deserializer keeps ``str(error)``, which drops the i18n
    domain of our constraints' messages: translate them from the errors."""

    def __call__(self, mask_validation_errors=True):
        _check_manage_portal(self.controlpanel)
        try:
            return super().__call__(mask_validation_errors=False)
        except BadRequest as exc:
            errors = exc.args[0] if exc.args and isinstance(exc.args[0], list) else None
            if errors is None:
                raise
            for error in errors:
                original = error.get("error")
                # our constraints raise ``Invalid(message)``; a ValidationError's
                # arguments are the value and bounds, its doc() already used
                if isinstance(original, Invalid) and not isinstance(original, ValidationError):
                    message = original.args[0] if original.args else None
                    if isinstance(message, Message):
                        error["message"] = translate(message, context=self.request)
                if mask_validation_errors:
                    error["error"] = "ValidationError"
            raise BadRequest(errors) from None
