"""``@@lacak``: public tracking of an application by its number."""

from plone import api
from Products.Five.browser import BrowserView
from ptsp_portal import tracking
from ptsp_portal.browser.my_applications import format_date
from ptsp_portal.browser.my_applications import render_stepper
from ptsp_portal.progress import badge_class

PARAMETER = "nomor"


def format_datetime(value):
    """A DateTime or datetime as date and time in the portal's time zone."""
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
        return [
            {**step, "when": format_datetime(step["date"])} for step in self.result["steps"]
        ]

    def stepper(self):
        return render_stepper(self.context, self.request, self.result["progress"])

    def badge_class(self):
        return badge_class(self.result["review_state"])
