"""Formatting shared by the permit PDF and the public verification: Indonesian
dates, masked NIK and names, readable form answers."""

import datetime

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def as_date(value):
    """A ``date`` from a date, datetime, Zope ``DateTime`` or ISO string."""
    if value is None or value == "":
        return None
    if hasattr(value, "asdatetime"):  # Zope DateTime (catalog metadata)
        value = value.asdatetime()
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def indonesian_date(value):
    """``2026-11-28`` -> ``28 November 2026``; empty for ``None``."""
    value = as_date(value)
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def mask_nik(nik):
    """``3201010101900001`` -> ``3201********0001`` (first and last four kept)."""
    nik = (nik or "").strip()
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_word(word):
    if len(word) <= 2:
        return word
    return word[0] + "*" * (len(word) - 2) + word[-1]


def mask_name(name):
    """``Budi Santoso`` -> ``B**i S*****o``: first and last letter of each word."""
    return " ".join(mask_word(word) for word in (name or "").split())


def readable_key(key):
    """``lokasi_praktik`` -> ``Lokasi praktik``."""
    text = " ".join(str(key).replace("_", " ").replace("-", " ").split())
    return text[:1].upper() + text[1:]


def readable_value(value):
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, (list, tuple)):
        return ", ".join(readable_value(v) for v in value if not is_empty(v))
    if isinstance(value, dict):
        return "; ".join(
            f"{readable_key(k)}: {readable_value(v)}" for k, v in value.items() if not is_empty(v)
        )
    return " ".join(str(value).split())


def is_empty(value):
    if value is None or value is False:
        return value is None
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return all(is_empty(v) for v in (value.values() if isinstance(value, dict) else value))
    return False


def answers(form_data):
    """The non-empty answers of ``form_data`` as ``(label, text)`` rows, in order."""
    rows = []
    for key, value in (form_data or {}).items():
        if is_empty(value):
            continue
        rows.append((readable_key(key), readable_value(value)))
    return rows
