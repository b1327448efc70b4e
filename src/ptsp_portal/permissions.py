"""Every permission title the code checks, once.

Our own permissions are declared in ``permissions.zcml`` (ids
``ptsp_portal.*`` for ZCML, titles here for Python); Plone's and EasyForm's
are named here by the titles their packages give them.
"""

# ours (permissions.zcml)
AddPermitType = "ptsp_portal: Add PermitType"
AddRegulation = "ptsp_portal: Add Regulation"
AddPermitApplication = "ptsp_portal: Add PermitApplication"
EditApplicationAnswers = "ptsp_portal: Edit application answers"
ViewInternalNotes = "ptsp_portal: View internal notes"
EditInternalNotes = "ptsp_portal: Edit internal notes"
VerifyApplication = "ptsp_portal: Verify application"
ReviewApplication = "ptsp_portal: Review application"
ApproveApplication = "ptsp_portal: Approve application"
ActAsApplicant = "ptsp_portal: Act as applicant"
DelegateOfficerRoles = "ptsp_portal: Delegate officer roles"
ResetSecondFactor = "ptsp_portal: Reset second factor"
AddCreateApplicationAction = "ptsp_portal: Add create permit application action"

# Plone's
View = "View"
ModifyPortalContent = "Modify portal content"
ListPortalMembers = "List portal members"

# collective.easyform's
EditTALESFields = "collective.easyform: Edit TALES Fields"
DownloadSavedInput = "collective.easyform: Download Saved Input"

# complaints (pengaduan)
AddComplaint = "ptsp_portal: Add Complaint"
HandleComplaints = "ptsp_portal: Handle complaints"

# the counter (loket)
FileAtCounter = "ptsp_portal: File at counter"
# fees (retribusi)
RecordPayment = "ptsp_portal: Record payment"
ViewFeeStatistics = "ptsp_portal: View fee statistics"
