"""Names the whole package shares, defined once: portal types, workflow ids,
the applications folder, state groups and the applicant fields."""

# portal types (profiles/default/types)
PERMIT_TYPE = "PermitType"
REGULATION = "Regulation"
PERMIT_APPLICATION = "PermitApplication"
OUR_TYPES = (PERMIT_APPLICATION, PERMIT_TYPE, REGULATION)

# workflows (profiles/default/workflows)
APPLICATION_WORKFLOW = "ptsp_application_workflow"
PERMIT_FORM_WORKFLOW = "ptsp_permit_form_workflow"

# where applications live, below the site
APPLICATIONS_FOLDER = "permohonan"

# states of APPLICATION_WORKFLOW, by what they mean for the file
ACTIVE_STATES = ("submitted", "revision", "technical_review", "pending_approval")
FINAL_STATES = ("issued", "rejected", "withdrawn", "revoked")
CLOCK_STOPPED_STATES = ("revision",)
# fees (fees/): billed, waiting for the applicant to pay; the clock stops
AWAITING_PAYMENT_STATE = "awaiting_payment"
ACTIVE_STATES = (*ACTIVE_STATES, AWAITING_PAYMENT_STATE)
CLOCK_STOPPED_STATES = (*CLOCK_STOPPED_STATES, AWAITING_PAYMENT_STATE)
# final states whose documents and personal data go after the retention
# period (applications/retention.py); an issued or revoked permit's file stays
RETENTION_STATES = ("rejected", "withdrawn")
REVISION_STATE = "revision"

# what the applicant gives, stored on the application (content/application.py)
APPLICANT_FIELDS = (
    "applicant_name",
    "applicant_nik",
    "applicant_email",
    "applicant_phone",
    "applicant_address",
)
# the ``@apply`` contract's own keys (services/apply): never a form question id
ON_BEHALF_OF = "on_behalf_of"
POWER_OF_ATTORNEY = "power_of_attorney"  # surat kuasa, stored as a child File
RESERVED_KEYS = (ON_BEHALF_OF, POWER_OF_ATTORNEY, "channel", "filed_by", "draft", "draft_id")
ON_BEHALF_OF_FIELDS = ("nik", "name", "phone", "address")
# how an application came in (``channel`` on the application)
CHANNEL_ONLINE = "online"
CHANNELS = (CHANNEL_ONLINE,)
# filed at the counter (loket) by a front-office officer (counter/): never
# a channel a request may ask for, only what the counter's code sets
CHANNEL_COUNTER = "counter"
FILING_CHANNELS = (*CHANNELS, CHANNEL_COUNTER)
FRONT_OFFICE_GROUP = "ptsp-frontoffice"
FRONT_OFFICE_ROLE = "FrontOffice"

# complaints, suggestions and questions (pengaduan; complaints/)
COMPLAINT = "Complaint"
COMPLAINT_WORKFLOW = "ptsp_complaint_workflow"
COMPLAINTS_FOLDER = "pengaduan"
COMPLAINT_HANDLERS_GROUP = "ptsp-complaint-handlers"
COMPLAINT_HANDLER_ROLE = "ComplaintHandler"
COMPLAINT_KINDS = ("complaint", "suggestion", "question", "appreciation")
# states of COMPLAINT_WORKFLOW: waiting for the office (the response clock
# runs) and settled
COMPLAINT_OPEN_STATES = ("received", "in_progress")
COMPLAINT_FINAL_STATES = ("answered", "closed", "rejected", "forwarded")
