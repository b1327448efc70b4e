"""The officer work queue (*antrian*): one catalog query shared by the
``@@antrian`` page, its CSV export and the ``@queue`` REST service.

Everything here works on catalog brains and their metadata; no application
object is ever loaded.  Security comes from the catalog (``searchResults``
adds ``allowedRolesAndUsers``), so a user only ever sees what they may view.

Filters (request parameters, all optional):

``status``     a state of ``ptsp_application_workflow``, or ``semua`` (every
               state); without it, the files still in process
               (``ACTIVE_STATES``), unless ``q`` searches every state
``jenis``      the UID of a permit type (``permit_type_uid``)
``terlambat``  ``1``: overdue only (due before today, waiting for an officer)
``q``          a tracking number (exact match), the end of one (``000123``,
               ``123`` or ``2026-000123``: that sequence in every year, with
               today's prefix) or words of the applicant's name
               (``SearchableText``)
``tugas``      ``saya`` (default): waiting for an action the current user
               can take (``ptsp_actors``); ``semua``: everything visible
               (in process, or as ``status`` says)

Order: the files in process first, by due date (oldest deadline first),
then submitted, those without a service time (no due date) after them; then
the closed files, in a list that asks for them, newest submitted first.

Modules: ``filters`` (parameters), ``search`` (the query), ``ordering``
(the order from the indexes), ``rows`` (brains as values).
"""

from ptsp_portal.applications.queue.filters import filter_params
from ptsp_portal.applications.queue.filters import parse_filters
from ptsp_portal.applications.queue.filters import permit_types
from ptsp_portal.applications.queue.filters import QueueQueryError
from ptsp_portal.applications.queue.filters import TASK_ALL
from ptsp_portal.applications.queue.filters import TASK_MINE
from ptsp_portal.applications.queue.filters import workflow_states
from ptsp_portal.applications.queue.rows import Rows
from ptsp_portal.applications.queue.search import build_query
from ptsp_portal.applications.queue.search import search

__all__ = [
    "QueueQueryError",
    "Rows",
    "TASK_ALL",
    "TASK_MINE",
    "build_query",
    "filter_params",
    "parse_filters",
    "permit_types",
    "search",
    "workflow_states",
]
