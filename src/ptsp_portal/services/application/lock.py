"""An application in REST: ``GET <application>`` as plone.restapi gives it,
but

- its ``items`` (its documents) are read from the folder itself: documents
  are not catalogued (``content/document.py``);
- the officer who holds its lock is shown to the applicant as a role title
  (``ptsp_portal.applications.lock``), in ``GET <application>`` and
  ``GET <application>/@lock`` alike;
- its OSS RBA status (``oss_status_code``, ``oss_status_label``;
  ``ptsp_portal.oss``).
"""

from AccessControl import getSecurityManager
from plone.restapi.batching import HypermediaBatch
from plone.restapi.bbb import boolean_value
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from plone.restapi.services import Service
from Products.CMFCore.permissions import View
from ptsp_portal.applications.lock import application_lock_info
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.oss.status import oss_status
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer


@implementer(ISerializeToJson)
@adapter(IPermitApplication, IBrowserLayer)
class SerializeApplicationToJson(SerializeFolderToJson):
    def __call__(self, version=None, include_items=True, include_expansion=True):
        result = SerializeToJson.__call__(self, version=version, include_expansion=include_expansion)
        result["is_folderish"] = True
        if boolean_value(self.request.form.get("include_items", include_items)):
            result.update(self.items())
        result.update(oss_status(result.get("review_state")))
        if result.get("lock"):
            result["lock"] = application_lock_info(self.context, self.request, result["lock"])
        return result

    def items(self):
        security = getSecurityManager()
        documents = [obj for obj in self.context.objectValues() if security.checkPermission(View, obj)]
        batch = HypermediaBatch(self.request, documents)
        serializer = ISerializeToJson if "fullobjects" in self.request.form else ISerializeToJsonSummary
        found = {
            "items_total": batch.items_total,
            "items": [getMultiAdapter((obj, self.request), serializer)() for obj in batch],
        }
        if batch.links:
            found["batching"] = batch.links
        return found


class LockGet(Service):
    def reply(self):
        return application_lock_info(self.context, self.request)
