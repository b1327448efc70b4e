"""Presentation helpers shared by pages and services."""

from plone import api
from ptsp_portal import _

import datetime


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


def format_date(value):
    """A date (or datetime, DateTime) as the user's language writes it.

    Dates only: a datetime loses its time, so a deadline never shows one.
    """
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return api.portal.get_localized_time(datetime=value)


def local_datetime(value):
    """A DateTime or (naive, server-local) datetime as date and time in the
    portal's time zone, formatted for the user's language.

    Workflow history holds DateTimes in the server's zone; citizens and
    officers read the office's time.
    """
    if value is None:
        return ""
    from DateTime import DateTime

    if not isinstance(value, DateTime):
        value = DateTime(value)
    zone = api.portal.get_registry_record("plone.portal_timezone", default=None)
    if zone:
        try:
            value = value.toZone(zone)
        except Exception:  # an unknown zone name: keep the server's
            pass
    return api.portal.get_localized_time(datetime=value, long_format=True)
