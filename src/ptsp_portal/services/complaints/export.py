"""``GET /ptsp/++api++/pengaduan/@export?format=csv``: every complaint as
CSV for an operator to upload to SP4N-LAPOR! (complaint handlers and
Managers; recorded in the access log as an export).  ``format`` other than
``csv``: 400."""

from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.audit.interfaces import IRecordedExport
from ptsp_portal.browser import csv_export
from ptsp_portal.complaints import export
from ptsp_portal.constants import COMPLAINT
from zope.i18n import translate
from zope.interface import implementer

import datetime


@implementer(IRecordedExport)
class ComplaintsExportGet(Service):
    def render(self):
        self.check_permission()  # plone.restapi's "Use REST API"
        request = self.request
        if request.form.get("format", "csv") != "csv":
            return csv_export.refuse(request, [_('Format ekspor yang tersedia hanya "csv".')])
        header = [translate(label, context=request) for label in export.HEADER]
        filename = f"pengaduan-lapor-{datetime.date.today():%Y%m%d}.csv"
        return csv_export.stream(request, filename, header, self.rows())

    def rows(self):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.searchResults(
            portal_type=COMPLAINT, path="/".join(self.context.getPhysicalPath()), sort_on="created"
        )
        for brain in brains:
            complaint = brain.getObject()
            values = export.row(complaint, brain.review_state)
            yield [
                csv_export.cell(translate(value, context=self.request))
                if hasattr(value, "domain")
                else csv_export.cell(
                    json_compatible(value) if value is not None and not isinstance(value, str) else value
                )
                for value in values
            ]
