"""The permit-number pattern: its default, its check and its error.

A module of its own, with no imports from the rest of the add-on, because
two layers need it: ``documents.issue`` formats the numbers, and the PTSP
control panel (``controlpanel.settings``) validates the pattern an
administrator types.  The control panel imports from here, never the other
way round.
"""

PATTERN_RECORD = "ptsp_portal.permit_number_pattern"
DEFAULT_PATTERN = "503/{seq:04d}/{code}/DPMPTSP/{year}"


class PermitNumberPatternError(ValueError):
    """The pattern does not format, or every number would be the same."""


def format_permit_number(pattern, seq, code, year):
    return pattern.format(seq=seq, code=code, year=year)


def check_pattern(pattern):
    """Raise ``PermitNumberPatternError`` unless ``pattern`` formats and
    contains the sequence (without it every number would be the same)."""
    if "{seq" not in (pattern or ""):
        raise PermitNumberPatternError("missing {seq}")
    try:
        first = format_permit_number(pattern, 1, "KODE", 2026)
        second = format_permit_number(pattern, 2, "KODE", 2026)
    except (KeyError, IndexError, ValueError) as exc:
        raise PermitNumberPatternError(str(exc)) from exc
    if first == second:
        raise PermitNumberPatternError("the sequence does not show")
    return True
