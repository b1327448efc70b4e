"""Survey periods: a year ``YYYY``, a semester ``YYYY-S1``/``S2`` or a
quarter ``YYYY-Q1``…``Q4``; responses are kept by month (``YYYY-MM``)."""

from ptsp_portal import _

import dataclasses
import re

PATTERN = re.compile(r"^(\d{4})(?:-(S[12]|Q[1-4]))?$")
FIRST_YEAR, LAST_YEAR = 2000, 2999


class PeriodError(ValueError):
    """A malformed period; ``message`` is for the user."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


MALFORMED = _(
    "Periode tidak dikenal. Gunakan TTTT (tahun), TTTT-S1/S2 (semester) atau TTTT-Q1…Q4 "
    "(triwulan), misalnya 2026-S1."
)


@dataclasses.dataclass(frozen=True)
class Period:
    year: int
    part: str = ""  # "", "S1", "S2", "Q1".."Q4"

    @property
    def id(self):
        return f"{self.year}-{self.part}" if self.part else str(self.year)

    @property
    def months(self):
        if not self.part:
            return tuple(range(1, 13))
        number = int(self.part[1])
        size = 6 if self.part[0] == "S" else 3
        return tuple(range((number - 1) * size + 1, number * size + 1))

    @property
    def month_keys(self):
        return tuple(month_key(self.year, month) for month in self.months)

    @property
    def title(self):
        if not self.part:
            return _("Tahun ${year}", mapping={"year": self.year})
        if self.part[0] == "S":
            return _("Semester ${n} ${year}", mapping={"n": self.part[1], "year": self.year})
        return _("Triwulan ${n} ${year}", mapping={"n": self.part[1], "year": self.year})


def month_key(year, month):
    return f"{year:04d}-{month:02d}"


def parse(value, today):
    """``value`` (or the current year of ``today`` when empty) -> ``Period``;
    raises ``PeriodError``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Period(today.year)
    if not isinstance(value, str):
        raise PeriodError(MALFORMED)
    match = PATTERN.match(value.strip().upper())
    if not match:
        raise PeriodError(MALFORMED)
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(MALFORMED)
    return Period(year, match.group(2) or "")


def choices(first_year, today):
    """Every period from ``first_year`` to the current year, newest first."""
    periods = []
    for year in range(today.year, min(first_year, today.year) - 1, -1):
        periods.append(Period(year))
        periods.extend(Period(year, part) for part in ("S1", "S2", "Q1", "Q2", "Q3", "Q4"))
    return periods
