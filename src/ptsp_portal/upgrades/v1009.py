"""1008 -> 1009: the applicant does not administer their application (issue 12,
found by the logged-in scan).

Plone's rolemap gives the Owner role the management screens (ZMI
``manage_main``, ``manage_propertiesForm``), "Manage properties", the display
views, context aliases (a site-wide redirect to one's own application), local
roles, ownership, undo and versions. The application workflow now manages
these in every state (Managers only; WebDAV locks also for officers), and
dashboard portlets are managed by Managers only. configure.zcml imports the
profile's ``workflow`` and ``rolemap`` before this code runs.
"""

from ptsp_portal.upgrades import v1004


def applications_follow_workflow(context):
    """Every existing application gets the new mapping, as in 1004."""
    v1004.applications_follow_workflow(context)
