"""The queue's filters: request parameters checked and turned into a dict,
and back into link parameters. See the package's docstring for each one."""

from plone import api
from ptsp_portal import _
from ptsp_portal.applications import names
from ptsp_portal.applications.queue import narrow
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.content.application import TRACKING_NUMBER
from ptsp_portal.workflow import state_title

import re

# the end of a tracking number: its sequence, maybe after its year
SEQUENCE = re.compile(r"^(?:(\d{4})-)?(\d{1,6})$")
TASK_MINE = "saya"
TASK_ALL = "semua"
TASKS = (TASK_MINE, TASK_ALL)
# ``status``: every state, the closed ones too (the office's history); an
# empty status lists the files still in process, unless a search reaches
# for the whole history (``search.build_query``)
STATUS_ALL = "semua"
FILTER_FIELDS = ("status", "jenis", "terlambat", "q", "tugas")
MAX_QUERY_LENGTH = 100

_TRUE = ("1", "true", "on", "ya")
_FALSE = ("", "0", "false", "off", "tidak")


class QueueQueryError(ValueError):
    """Invalid filter values.

    ``errors`` maps each bad parameter to an (Indonesian) message;
    ``filters`` holds the valid rest, so a page can still show something.
    ``field`` / ``message`` are the first error (for a REST 400).
    """

    def __init__(self, errors, filters=None):
        self.errors = errors
        self.filters = filters or {"tugas": TASK_MINE}
        self.field, self.message = next(iter(errors.items()))
        super().__init__(self.message)


def workflow_states():
    """``[(state id, Indonesian title message)]`` in workflow order."""
    workflow = api.portal.get_tool("portal_workflow").getWorkflowById(APPLICATION_WORKFLOW)
    if workflow is None:
        return []
    return [(state_id, state_title(state_id)) for state_id in workflow.states.objectIds()]


def permit_types():
    """Brains of the permit types the current user can see, by title.

    The few permit types are found first and the security terms checked on
    each (``narrow``): intersected in the catalog, those terms cost as much
    as every application of the office's history."""
    catalog = api.portal.get_tool("portal_catalog")
    query = {"portal_type": PERMIT_TYPE, "sort_on": "sortable_title"}
    return narrow.search(catalog, query, selective_terms=("portal_type",))


def form_text(form, name):
    value = form.get(name)
    if isinstance(value, (list, tuple)):  # ?status=a&status=b
        value = value[-1] if value else ""
    return value.strip() if isinstance(value, str) else ""


def parse_late(form, filters, errors):
    """The ``terlambat`` filter (only what is past its due date), into
    ``filters`` or ``errors``; the complaints queue reads it the same way."""
    late = form_text(form, "terlambat").lower()
    if late in _TRUE:
        filters["terlambat"] = True
    elif late not in _FALSE:
        errors["terlambat"] = _('Nilai "terlambat" harus 1 atau kosong.')


def tracking_number_query(text):
    """The normalised tracking number if ``text`` is one, else ``None``."""
    candidate = text.strip().upper()
    return candidate if TRACKING_NUMBER.match(candidate) else None


def sequence_query(text):
    """``(sequence, year or None)`` if ``text`` is the end of a tracking
    number (``000123``, ``123``, ``2026-000123``), else ``None``."""
    match = SEQUENCE.match(text.strip())
    if match is None:
        return None
    year, sequence = match.groups()
    return int(sequence), int(year) if year else None


def parse_filters(form):
    """Validate the request parameters; return the filters.

    Raise ``QueueQueryError`` naming every invalid parameter.
    """
    filters = {"tugas": TASK_MINE}
    errors = {}

    status = form_text(form, "status")
    if status:
        if status == STATUS_ALL or status in dict(workflow_states()):
            filters["status"] = status
        else:
            errors["status"] = _('Status "${value}" tidak dikenal.', mapping={"value": status[:40]})

    kind = form_text(form, "jenis")
    if kind:
        if kind in {brain.UID for brain in permit_types()}:
            filters["jenis"] = kind
        else:
            errors["jenis"] = _("Jenis izin yang dipilih tidak dikenal.")

    parse_late(form, filters, errors)

    text = form_text(form, "q")
    if text:
        if len(text) > MAX_QUERY_LENGTH:
            errors["q"] = _(
                "Kata pencarian terlalu panjang (paling banyak ${max} karakter).",
                mapping={"max": MAX_QUERY_LENGTH},
            )
        elif tracking_number_query(text) is None and names.query(text) is None:
            errors["q"] = _("Kata pencarian tidak dapat dipakai.")
        else:
            filters["q"] = text

    task = form_text(form, "tugas").lower()
    if task:
        if task in TASKS:
            filters["tugas"] = task
        else:
            errors["tugas"] = _('Pilihan tugas harus "saya" atau "semua".')

    if errors:
        raise QueueQueryError(errors, filters)
    return filters


def filter_params(filters):
    """The request parameters that reproduce ``filters`` (for links)."""
    params = {}
    for name in FILTER_FIELDS:
        value = filters.get(name)
        if value is True:
            params[name] = "1"
        elif value:
            params[name] = value
    return params
