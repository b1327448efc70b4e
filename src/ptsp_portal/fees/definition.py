"""A permit type's fee as data: one of a few kinds, integer rupiah.

There is no expression language: an editor picks a kind and fills numbers.

- ``free``: nothing to pay;
- ``fixed``: ``fee_amount`` rupiah;
- ``rate``: a numeric answer of the form (``fee_answer``, e.g. the
  building's area) × ``fee_rate`` rupiah per unit × ``fee_index`` (a plain
  decimal number such as ``1,5``), rounded half up to whole rupiah;
- ``tiered``: a table over a numeric answer: the first row whose
  ``up_to`` is at least the answer gives the amount (an empty ``up_to``:
  every larger answer).

A permit type without a kind (sites before 1026, or nothing chosen) keeps
the old meaning of ``fee_amount``: 0 free, a number fixed, empty "see the
fee note" (never billed).  Pure Python: no site needed.
"""

from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from decimal import InvalidOperation
from decimal import ROUND_HALF_UP
from ptsp_portal import _

import re

FREE = "free"
FIXED = "fixed"
RATE = "rate"
TIERED = "tiered"
KINDS = (FREE, FIXED, RATE, TIERED)
# a form field id, nothing else: no operators, calls, attributes or spaces
ANSWER_ID = re.compile(r"^[a-z][a-z0-9_-]{0,59}$")
# a plain decimal: digits, one decimal comma or point, at most 4 decimals
DECIMAL = re.compile(r"^\d{1,9}([.,]\d{1,4})?$")
MAX_AMOUNT = 10**15  # rupiah: beyond any retribution, below float trouble

NOT_A_FIELD = _(
    "Isian ini hanya nama kolom jawaban formulir (huruf kecil, angka, '_' atau '-', "
    "contoh: luas_bangunan), bukan rumus."
)
NOT_A_NUMBER = _("Harus berupa angka biasa, misalnya 1,5 (tanpa rumus atau satuan).")


class FeeDefinitionError(ValueError):
    """The definition cannot be used; ``errors``: {field: message}."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class FeeInputError(ValueError):
    """An answer the fee needs is missing or not a number; ``errors``: {answer id: message}."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class FeeDefinition:
    kind: str | None
    amount: int | None = None  # fixed
    answer: str | None = None  # rate, tiered
    rate: int | None = None
    index: Decimal = Decimal(1)
    tiers: tuple = field(default_factory=tuple)  # ((up_to or None, amount), ...)

    @property
    def billable(self):
        """Does an application of this kind (possibly) get a bill?"""
        return self.kind in (FIXED, RATE, TIERED)

    def as_json(self):
        return {
            "kind": self.kind,
            "amount": self.amount if self.kind == FIXED else None,
            "answer": self.answer if self.kind in (RATE, TIERED) else None,
            "rate": self.rate if self.kind == RATE else None,
            "index": str(self.index) if self.kind == RATE else None,
            "tiers": [{"up_to": up_to, "amount": amount} for up_to, amount in self.tiers]
            if self.kind == TIERED
            else None,
        }


def is_answer_id(value):
    return isinstance(value, str) and bool(ANSWER_ID.match(value))


def parse_decimal(value):
    """A ``Decimal`` from a plain decimal number (``1,5``, ``1.5``, ``2``,
    or a number); ``ValueError`` for anything else (``2*3``, ``1e9``, ``nan``)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal | float):
        text = format(Decimal(str(value)), "f")
    else:
        text = str(value if value is not None else "").strip()
    if not DECIMAL.match(text):
        raise ValueError(text)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern refuses first
        raise ValueError(text) from exc


def _int_or_none(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(value)
    return value


def from_permit_type(permit_type):
    """The definition stored on ``permit_type`` (its ``fee_*`` fields),
    checked (``FeeDefinitionError``), without asking the form."""
    kind = getattr(permit_type, "fee_kind", None) or None
    amount = getattr(permit_type, "fee_amount", None)
    if kind is None:  # the meaning of fee_amount before fee kinds
        if amount is None:
            return FeeDefinition(None)
        kind = FREE if amount == 0 else FIXED
    return check(
        {
            "kind": kind,
            "amount": amount,
            "answer": getattr(permit_type, "fee_answer", None),
            "rate": getattr(permit_type, "fee_rate", None),
            "index": getattr(permit_type, "fee_index", None),
            "tiers": getattr(permit_type, "fee_tiers", None) or [],
        }
    )


def check(data, numeric_answers=None):
    """A ``FeeDefinition`` from ``data`` (the ``fee_*`` values without the
    prefix), or ``FeeDefinitionError``.  With ``numeric_answers`` (the ids of
    the form's numeric fields) the answer must be one of them."""
    errors = {}
    kind = data.get("kind")
    if kind not in KINDS:
        raise FeeDefinitionError(
            {"fee_kind": _("Pilih jenis biaya: gratis, tetap, tarif × indeks, atau tabel.")}
        )
    if kind == FREE:
        return FeeDefinition(FREE, amount=0)
    if kind == FIXED:
        try:
            amount = _int_or_none(data.get("amount"))
        except ValueError:
            amount = -1
        if amount is None or not 0 < amount <= MAX_AMOUNT:
            raise FeeDefinitionError(
                {"fee_amount": _("Isi besar biaya tetap dalam Rupiah (bilangan bulat > 0).")}
            )
        return FeeDefinition(FIXED, amount=amount)
    answer = data.get("answer")
    if not answer:
        errors["fee_answer"] = _("Isi kolom jawaban formulir yang menjadi dasar perhitungan.")
    elif not is_answer_id(answer):
        errors["fee_answer"] = NOT_A_FIELD
    elif numeric_answers is not None and answer not in numeric_answers:
        errors["fee_answer"] = _(
            'Kolom "${answer}" bukan kolom angka pada formulir jenis izin ini. '
            "Kolom angka yang ada: ${known}.",
            mapping={"answer": answer, "known": ", ".join(sorted(numeric_answers)) or "-"},
        )
    if kind == RATE:
        rate, index = None, Decimal(1)
        try:
            rate = _int_or_none(data.get("rate"))
        except ValueError:
            rate = -1
        if rate is None or not 0 < rate <= MAX_AMOUNT:
            errors["fee_rate"] = _("Isi tarif per satuan dalam Rupiah (bilangan bulat > 0).")
        raw_index = data.get("index")
        if raw_index not in (None, ""):
            try:
                index = parse_decimal(raw_index)
            except ValueError:
                errors["fee_index"] = NOT_A_NUMBER
            else:
                if index <= 0:
                    errors["fee_index"] = _("Indeks harus lebih besar dari 0.")
        if errors:
            raise FeeDefinitionError(errors)
        return FeeDefinition(RATE, answer=answer, rate=rate, index=index)
    tiers, previous = [], None
    rows = data.get("tiers") or []
    if not rows:
        errors["fee_tiers"] = _("Isi tabel tarif: batas atas dan biaya tiap baris.")
    for number, row in enumerate(rows, start=1):
        try:
            up_to = _int_or_none((row or {}).get("up_to"))
            amount = _int_or_none((row or {}).get("amount"))
        except (ValueError, AttributeError):
            errors["fee_tiers"] = _("Baris ${row} tabel tarif: isi angka bulat.", mapping={"row": number})
            break
        if amount is None or not 0 <= amount <= MAX_AMOUNT:
            errors["fee_tiers"] = _(
                "Baris ${row} tabel tarif: isi biaya dalam Rupiah.", mapping={"row": number}
            )
            break
        if previous is not None and (previous[0] is None or (up_to is not None and up_to <= previous[0])):
            errors["fee_tiers"] = _(
                "Baris ${row} tabel tarif: batas atas harus naik; hanya baris terakhir boleh tanpa batas.",
                mapping={"row": number},
            )
            break
        previous = (up_to, amount)
        tiers.append(previous)
    if errors:
        raise FeeDefinitionError(errors)
    return FeeDefinition(TIERED, answer=answer, tiers=tuple(tiers))


def round_rupiah(value):
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def answer_value(definition, answers):
    """The number the definition's answer holds in ``answers`` (a mapping),
    as a ``Decimal`` ≥ 0, or ``FeeInputError``."""
    name = definition.answer
    raw = answers.get(name) if answers is not None else None
    if raw in (None, ""):
        raise FeeInputError(
            {name: _("Isi ${answer} (angka) untuk menghitung biaya.", mapping={"answer": name})}
        )
    try:
        value = parse_decimal(raw)
    except ValueError:
        raise FeeInputError(
            {name: _("${answer} harus berupa angka, misalnya 120 atau 120,5.", mapping={"answer": name})}
        ) from None
    return value


def amount(definition, answers=None):
    """The fee in whole rupiah for ``answers``; ``None`` when the permit
    type's fee is not fixed in advance (no kind, see the fee note)."""
    if definition.kind is None:
        return None
    if definition.kind == FREE:
        return 0
    if definition.kind == FIXED:
        return definition.amount
    value = answer_value(definition, answers)
    if definition.kind == RATE:
        return round_rupiah(value * definition.rate * definition.index)
    for up_to, tier_amount in definition.tiers:
        if up_to is None or value <= up_to:
            return tier_amount
    raise FeeInputError(
        {
            definition.answer: _(
                "${answer} melebihi batas tabel tarif; hubungi kantor untuk besar biayanya.",
                mapping={"answer": definition.answer},
            )
        }
    )


def basis(definition, answers=None):
    """How the amount was reached, in words for the bill ("120 × Rp 10.000 × 1,5")."""
    if definition.kind == RATE:
        value = answer_value(definition, answers)
        index = format(definition.index.normalize(), "f").replace(".", ",")
        number = format(value.normalize(), "f").replace(".", ",")
        rate = f"{definition.rate:,}".replace(",", ".")
        return f"{definition.answer} {number} × Rp {rate} × {index}"
    if definition.kind == TIERED:
        value = answer_value(definition, answers)
        return f"{definition.answer} {format(value.normalize(), 'f').replace('.', ',')} (tabel tarif)"
    return ""
