"""Presentation helpers shared by pages and services."""

from ptsp_portal import _


def format_rupiah(amount):
    """``150000`` -> ``Rp 150.000``; 0 -> "Gratis"; None -> see the fee note."""
    if amount is None:
        return _("Lihat keterangan biaya")
    if amount == 0:
        return _("Gratis")
    return "Rp " + f"{int(amount):,}".replace(",", ".")


def format_service_days(days):
    """Working days as a message, or a note that the time is not fixed."""
    if not days:
        return _("Belum ditetapkan")
    return _("${days} hari kerja", mapping={"days": days})
