"""REST representation of an application: plone.restapi's, with its
``items`` (its documents) read from the folder itself, because documents
are not catalogued (content/document.py)."""

from AccessControl import getSecurityManager
from plone.restapi.batching import HypermediaBatch
from plone.restapi.bbb import boolean_value
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from Products.CMFCore.permissions import View
from ptsp_portal.content.application import IPermitApplication
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer
from zope.interface import Interface


@implementer(ISerializeToJson)
@adapter(IPermitApplication, Interface)
class SerializeApplicationToJson(SerializeFolderToJson):
    def __call__(self, version=None, include_items=True, include_expansion=True):
        result = SerializeToJson.__call__(self, version=version, include_expansion=include_expansion)
        result["is_folderish"] = True
        if not boolean_value(self.request.form.get("include_items", include_items)):
            return result
        security = getSecurityManager()
        documents = [obj for obj in self.context.objectValues() if security.checkPermission(View, obj)]
        batch = HypermediaBatch(self.request, documents)
        result["items_total"] = batch.items_total
        if batch.links:
            result["batching"] = batch.links
        serializer = ISerializeToJson if "fullobjects" in self.request.form else ISerializeToJsonSummary
        result["items"] = [getMultiAdapter((obj, self.request), serializer)() for obj in batch]
        return result
