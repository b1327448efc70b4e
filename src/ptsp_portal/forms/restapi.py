"""EasyForm over REST: the same rules as the screens.

- ``PermitFormDeserializer``: ``fields_model`` and ``actions_model`` of a
  permit form are checked like the screens check them (expressions need
  "Edit TALES Fields": 403; a model nobody may store: 400 naming the
  attribute); saved data cannot be written.
- ``EasyFormSerializer``: collective.easyform's serializer asks plone.api
  for the permission *id* ``collective.easyform.DownloadSavedInput``, which
  plone.api only knows by its title: every non-Manager got a 500 listing
  all the site's permissions.  Same output, with the title.
"""

from AccessControl import getSecurityManager
from collective.easyform.interfaces import IEasyForm
from collective.easyform.serializer import DeserializeFromJson
from collective.easyform.serializer import SerializeToJson
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeToJson as DXContentToJson
from ptsp_portal import _
from ptsp_portal.forms.interfaces import IPermitForm
from ptsp_portal.forms.security import check_actions_model
from ptsp_portal.forms.security import check_fields_model
from ptsp_portal.forms.security import ModelRefused
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.permissions import DownloadSavedInput
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Interface


@implementer(ISerializeToJson)
@adapter(IEasyForm, IBrowserLayer)
class EasyFormSerializer(SerializeToJson):
    def __call__(self, version=None, include_items=True):
        result = DXContentToJson.__call__(self, version, include_items)
        if getSecurityManager().checkPermission(DownloadSavedInput, self.context):
            self.serializeSavedData(result)
        return result


@implementer(IDeserializeFromJson)
@adapter(IPermitForm, Interface)
class PermitFormDeserializer(DeserializeFromJson):
    def __call__(self, validate_all=False, data=None, create=False):
        if data is None:
            data = json_body(self.request)
        if "savedDataStorage" in data:
            raise DeserializationError(
                translate(
                    _("savedDataStorage: formulir permohonan izin tidak menyimpan data isian."),
                    context=self.request,
                )
            )
        try:
            if "fields_model" in data:
                check_fields_model(self.context, data["fields_model"])
            if "actions_model" in data:
                check_actions_model(self.context, data["actions_model"])
        except ModelRefused as exc:
            raise DeserializationError(exc.message) from exc
        return super().__call__(validate_all=validate_all, data=data, create=create)
