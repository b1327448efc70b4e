"""An application's lock in REST: the officer who holds it is shown to the
applicant as a role title (``ptsp_portal.applications.lock``), in
``GET <application>`` and ``GET <application>/@lock`` alike."""

from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from plone.restapi.services import Service
from ptsp_portal.applications.lock import application_lock_info
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.interfaces import IBrowserLayer
from zope.component import adapter
from zope.interface import implementer


@implementer(ISerializeToJson)
@adapter(IPermitApplication, IBrowserLayer)
class SerializeApplicationToJson(SerializeFolderToJson):
    def __call__(self, *args, **kwargs):
        result = super().__call__(*args, **kwargs)
        if result.get("lock"):
            result["lock"] = application_lock_info(self.context, self.request, result["lock"])
        return result


class LockGet(Service):
    def reply(self):
        return application_lock_info(self.context, self.request)
