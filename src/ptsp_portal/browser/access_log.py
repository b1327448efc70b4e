"""The access log for Managers: ``@@ptsp-access-log`` (filters, batched)
and ``@@ptsp-access-log-csv`` on the site root; the log lives in
``ptsp_portal.audit``."""

from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from ptsp_portal import _
from ptsp_portal.audit import store
from ptsp_portal.audit.recording import ACTIONS
from ptsp_portal.browser import csv_export
from ptsp_portal.browser.batching import batch_start
from ptsp_portal.i18n.formatting import local_datetime
from urllib.parse import urlencode
from zope.i18n import translate

import datetime
import zoneinfo

# form field -> store filter
TEXT_FIELDS = {"pengguna": "user_id", "nomor": "tracking_number"}
DATE_FIELDS = ("dari", "sampai")
ACTION_TITLES = {
    "page": _("Halaman permohonan"),
    "rest": _("REST API"),
    "download": _("Unduh dokumen"),
    "export": _("Ekspor CSV antrian"),
    "retention": _("Penghapusan data (retensi)"),
    "payment": _("Pembayaran retribusi ditolak"),
}


def _zone():
    name = api.portal.get_registry_record("plone.portal_timezone", default=None) or "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.timezone.utc


def parse_filters(form):
    """``(form values, store filters, error messages)``; dates are days of
    the office's time zone, ``sampai`` included."""
    values, filters, errors = {}, {}, []
    for field, key in TEXT_FIELDS.items():
        value = str(form.get(field, "") or "").strip()
        if value:
            values[field] = filters[key] = value
    action = str(form.get("aksi", "") or "").strip()
    if action in ACTIONS:
        values["aksi"] = filters["action"] = action
    elif action:
        errors.append(_("Jenis akses tidak dikenal."))
    for field in DATE_FIELDS:
        value = str(form.get(field, "") or "").strip()
        if not value:
            continue
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            errors.append(_("Tanggal harus berformat TTTT-BB-HH."))
            continue
        values[field] = value
        if field == "sampai":
            day += datetime.timedelta(days=1)
        start = datetime.datetime.combine(day, datetime.time(), tzinfo=_zone())
        filters["since" if field == "dari" else "until"] = start
    return values, filters, errors


class _Entries:
    """The matching entries, for ``Batch``: only the count is asked of the
    store here; the page itself is read in one query (``rows``)."""

    def __init__(self, filters):
        self.filters = filters
        self._length = None

    def __len__(self):
        if self._length is None:
            self._length = store.count(self.filters)
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            rows = store.query(self.filters, limit=max(stop - start, 0), offset=start)
            return rows[::step]
        if index < 0:
            index += len(self)
        rows = store.query(self.filters, limit=1, offset=index)
        if not rows:
            raise IndexError(index)
        return rows[0]


class AccessLogView(BrowserView):
    b_size = 50

    def __call__(self):
        self.values, self.filters, self.errors = parse_filters(self.request.form)
        return self.index()

    def form_value(self, name):
        return self.values.get(name, "")

    def actions(self):
        return [(action, ACTION_TITLES[action]) for action in ACTIONS]

    def action_title(self, action):
        title = ACTION_TITLES.get(action)
        return translate(title, context=self.request) if title else action

    def csv_url(self):
        url = api.portal.get().absolute_url() + "/@@ptsp-access-log-csv"
        return url + "?" + urlencode(self.values) if self.values else url

    def batch(self):
        return Batch(_Entries(self.filters), self.b_size, start=batch_start(self.request))

    def rows(self, batch):
        """The batch's page in one query (iterating a ``Batch`` asks for
        each row apart)."""
        page = store.query(self.filters, limit=batch.length, offset=batch.first)
        return [
            dict(row, at_text=local_datetime(row["at"]), action_title=self.action_title(row["action"]))
            for row in page
        ]


class AccessLogCsvView(BrowserView):
    """The filtered log as CSV, newest first, in chunks."""

    def header(self):
        return [
            translate(label, context=self.request)
            for label in (
                _("Waktu (UTC)"),
                _("Pengguna"),
                _("Peran"),
                _("Akses"),
                _("Alamat halaman"),
                _("Nomor registrasi"),
                _("Klien"),
                _("Keterangan"),
            )
        ]

    def __call__(self):
        values, filters, errors = parse_filters(self.request.form)
        if errors:
            return csv_export.refuse(self.request, errors)
        filename = f"log-akses-{datetime.date.today():%Y%m%d}.csv"
        return csv_export.stream(self.request, filename, self.header(), self.rows(filters))

    def rows(self, filters):
        """The log read a chunk at a time, never all at once."""
        offset = 0
        while True:
            rows = store.query(filters, limit=csv_export.CHUNK_ROWS, offset=offset)
            for row in rows:
                yield [
                    row["at"].isoformat(),
                    csv_export.cell(row["user_id"]),
                    row["roles"],
                    row["action"],
                    csv_export.cell(row["path"]),
                    csv_export.cell(row["tracking_number"]),
                    row["client"],
                    csv_export.cell(row["detail"]),
                ]
            if len(rows) < csv_export.CHUNK_ROWS:
                return
            offset += csv_export.CHUNK_ROWS
