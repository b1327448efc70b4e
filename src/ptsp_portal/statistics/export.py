"""The statistics as rows: the CSV download and its header, one row per
permit type and month, a year row per permit type (``month`` = the year),
and the same for all permit types (``permit_type_id`` = ``semua``), which
also carry the complaints (office-wide: a complaint has no permit type)."""

ALL_ID = "semua"
FIGURES = (
    "received",
    "issued",
    "rejected",
    "withdrawn",
    "in_progress",
    "decided",
    "working_days_median",
    "working_days_p90",
    "within_service_days",
    "compared_with_service_days",
    "share_within_service_days",
)
COMPLAINT_FIGURES = ("received", "answered", "answered_on_time")
HEADER = (
    "year",
    "month",
    "permit_type_id",
    "permit_type",
    "service_days",
    *FIGURES,
    *(f"complaints_{name}" for name in COMPLAINT_FIGURES),
)


def _value(value):
    return "" if value is None else value


def rows(figures, all_title):
    """The CSV rows of ``figures`` (``figures.figures``)."""
    year = figures["year"]
    for row in figures["permit_types"]:
        head = (row["id"], row["title"], _value(row["service_days"]))
        for month in row["months"]:
            yield [year, month["month"], *head, *(_value(month[n]) for n in FIGURES), "", "", ""]
        yield [year, year, *head, *(_value(row["total"][n]) for n in FIGURES), "", "", ""]
    complaints = {month["month"]: month for month in figures["complaints"]["months"]}
    head = (ALL_ID, all_title, "")
    for month in figures["all"]["months"]:
        filed = complaints.get(month["month"], {})
        yield [
            year,
            month["month"],
            *head,
            *(_value(month[n]) for n in FIGURES),
            *(_value(filed.get(n)) for n in COMPLAINT_FIGURES),
        ]
    total = figures["complaints"]["total"]
    yield [
        year,
        year,
        *head,
        *(_value(figures["all"]["total"][n]) for n in FIGURES),
        *(_value(total[n]) for n in COMPLAINT_FIGURES),
    ]
