"""A survey respondent's ticked suggestion becomes a ``suggestion`` in the
complaints channel (``survey.events``): filed without identity, as the
survey answer is, so handlers answer it like any other and the respondent
can follow it with the number and access code the survey page shows."""

from AccessControl.SpecialUsers import nobody
from plone import api
from ptsp_portal import _
from ptsp_portal.complaints.filing import ComplaintError
from ptsp_portal.complaints.filing import file_complaint
from ptsp_portal.complaints.filing import SUBJECT_MAX
from ptsp_portal.i18n.language import in_site_language

import logging

logger = logging.getLogger("ptsp_portal.complaints")


def file_suggestion(event):
    subject = in_site_language(
        _("Saran dari survei kepuasan: ${permit}", mapping={"permit": event.permit_type_title or "-"})
    )
    data = {"kind": "suggestion", "subject": subject[:SUBJECT_MAX], "description": event.suggestion}
    try:
        # filed as an anonymous visitor, even when the respondent is logged
        # in (else the account would own it); no request: the survey's
        # one-time token limits it, not the filing rate
        with api.env.adopt_user(user=nobody):
            complaint, code = file_complaint(None, data)
    except ComplaintError as exc:
        # the survey answer stays; only the suggestion is not filed
        logger.warning("survey suggestion not filed as a complaint: %s", exc.errors)
        return
    event.complaint_number = complaint.complaint_number
    event.access_code = code
