"""Presentation helpers shared by pages and services."""

from ptsp_portal import _


def format_rupiah(amount):
    """``150000`` -> ``Rp 150.000``; 0 or empty -> "Gratis" (a message id)."""
    if not amount:
        return _("Gratis")
    return "Rp " + f"{int(amount):,}".replace(",", ".")
