"""What happens at each step of a complaint: reaching ``answered`` records
when and whether on time (``answered_date``, ``answered_on_time``: catalog
indexes the statistics count on); the complainant gets a mail when an
email is known."""

from ptsp_portal.complaints import deadline
from ptsp_portal.complaints import mail
from ptsp_portal.workflow.sla import now


def on_transition(complaint, event):
    if event.new_state is None or event.old_state is None or event.transition is None:
        return  # creation: the filing mails itself, with the access code
    state = event.new_state.id
    if state == "answered":
        complaint.answered_date = now()
        complaint.answered_on_time = deadline.on_time(complaint.answered_date, complaint.complaint_due)
    complaint.reindexObject(idxs=["answered_date", "answered_on_time"])
    mail.send_status(complaint, state)
