"""The fee as data (fees/definition.py): kinds, checks, amounts; no site."""

from decimal import Decimal
from ptsp_portal.fees import definition
from zope.i18n import translate

import unittest


class PermitTypeStub:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def rate(**extra):
    return {"kind": "rate", "answer": "luas_bangunan", "rate": 10000, "index": "1,5", **extra}


class TestAmounts(unittest.TestCase):
    def test_free_and_fixed(self):
        self.assertEqual(definition.amount(definition.check({"kind": "free"})), 0)
        self.assertEqual(definition.amount(definition.check({"kind": "fixed", "amount": 250000})), 250000)

    def test_area_times_rate_times_index_rounded_half_up(self):
        found = definition.check(rate())
        self.assertEqual(definition.amount(found, {"luas_bangunan": "120"}), 1800000)
        self.assertEqual(definition.amount(found, {"luas_bangunan": 120.5}), 1807500)
        # 0,0001 × 10.000 × 1,5 = 1,5 -> 2
        self.assertEqual(definition.amount(found, {"luas_bangunan": "0,0001"}), 2)
        self.assertEqual(
            definition.basis(found, {"luas_bangunan": "120"}), "luas_bangunan 120 × Rp 10.000 × 1,5"
        )

    def test_tiered_table(self):
        found = definition.check(
            {
                "kind": "tiered",
                "answer": "luas_bangunan",
                "tiers": [{"up_to": 100, "amount": 50000}, {"up_to": 500, "amount": 150000}],
            }
        )
        self.assertEqual(definition.amount(found, {"luas_bangunan": 100}), 50000)
        self.assertEqual(definition.amount(found, {"luas_bangunan": "100,5"}), 150000)
        with self.assertRaises(definition.FeeInputError):  # beyond the last bound
            definition.amount(found, {"luas_bangunan": 501})
        open_ended = definition.check(
            {
                "kind": "tiered",
                "answer": "x",
                "tiers": [{"up_to": 10, "amount": 1}, {"up_to": None, "amount": 2}],
            }
        )
        self.assertEqual(definition.amount(open_ended, {"x": "99999"}), 2)

    def test_answers_that_are_not_plain_numbers(self):
        found = definition.check(rate())
        for value in (
            None,
            "",
            "abc",
            "1e9",
            "nan",
            "inf",
            "-5",
            "2*3",
            "1+1",
            "__import__('os')",
            True,
            "1.2.3",
        ):
            with self.assertRaises(definition.FeeInputError, msg=repr(value)) as caught:
                definition.amount(found, {"luas_bangunan": value})
            self.assertIn("luas_bangunan", caught.exception.errors)

    def test_legacy_fee_amount_without_kind(self):
        self.assertIsNone(definition.from_permit_type(PermitTypeStub(fee_amount=None)).kind)
        self.assertEqual(definition.from_permit_type(PermitTypeStub(fee_amount=0)).kind, "free")
        found = definition.from_permit_type(PermitTypeStub(fee_amount=75000))
        self.assertEqual((found.kind, definition.amount(found)), ("fixed", 75000))
        self.assertFalse(definition.from_permit_type(PermitTypeStub(fee_amount=0)).billable)


class TestRefusals(unittest.TestCase):
    def refused(self, data, field, numeric_answers=None):
        with self.assertRaises(definition.FeeDefinitionError) as caught:
            definition.check(data, numeric_answers=numeric_answers)
        self.assertIn(field, caught.exception.errors)
        return translate(caught.exception.errors[field])

    def test_expressions_are_refused_as_answer(self):
        for answer in (
            "luas_bangunan * 2",
            "luas_bangunan*tarif",
            "__import__('os').system('id')",
            "luas.bangunan",
            "eval(luas)",
            "Luas",
            "luas bangunan",
            "${luas}",
            "python:1",
        ):
            message = self.refused(rate(answer=answer), "fee_answer")
            self.assertIn("bukan rumus", message)

    def test_expressions_are_refused_as_index_and_rate(self):
        for index in ("1.5*2", "1,5 + 1", "2**64", "1e3", "abs(-1)", "0x10"):
            self.assertIn("tanpa rumus", self.refused(rate(index=index), "fee_index"))
        self.refused(rate(rate="10000*2"), "fee_rate")
        self.refused(rate(rate=0), "fee_rate")
        self.refused(rate(index="0"), "fee_index")

    def test_unknown_field_is_refused(self):
        message = self.refused(rate(answer="luas_tanah"), "fee_answer", numeric_answers={"luas_bangunan"})
        self.assertIn("luas_tanah", message)
        self.assertIn("bukan kolom angka", message)
        # a known numeric field passes
        found = definition.check(rate(), numeric_answers={"luas_bangunan"})
        self.assertEqual(found.index, Decimal("1.5"))

    def test_bad_tables_and_kinds(self):
        self.refused({"kind": "tiered", "answer": "x", "tiers": []}, "fee_tiers")
        self.refused(
            {
                "kind": "tiered",
                "answer": "x",
                "tiers": [{"up_to": 10, "amount": 1}, {"up_to": 5, "amount": 2}],
            },
            "fee_tiers",
        )
        self.refused(
            {
                "kind": "tiered",
                "answer": "x",
                "tiers": [{"up_to": None, "amount": 1}, {"up_to": 5, "amount": 2}],
            },
            "fee_tiers",
        )
        self.refused({"kind": "fixed", "amount": None}, "fee_amount")
        self.refused({"kind": "formula", "answer": "x"}, "fee_kind")
