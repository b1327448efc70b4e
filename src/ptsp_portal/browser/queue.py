"""The officer work queue ``@@antrian`` (default view of ``/permohonan``)
and its CSV export ``@@antrian-csv``; the query lives in ``ptsp_portal.applications.queue``."""

from plone.batching import Batch
from plone.restapi.serializer.converters import json_compatible
from Products.Five.browser import BrowserView
from ptsp_portal import _
from ptsp_portal.applications import queue
from ptsp_portal.audit.interfaces import IRecordedExport
from ptsp_portal.browser import csv_export
from ptsp_portal.browser.batching import batch_start
from ptsp_portal.i18n.formatting import format_date
from ptsp_portal.workflow.sla import sla_css
from urllib.parse import urlencode
from zope.i18n import translate
from zope.interface import implementer

import datetime


class QueueView(BrowserView):
    b_size = 30

    def __call__(self):
        self.errors = {}
        try:
            self.filters = queue.parse_filters(self.request.form)
        except queue.QueueQueryError as exc:
            self.errors.update(exc.errors)
            self.filters = exc.filters
        self.results = queue.search(self.context, self.filters)
        self.rows_helper = queue.Rows(self.request)
        return self.index()

    # form

    def form_value(self, name):
        value = self.filters.get(name)
        if value is True:
            return "1"
        return value or ""

    def states(self):
        return queue.workflow_states()

    def permit_types(self):
        return [(brain.UID, brain.Title) for brain in queue.permit_types()]

    def mine(self):
        return self.filters.get("tugas") == queue.TASK_MINE

    def searches_history(self):
        """A search without a status: it reaches the closed files too."""
        return bool(self.filters.get("q")) and not self.filters.get("status")

    def error_messages(self):
        return list(self.errors.values())

    def action_url(self):
        url = self.context.absolute_url()
        if getattr(self.context, "getLayout", lambda: None)() == "antrian":
            return url
        return url + "/@@antrian"

    def csv_url(self):
        params = queue.filter_params(self.filters)
        url = self.context.absolute_url() + "/@@antrian-csv"
        return url + "?" + urlencode(params) if params else url

    # results

    def batch(self):
        return Batch(self.results, self.b_size, start=batch_start(self.request))

    def rows(self, batch):
        helper = self.rows_helper
        rows = []
        for brain in batch:
            row = helper.row(brain)
            row["submitted_text"] = format_date(row["submitted"])
            row["due_date_text"] = format_date(row["due_date"])
            row["sla_title"] = helper.sla_title(row["sla_status"])
            row["sla_class"] = _sla_class(row["sla_status"])
            rows.append(row)
        return rows


@implementer(IRecordedExport)
class QueueCsvView(BrowserView):
    """The filtered queue as CSV, written in chunks while brains are read;
    each export is recorded in the access log."""

    def header(self):
        return [
            translate(label, context=self.request)
            for label in (
                _("Nomor registrasi"),
                _("Jenis izin"),
                _("Nama pemohon"),
                _("Status"),
                _("Tanggal diajukan"),
                _("Batas waktu layanan"),
                _("Status SLA"),
                _("Kode status OSS"),
                _("Status OSS"),
            )
        ]

    def __call__(self):
        try:
            filters = queue.parse_filters(self.request.form)
            brains = queue.search(self.context, filters)
        except queue.QueueQueryError as exc:
            return csv_export.refuse(self.request, exc.errors.values())
        filename = f"antrian-{datetime.date.today():%Y%m%d}.csv"
        return csv_export.stream(self.request, filename, self.header(), self.rows(brains))

    def rows(self, brains):
        helper = queue.Rows(self.request)
        for brain in brains:
            row = helper.row(brain)
            yield [
                csv_export.cell(row["tracking_number"]),
                csv_export.cell(row["permit_type_title"]),
                csv_export.cell(row["applicant_name"]),
                helper.translate(row["review_state_title"]),
                json_compatible(row["submitted"]) or "",
                json_compatible(row["due_date"]) or "",
                helper.translate(helper.sla_title(row["sla_status"])),
                row["oss_status_code"] or "",
                row["oss_status_label"] or "",
            ]


def _sla_class(status):
    """The queue's badge classes of an SLA status ("" without a clock)."""
    css = sla_css(status)
    return "badge " + css if css else ""
