"""``@@lacak``: public tracking of an application by its number."""

from Products.Five.browser import BrowserView
from ptsp_portal.applications import tracking
from ptsp_portal.applications.progress import badge_class
from ptsp_portal.browser.stepper import render_stepper
from ptsp_portal.i18n.formatting import format_date
from ptsp_portal.i18n.formatting import local_datetime

PARAMETER = "nomor"


class TrackingView(BrowserView):
    """The form, and the result of a lookup when a number was sent."""

    number = ""
    result = None
    error = None

    def __call__(self):
        number = self.request.form.get(PARAMETER)
        if isinstance(number, str) and number.strip():
            self.number = number.strip()
            try:
                self.result = tracking.lookup(self.request, self.number)
            except tracking.TrackingError as exc:
                self.error = exc.message
                self.request.response.setStatus(exc.status)
                if isinstance(exc, tracking.TooManyLookups):
                    self.request.response.setHeader("Retry-After", str(exc.retry_after))
        # never cached: results change with every step of the file
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.index()

    def action_url(self):
        return f"{self.context.absolute_url()}/@@lacak"

    def facts(self):
        result = self.result
        return {
            "submitted": format_date(result["submitted"]) or "–",
            "due_date": format_date(result["due_date"]) or "–",
        }

    def history(self):
        return [{**step, "when": local_datetime(step["date"])} for step in self.result["steps"]]

    def stepper(self):
        return render_stepper(self.context, self.request, self.result["progress"])

    def badge_class(self):
        return badge_class(self.result["review_state"])
