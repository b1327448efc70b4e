"""Complaint pages (``ptsp_portal.complaints`` holds the logic):

- ``@@pengaduan`` (site): file a complaint, logged in or not, with the
  privacy notice; answers with the number and the access code;
- ``@@lacak-pengaduan`` (site): the status by number, the answer with the
  access code or for the logged-in complainant;
- ``@@pengaduan-antrian`` (``/pengaduan``'s view) and
  ``@@pengaduan-antrian-csv``: the handlers' queue;
- ``@@tangani-pengaduan`` (a complaint's view): everything about it, the
  complainant's identity included (recorded in the access log), and the
  forms of the steps it can take.
"""

from plone import api
from plone.batching import Batch
from plone.restapi.serializer.converters import json_compatible
from Products.Five.browser import BrowserView
from ptsp_portal import _
from ptsp_portal.applications.queue import QueueQueryError
from ptsp_portal.audit.interfaces import IRecordedExport
from ptsp_portal.browser import csv_export
from ptsp_portal.browser.batching import batch_start
from ptsp_portal.complaints import filing
from ptsp_portal.complaints import handling
from ptsp_portal.complaints import mine
from ptsp_portal.complaints import queue
from ptsp_portal.complaints import status
from ptsp_portal.complaints.states import badge
from ptsp_portal.complaints.states import state_title
from ptsp_portal.complaints.states import workflow_states
from ptsp_portal.content.complaint import KIND_TITLES
from ptsp_portal.forms.model import Upload
from ptsp_portal.i18n.formatting import format_date
from ptsp_portal.i18n.formatting import local_datetime
from urllib.parse import urlencode
from zope.i18n import translate
from zope.interface import implementer

import datetime
import transaction

FILE_FIELDS = ("kind", "subject", "description", "name", "email", "phone", "tracking_number")


def _kinds():
    return [(kind, title) for kind, title in KIND_TITLES.items()]


class FileComplaintView(BrowserView):
    """``@@pengaduan``: the form; on POST the filing, or the errors."""

    errors = None
    complaint = None
    access_code = None

    def __call__(self):
        self.errors = {}
        self.values = {}
        self.request.response.setHeader("Cache-Control", "private, no-store")
        if self.request.method == "POST" and self.request.form.get("form.submitted"):
            self.submit()
        return self.index()

    def submit(self):
        form = self.request.form
        self.values = {key: form.get(key) for key in FILE_FIELDS if isinstance(form.get(key), str)}
        upload = None
        raw = form.get(filing.ATTACHMENT)
        if raw is not None and getattr(raw, "filename", None):
            data = raw.read()
            content_type = raw.headers.get("Content-Type", "") if getattr(raw, "headers", None) else ""
            upload = Upload(raw.filename, content_type, data) if data else None
        user_id = None if api.user.is_anonymous() else api.user.get_current().getId()
        try:
            self.complaint, self.access_code = filing.file_complaint(
                self.request, self.values, upload, user_id
            )
        except filing.TooManyComplaints as exc:
            transaction.doom()
            self.errors = exc.errors
            self.request.response.setStatus(429)
            self.request.response.setHeader("Retry-After", str(exc.retry_after))
        except filing.ComplaintError as exc:
            transaction.doom()
            self.errors = exc.errors
            self.request.response.setStatus(400)

    def logged_in(self):
        return not api.user.is_anonymous()

    def kinds(self):
        return _kinds()

    def value(self, key):
        return self.values.get(key) or ""

    def error(self, key):
        message = self.errors.get(key)
        return translate(message, context=self.request) if message else ""

    def general_errors(self):
        return [
            translate(message, context=self.request)
            for key, message in self.errors.items()
            if key not in (*FILE_FIELDS, filing.ATTACHMENT)
        ]

    def result(self):
        complaint = self.complaint
        if complaint is None:
            return None
        return {
            "number": complaint.complaint_number,
            "code": self.access_code,
            "due_date": format_date(complaint.complaint_due),
            "email": bool(complaint.complainant_email),
            "tracking_url": f"{api.portal.get().absolute_url()}/@@lacak-pengaduan?"
            + urlencode({"nomor": complaint.complaint_number}),
        }

    def action_url(self):
        return f"{self.context.absolute_url()}/@@pengaduan"


class ComplaintTrackingView(BrowserView):
    """``@@lacak-pengaduan?nomor=…&kode=…``"""

    number = ""
    result = None
    error = None

    def __call__(self):
        number = self.request.form.get("nomor")
        code = self.request.form.get("kode")
        self.request.response.setHeader("Cache-Control", "no-store")
        if isinstance(number, str) and number.strip():
            self.number = number.strip()
            try:
                self.result = status.lookup(
                    self.request, self.number, code if isinstance(code, str) else None
                )
            except status.TrackingError as exc:
                self.error = exc.message
                self.request.response.setStatus(exc.status)
                if isinstance(exc, status.TooManyLookups):
                    self.request.response.setHeader("Retry-After", str(exc.retry_after))
        return self.index()

    def action_url(self):
        return f"{self.context.absolute_url()}/@@lacak-pengaduan"

    def facts(self):
        result = self.result
        return {
            "filed": format_date(result["filed"]) or "–",
            "due_date": format_date(result["due_date"]) or "–",
            "answered_date": format_date(result["answered_date"]) or "–",
        }

    def history(self):
        return [{**step, "when": local_datetime(step["date"])} for step in self.result["steps"]]

    def badge_class(self):
        return badge(self.result["review_state"])


class ComplaintQueueView(BrowserView):
    """``@@pengaduan-antrian``: the handlers' queue."""

    b_size = 30

    def __call__(self):
        self.errors = {}
        try:
            self.filters = queue.parse_filters(self.request.form)
        except QueueQueryError as exc:
            self.errors = exc.errors
            self.filters = exc.filters
        self.results = queue.search(self.context, self.filters)
        self.request.response.setHeader("Cache-Control", "private, no-store")
        return self.index()

    def form_value(self, name):
        value = self.filters.get(name)
        return "1" if value is True else (value or "")

    def states(self):
        return workflow_states()

    def kinds(self):
        return _kinds()

    def error_messages(self):
        return [translate(message, context=self.request) for message in self.errors.values()]

    def csv_url(self):
        params = queue.filter_params(self.filters)
        url = self.context.absolute_url() + "/@@pengaduan-antrian-csv"
        return url + "?" + urlencode(params) if params else url

    def export_url(self):
        return self.context.absolute_url() + "/++api++/@export?format=csv"

    def batch(self):
        return Batch(self.results, self.b_size, start=batch_start(self.request))

    def rows(self, batch):
        helper = queue.Rows()
        rows = []
        for brain in batch:
            row = helper.row(brain)
            row["filed_text"] = format_date(row["filed"])
            row["due_date_text"] = format_date(row["due_date"])
            row["sla_class"] = "badge " + row["sla_css"] if row["sla_css"] else ""
            row["state_class"] = badge(row["review_state"])
            rows.append(row)
        return rows


@implementer(IRecordedExport)
class ComplaintQueueCsvView(BrowserView):
    """The filtered queue as CSV (recorded in the access log)."""

    HEADER = (
        _("Nomor pengaduan"),
        _("Jenis"),
        _("Perihal"),
        _("Status"),
        _("Tanggal diterima"),
        _("Batas waktu tanggapan"),
        _("Status SLA"),
        _("Ditangani oleh"),
    )

    def __call__(self):
        try:
            filters = queue.parse_filters(self.request.form)
        except QueueQueryError as exc:
            return csv_export.refuse(self.request, exc.errors.values())
        brains = queue.search(self.context, filters)
        header = [translate(label, context=self.request) for label in self.HEADER]
        filename = f"pengaduan-{datetime.date.today():%Y%m%d}.csv"
        return csv_export.stream(self.request, filename, header, self.rows(brains))

    def rows(self, brains):
        helper = queue.Rows()
        for brain in brains:
            row = helper.row(brain)
            yield [
                csv_export.cell(row["number"]),
                translate(row["kind_title"], context=self.request),
                csv_export.cell(row["subject"]),
                translate(row["state_title"], context=self.request),
                json_compatible(row["filed"].asdatetime().date()) if row["filed"] else "",
                json_compatible(row["due_date"]) or "",
                translate(row["sla_title"], context=self.request) if row["sla_title"] else "",
                csv_export.cell(row["assigned_to"]),
            ]


class HandleComplaintView(BrowserView):
    """``@@tangani-pengaduan``: the complaint for its handlers, and its steps."""

    def __call__(self):
        self.errors = {}
        self.request.response.setHeader("Cache-Control", "private, no-store")
        form = self.request.form
        if self.request.method == "POST":
            try:
                if form.get("category.submitted"):
                    handling.set_category(self.context, form.get("lapor_category"))
                    message = _("Kategori SP4N-LAPOR! disimpan.")
                else:
                    transition = form.get("transition")
                    field = (
                        handling.STEPS.get(transition, (None, None))[0]
                        if isinstance(transition, str)
                        else None
                    )
                    handling.take(self.context, transition, form.get(field) if field else None)
                    message = _("Langkah tersimpan: ${state}.", mapping={"state": self.state_title()})
            except handling.HandlingError as exc:
                transaction.doom()
                self.errors = exc.errors
                self.request.response.setStatus(400)
            else:
                api.portal.show_message(message, request=self.request)
                self.request.response.redirect(self.context.absolute_url())
                return ""
        return self.index()

    def state(self):
        return api.content.get_state(obj=self.context)

    def state_title(self):
        return state_title(self.state())

    def badge_class(self):
        return badge(self.state())

    def kind_title(self):
        return KIND_TITLES.get(self.context.kind, self.context.kind)

    def steps(self):
        titles = {
            "assign": _("Tugaskan"),
            "answer": _("Tanggapi"),
            "close": _("Selesaikan"),
            "reject": _("Tolak"),
            "forward": _("Teruskan"),
        }
        labels = {
            "assigned_to": _("Unit atau petugas yang menangani"),
            "answer": _("Tanggapan untuk pelapor (dapat dibaca pelapor)"),
            "rejection_reason": _("Alasan penolakan (dapat dibaca pelapor)"),
            "forwarded_to": _("Instansi tujuan"),
        }
        result = []
        for transition in handling.available(self.context):
            field = handling.STEPS[transition][0]
            result.append(
                {
                    "id": transition,
                    "title": titles[transition],
                    "field": field,
                    "label": labels.get(field),
                    "long": field in ("answer", "rejection_reason"),
                    "error": translate(self.errors[field], context=self.request)
                    if field in self.errors
                    else "",
                }
            )
        return result

    def general_errors(self):
        return [
            translate(message, context=self.request)
            for key, message in self.errors.items()
            if key in ("transition", "lapor_category")
        ]

    def facts(self):
        context = self.context
        return {
            "filed": format_date(context.filed) or "–",
            "due_date": format_date(context.complaint_due) or "–",
            "answered_date": format_date(context.answered_date) or "–",
        }

    def attachment_url(self):
        if self.context.attachment is None:
            return None
        return f"{self.context.absolute_url()}/@@download/attachment"

    def history(self):
        return [{**step, "when": local_datetime(step["date"])} for step in status.steps(self.context)]


class MyComplaintsSection(BrowserView):
    """``@@pengaduan-saya``: the "Pengaduan saya" section of "Permohonan
    Saya" (the logged-in complainant's complaints; a link to file one)."""

    def rows(self):
        rows = mine.my_complaints()
        for row in rows:
            row["filed_text"] = format_date(row["filed"])
            row["due_date_text"] = format_date(row["due_date"])
        return rows

    def file_url(self):
        return f"{api.portal.get().absolute_url()}/@@pengaduan"
