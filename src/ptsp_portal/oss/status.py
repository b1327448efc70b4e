"""The OSS status of a workflow state, from the office's mapping (registry
record ``ptsp_portal.oss_status_codes``: state id -> code of
``codes.LABELS``)."""

from plone import api
from ptsp_portal.oss.codes import LABELS

RECORD = "ptsp_portal.oss_status_codes"

NO_STATUS = {"oss_status_code": None, "oss_status_label": None}


class OssStatuses:
    """Reads the mapping once; ``of(state)`` answers
    ``{"oss_status_code": "09", "oss_status_label": "..."}``, both ``None``
    where the office maps no code to the state."""

    def __init__(self):
        self.mapping = api.portal.get_registry_record(RECORD, default=None) or {}

    def of(self, state):
        code = self.mapping.get(state) if state else None
        if code not in LABELS:
            return dict(NO_STATUS)
        return {"oss_status_code": code, "oss_status_label": LABELS[code]}


def oss_status(state):
    """The OSS status of one state (reads the registry)."""
    return OssStatuses().of(state)
