"""Markers a view carries to be recorded in the access log."""

from zope.interface import Interface


class IRecordedExport(Interface):
    """A view exporting personal data of many applications (the queue
    CSV): each successful call is recorded as an ``export``."""
