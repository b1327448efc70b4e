"""The IKM arithmetic of PermenPANRB 14/2017, exact.

- NRR of an element = sum of its answers ÷ number of respondents;
- weighted NRR = NRR × 1/9 (exactly: the published 0,111 would cap the
  index at 99,9 while the regulation's own examples reach 100);
- IKM = Σ weighted NRR × 25, a value from 25 to 100;
- the IKM is rounded half-up to 2 decimals, and the grade is read from
  that rounded value (``elements.BANDS``): 88,30 is B, 88,31 is A.

Everything is computed with ``Fraction`` and only the shown values are
rounded (``Decimal``, ROUND_HALF_UP), so no float drift moves a boundary.
"""

from decimal import Decimal
from decimal import ROUND_HALF_UP
from fractions import Fraction
from ptsp_portal.survey.elements import BANDS
from ptsp_portal.survey.elements import ELEMENT_KEYS
from ptsp_portal.survey.elements import SCALE

WEIGHT = Fraction(1, len(ELEMENT_KEYS))
FACTOR = 25


def round_half_up(value, places=2):
    """``Fraction`` (or int/Decimal) -> ``Decimal`` with ``places`` decimals, half up."""
    value = Fraction(value)
    scaled = value * 10**places
    sign = -1 if scaled < 0 else 1
    whole = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
    return (Decimal(sign * whole) / Decimal(10**places)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def grade(ikm):
    """``(grade, performance msgid)`` of an IKM already rounded to 2 decimals."""
    ikm = Decimal(ikm)
    for lowest, letter, performance in BANDS:
        if ikm >= lowest:
            return letter, performance
    return BANDS[-1][1], BANDS[-1][2]


def nrr(counts, respondents):
    """The exact NRR of one element: ``counts`` maps an answer (1–4) to how
    many gave it."""
    if not respondents:
        return None
    return Fraction(sum(value * counts.get(value, 0) for value in SCALE), respondents)


def compute(counts, respondents):
    """The index of ``respondents`` answers: ``counts`` maps each element key
    to ``{answer: how many}``.  Returns a dict with exact ``Fraction``
    values (``nrr``, ``weighted``, ``total`` per element and overall,
    ``ikm_exact``) and the rounded ``ikm`` (Decimal, 2 places) with its
    ``grade`` and ``performance``; ``None`` without respondents."""
    if not respondents:
        return None
    elements = []
    total = Fraction(0)
    for key in ELEMENT_KEYS:
        element_counts = counts.get(key, {})
        value = nrr(element_counts, respondents)
        weighted = value * WEIGHT
        total += weighted
        elements.append({"key": key, "counts": dict(element_counts), "nrr": value, "weighted": weighted})
    ikm_exact = total * FACTOR
    ikm = round_half_up(ikm_exact, 2)
    letter, performance = grade(ikm)
    return {
        "respondents": respondents,
        "elements": elements,
        "interval": total,  # the index on the 1–4 scale (NI)
        "ikm_exact": ikm_exact,
        "ikm": ikm,
        "grade": letter,
        "performance": performance,
    }
