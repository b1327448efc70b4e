"""The IKM arithmetic against examples worked by hand (no site needed).

Formula (PermenPANRB 14/2017, as the implementing reports apply it):
NRR per element = sum of its answers / respondents; weighted NRR = NRR x 1/9;
IKM = sum of weighted NRR x 25; rounded half-up to 2 decimals, then graded:
A 88.31-100, B 76.61-88.30, C 65.00-76.60, D 25.00-64.99.
"""

from decimal import Decimal
from fractions import Fraction
from ptsp_portal.survey import periods
from ptsp_portal.survey.elements import ELEMENT_KEYS
from ptsp_portal.survey.ikm import compute
from ptsp_portal.survey.ikm import grade
from ptsp_portal.survey.ikm import round_half_up

import datetime
import unittest


def counts_for_sums(sums, respondents):
    """Per-element answer counts of ``respondents`` whose element sums are
    ``sums`` (everyone answers 3, then some 4 or 2 to reach the sum)."""
    counts = {}
    for key, total in zip(ELEMENT_KEYS, sums, strict=True):
        extra = total - 3 * respondents
        if extra >= 0:
            counts[key] = {4: extra, 3: respondents - extra}
        else:
            counts[key] = {2: -extra, 3: respondents + extra}
    return counts


def spread(total, respondents):
    """``total`` (the sum over all nine elements) split as evenly as possible."""
    base, rest = divmod(total, 9)
    return [base + (1 if i < rest else 0) for i in range(9)]


class TestWorkedExample(unittest.TestCase):
    def test_twenty_respondents(self):
        """By hand: 20 respondents, element sums 64, 62, 61, 78, 66, 65, 68,
        63, 60 -> NRR 3.20, 3.10, 3.05, 3.90, 3.30, 3.25, 3.40, 3.15, 3.00
        (sum 29.35); weighted sum 29.35 / 9 = 3.26111...; x 25 = 81.52777...
        -> 81.53, B (Baik).  (The same NRRs as the reference notes' example:
        0.111 as weight would give 81.45.)"""
        sums = [64, 62, 61, 78, 66, 65, 68, 63, 60]
        result = compute(counts_for_sums(sums, 20), 20)
        nrr = [element["nrr"] for element in result["elements"]]
        self.assertEqual(nrr, [Fraction(s, 20) for s in sums])  # 3.20, 3.10, ...
        self.assertEqual(nrr[0], Fraction("3.20"))
        self.assertEqual(nrr[3], Fraction("3.90"))
        self.assertEqual(sum(nrr), Fraction("29.35"))
        self.assertEqual(result["elements"][0]["weighted"], Fraction("3.20") / 9)
        self.assertEqual(result["interval"], Fraction("29.35") / 9)
        self.assertEqual(result["ikm_exact"], Fraction(14675, 180))  # 81.5277...
        self.assertEqual(result["ikm"], Decimal("81.53"))
        self.assertEqual((result["grade"], result["performance"]), ("B", "Baik"))
        # the elements are keyed by name, in the order of the reference
        self.assertEqual([e["key"] for e in result["elements"]][7:], ["pengaduan", "sarana"])

    def test_all_four_is_exactly_100(self):
        """Weight exactly 1/9: one respondent answering 4 everywhere gives
        100 (with 0.111 it would be 99.9)."""
        result = compute(counts_for_sums([4] * 9, 1), 1)
        self.assertEqual(result["ikm"], Decimal("100.00"))
        self.assertEqual(result["grade"], "A")

    def test_all_one_is_25(self):
        result = compute({key: {1: 3} for key in ELEMENT_KEYS}, 3)
        self.assertEqual(result["ikm"], Decimal("25.00"))
        self.assertEqual((result["grade"], result["performance"]), ("D", "Tidak baik"))

    def test_all_three_is_75_c(self):
        """The reference notes' check: every element 3.00 -> 75.00, C."""
        result = compute(counts_for_sums([30] * 9, 10), 10)
        self.assertEqual(result["ikm"], Decimal("75.00"))
        self.assertEqual(result["grade"], "C")

    def test_half_up_not_half_even(self):
        """8 respondents, total 243 over the nine elements: 243 / 8 / 9 x 25
        = 84.375 exactly -> 84.38 (half up; banker's rounding would give 84.37)."""
        result = compute(counts_for_sums(spread(243, 8), 8), 8)
        self.assertEqual(result["ikm_exact"], Fraction("84.375"))
        self.assertEqual(result["ikm"], Decimal("84.38"))


class TestBoundaries(unittest.TestCase):
    """500 respondents: IKM = total x 25 / (9 x 500) = total / 180."""

    def ikm(self, total):
        result = compute(counts_for_sums(spread(total, 500), 500), 500)
        self.assertEqual(result["ikm_exact"], Fraction(total, 180))
        return result["ikm"], result["grade"], result["performance"]

    def test_88_30_is_b_and_88_31_is_a(self):
        self.assertEqual(self.ikm(15894), (Decimal("88.30"), "B", "Baik"))  # 88.3000
        self.assertEqual(self.ikm(15896), (Decimal("88.31"), "A", "Sangat baik"))  # 88.3111

    def test_rounded_before_grading(self):
        """15895 / 180 = 88.30555...: below 88.31, but rounded it is 88.31, so A."""
        self.assertEqual(self.ikm(15895), (Decimal("88.31"), "A", "Sangat baik"))

    def test_76_60_is_c_and_76_61_is_b(self):
        self.assertEqual(self.ikm(13788), (Decimal("76.60"), "C", "Kurang baik"))  # 76.6000
        self.assertEqual(self.ikm(13789), (Decimal("76.61"), "B", "Baik"))  # 76.6055...
        self.assertEqual(self.ikm(13790), (Decimal("76.61"), "B", "Baik"))  # 76.6111

    def test_65_00_is_c_and_64_99_is_d(self):
        self.assertEqual(self.ikm(11700), (Decimal("65.00"), "C", "Kurang baik"))
        self.assertEqual(self.ikm(11698), (Decimal("64.99"), "D", "Tidak baik"))  # 64.9888...

    def test_grade_of_rounded_values(self):
        self.assertEqual(grade(Decimal("88.30"))[0], "B")
        self.assertEqual(grade(Decimal("88.31"))[0], "A")
        self.assertEqual(grade(Decimal("76.60"))[0], "C")
        self.assertEqual(grade(Decimal("76.61"))[0], "B")
        self.assertEqual(grade(Decimal("100.00"))[0], "A")

    def test_round_half_up(self):
        self.assertEqual(round_half_up(Fraction(1, 200)), Decimal("0.01"))
        self.assertEqual(round_half_up(Fraction(1, 201)), Decimal("0.00"))
        self.assertEqual(round_half_up(Fraction(7, 3), 4), Decimal("2.3333"))


class TestPeriods(unittest.TestCase):
    TODAY = datetime.date(2026, 11, 30)

    def test_forms(self):
        self.assertEqual(periods.parse("2026", self.TODAY).months, tuple(range(1, 13)))
        self.assertEqual(periods.parse("2026-S2", self.TODAY).month_keys[0], "2026-07")
        self.assertEqual(periods.parse("2025-q3", self.TODAY).month_keys, ("2025-07", "2025-08", "2025-09"))
        self.assertEqual(periods.parse(None, self.TODAY).id, "2026")
        self.assertEqual(periods.parse("", self.TODAY).id, "2026")

    def test_malformed(self):
        for value in ("26", "2026-S3", "2026-Q5", "2026-H1", "2026/Q1", "abcd", "1999", ["2026"]):
            with self.subTest(value=value), self.assertRaises(periods.PeriodError):
                periods.parse(value, self.TODAY)
