"""Queue brains as plain values for the page, the CSV and ``@queue``."""

from ptsp_portal.applications.queue.filters import permit_types
from ptsp_portal.applications.queue.filters import workflow_states
from ptsp_portal.oss.status import OssStatuses
from ptsp_portal.workflow import sla
from ptsp_portal.working_days import WorkingCalendar
from zope.i18n import translate


class Rows:
    """Turns queue brains into plain values, caching what repeats per row
    (state titles, permit type URLs, today, the working calendar) for one
    request."""

    def __init__(self, request):
        self.request = request
        self.today = sla.today()
        self.calendar = WorkingCalendar()  # reads the registry: once, not per row
        self._state_titles = dict(workflow_states())
        self.oss = OssStatuses()  # the registry's mapping, once
        self._permit_type_urls = None

    def state_title(self, state_id):
        return self._state_titles.get(state_id, state_id)

    def translate(self, message):
        return translate(message, context=self.request) if message is not None else ""

    def permit_type_url(self, uid):
        if self._permit_type_urls is None:
            self._permit_type_urls = {brain.UID: brain.getURL() for brain in permit_types()}
        return self._permit_type_urls.get(uid)

    def sla_status(self, brain):
        return sla.sla_status(brain.due_date, brain.review_state, on=self.today, calendar=self.calendar)

    def sla_title(self, status):
        return sla.sla_title(status)

    def row(self, brain):
        """One application as a dict; dates stay ``datetime``/``date``."""
        return {
            "url": brain.getURL(),
            "tracking_number": brain.tracking_number,
            "permit_type_uid": brain.permit_type_uid,
            "permit_type_title": brain.permit_type_title,
            "applicant_name": brain.applicant_name,
            "review_state": brain.review_state,
            "review_state_title": self.state_title(brain.review_state),
            **self.oss.of(brain.review_state),
            "submitted": brain.submitted,
            "due_date": brain.due_date,
            "sla_status": self.sla_status(brain),
            # a renewal: the permit number it renews (renewal/marking.py)
            "renewal_of": getattr(brain, "renewal_of", None) or None,
        }
