"""``@@statistik``: the public service statistics on a phone, and its CSV
download ``@@statistik-csv``; the figures come from ``statistics.figures``
(the same as ``GET @statistics``)."""

from Products.Five.browser import BrowserView
from ptsp_portal import _
from ptsp_portal.browser import csv_export
from ptsp_portal.browser.statistics_charts import bars
from ptsp_portal.statistics import figures
from ptsp_portal.statistics.export import HEADER
from ptsp_portal.statistics.export import rows as csv_rows
from ptsp_portal.workflow.sla import today
from urllib.parse import urlencode
from zope.i18n import translate

MONTHS = (
    _("Jan"),
    _("Feb"),
    _("Mar"),
    _("Apr"),
    _("Mei"),
    _("Jun"),
    _("Jul"),
    _("Agu"),
    _("Sep"),
    _("Okt"),
    _("Nov"),
    _("Des"),
)
# the series of the monthly chart: (figure, CSS class, legend)
RECEIVED = ("received", "ptsp-chart-received", _("Diterima"))
OUTCOMES = (
    ("issued", "ptsp-chart-issued", _("Izin terbit")),
    ("rejected", "ptsp-chart-rejected", _("Ditolak")),
    ("withdrawn", "ptsp-chart-withdrawn", _("Dibatalkan")),
)


def percent(share):
    if share is None:
        return "–"
    return f"{share * 100:.1f} %".replace(".", ",")


def number(value):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


class StatisticsView(BrowserView):
    errors = None

    def __call__(self):
        self.errors = {}
        try:
            self.year, self.permit_type = figures.parameters(self.request.form)
        except figures.BadParameters as exc:
            self.errors = {error.field: error.message for error in exc.errors}
            self.request.response.setStatus(400)
            self.year, self.permit_type = today().year, None
            self.data = None
            return self.index()
        self.data = figures.figures(self.year, self.permit_type["uid"] if self.permit_type else None)
        return self.index()

    def t(self, message):
        return translate(message, context=self.request)

    # the form

    def years(self):
        years = self.data["years"] if self.data else [self.year]
        return [{"value": str(y), "selected": y == self.year} for y in reversed(years)]

    def permit_type_options(self):
        chosen = self.permit_type["uid"] if self.permit_type else None
        return [
            {"value": p["id"], "title": p["title"], "selected": p["uid"] == chosen}
            for p in figures.permit_types()
            if p["published"] or p["uid"] == chosen
        ]

    def query(self):
        query = {"year": self.year}
        if self.permit_type:
            query["permit_type"] = self.permit_type["id"]
        return urlencode(query)

    def csv_url(self):
        return f"{self.context.absolute_url()}/@@statistik-csv?{self.query()}"

    def json_url(self):
        return f"{self.context.absolute_url()}/++api++/@statistics?{self.query()}"

    # the figures

    def scope(self):
        """The series shown at the top: the chosen permit type, or all."""
        if self.permit_type and self.data["permit_types"]:
            return self.data["permit_types"][0]
        return {"title": self.t(figures.ALL_TITLE), "service_days": None, **self.data["all"]}

    def scope_title(self):
        return self.scope()["title"]

    def month_label(self, month):
        return self.t(MONTHS[int(month[5:7]) - 1])

    def cards(self):
        total = self.scope()["total"]
        return [
            {"title": self.t(_("Diterima")), "value": number(total["received"])},
            {"title": self.t(_("Izin terbit")), "value": number(total["issued"])},
            {"title": self.t(_("Ditolak")), "value": number(total["rejected"])},
            {"title": self.t(_("Dibatalkan")), "value": number(total["withdrawn"])},
            {"title": self.t(_("Dalam proses")), "value": number(total["in_progress"])},
            {"title": self.t(_("Median hari kerja")), "value": number(total["working_days_median"])},
            {"title": self.t(_("Persentil ke-90 (hari kerja)")), "value": number(total["working_days_p90"])},
            {
                "title": self.t(_("Selesai dalam waktu layanan")),
                "value": percent(total["share_within_service_days"]),
            },
        ]

    def legend(self):
        return [{"css": css, "title": self.t(title)} for _name, css, title in (RECEIVED, *OUTCOMES)]

    def months_chart(self):
        rows = []
        for month in self.scope()["months"]:
            rows.append(
                {
                    "label": self.month_label(month["month"]),
                    "bars": [
                        [(month["received"], RECEIVED[1])],
                        [(month[name], css) for name, css, _title in OUTCOMES],
                    ],
                }
            )
        return bars(rows, "ptsp-chart-months")

    def time_rows(self):
        """Rows of the working-days chart: the months of one permit type,
        or the permit types of the year."""
        if self.permit_type:
            scope = self.scope()
            return [(self.month_label(m["month"]), m, scope["service_days"]) for m in scope["months"]]
        return [(p["title"], p["total"], p["service_days"]) for p in self.data["permit_types"]]

    def time_chart(self):
        rows = []
        for label, figures_, service_days in self.time_rows():
            median = figures_["working_days_median"]
            p90 = figures_["working_days_p90"]
            markers = [(p90, "ptsp-chart-p90")]
            if service_days:
                markers.append((service_days, "ptsp-chart-service-days"))
            rows.append(
                {
                    "label": label,
                    "bars": [[(median, "ptsp-chart-median")]],
                    "markers": markers,
                    "notes": [
                        f"{number(median)} / {number(p90)}" if median is not None else "–",
                    ],
                }
            )
        return bars(rows, "ptsp-chart-times") if rows else ""

    def share_chart(self):
        rows = []
        for label, figures_, _days in self.time_rows():
            share = figures_["share_within_service_days"]
            rows.append(
                {
                    "label": label,
                    "bars": [[(share * 100 if share is not None else 0, "ptsp-chart-share")]],
                    "markers": [(100, "ptsp-chart-full")],
                    "notes": [percent(share)],
                }
            )
        return bars(rows, "ptsp-chart-shares") if rows else ""

    def month_rows(self):
        return [
            {
                "label": self.month_label(m["month"]),
                **{k: number(v) for k, v in m.items() if k != "month"},
                "share": percent(m["share_within_service_days"]),
            }
            for m in self.scope()["months"]
        ]

    def type_rows(self):
        if self.permit_type:
            return []
        return [
            {
                "title": p["title"],
                "service_days": number(p["service_days"]),
                **{k: number(v) for k, v in p["total"].items()},
                "share": percent(p["total"]["share_within_service_days"]),
            }
            for p in self.data["permit_types"]
        ]

    def complaint_rows(self):
        return [{"label": self.month_label(m["month"]), **m} for m in self.data["complaints"]["months"]]

    def complaint_total(self):
        return self.data["complaints"]["total"]

    def method(self):
        return self.t(figures.METHOD)


class StatisticsCSV(BrowserView):
    """``@@statistik-csv?year=…&permit_type=…``: the figures as CSV."""

    def __call__(self):
        try:
            year, permit_type = figures.parameters(self.request.form)
        except figures.BadParameters as exc:
            return csv_export.refuse(self.request, [error.message for error in exc.errors])
        data = figures.figures(year, permit_type["uid"] if permit_type else None)
        name = f"statistik-{year}" + (f"-{permit_type['id']}" if permit_type else "") + ".csv"
        all_title = translate(figures.ALL_TITLE, context=self.request)
        rows = ([csv_export.cell(str(value)) for value in row] for row in csv_rows(data, all_title))
        return csv_export.stream(self.request, name, HEADER, rows)
