"""``@@permohonan-saya``: the logged-in citizen's applications, phone first;
their saved drafts above them (continue, delete)."""

from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from ptsp_portal.applications.mine import my_applications
from ptsp_portal.applications.mine import row
from ptsp_portal.browser.batching import batch_start
from ptsp_portal.constants import AWAITING_PAYMENT_STATE as AWAITING_PAYMENT
from ptsp_portal.drafts.listing import rows as draft_rows
from ptsp_portal.fees.bills import bill_summary
from ptsp_portal.i18n.formatting import format_date
from ptsp_portal.survey.invitations import pending_surveys
from ptsp_portal.survey.mail import survey_url
from ptsp_portal.workflow.sla import office_zone
from urllib.parse import urlencode

BATCH_SIZE = 20


def login_url(came_from):
    """The login form, coming back to ``came_from`` afterwards."""
    portal_url = api.portal.get().absolute_url()
    return f"{portal_url}/login?{urlencode({'came_from': came_from})}"


class MyApplicationsView(BrowserView):
    """Anonymous visitors are sent to the login form and come back here."""

    def __call__(self):
        if api.user.is_anonymous():
            url = login_url(f"{self.context.absolute_url()}/@@permohonan-saya")
            self.request.response.redirect(url)
            return ""
        return self.index()

    def batch(self):
        return Batch(my_applications(), BATCH_SIZE, batch_start(self.request))

    def rows(self, batch):
        rows = []
        for brain in batch:
            item = row(brain)
            item["due_date_text"] = format_date(item["due_date"])
            item["submitted_text"] = format_date(item["submitted"])
            # the bill (SKRD) to pay (fees/): only these few rows wake their application
            item["bill"] = bill_summary(brain) if item["review_state"] == AWAITING_PAYMENT else None
            rows.append(item)
        return rows

    def drafts(self):
        rows = []
        for item in draft_rows(api.user.get_current().getId()):
            item["modified_text"] = format_date(item["modified"].astimezone(office_zone()).date())
            item["expires_text"] = format_date(item["expires"].astimezone(office_zone()).date())
            rows.append(item)
        return rows

    def delete_url(self):
        return f"{api.portal.get().absolute_url()}/@@hapus-draf"

    def catalogue_url(self):
        portal = api.portal.get()
        layanan = portal.get("layanan")
        return (layanan or portal).absolute_url()

    def tracking_url(self):
        return f"{api.portal.get().absolute_url()}/@@lacak"

    def surveys(self):
        """Cards inviting to the SKM survey of decided applications (survey/)."""
        return [{**card, "url": survey_url(card["token"])} for card in pending_surveys(my_applications())]
