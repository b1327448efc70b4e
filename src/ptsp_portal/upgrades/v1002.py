"""1001 -> 1002: corrections in revision go through ptsp_portal.revision.

configure.zcml imports the profile's ``workflow`` (the applicant no longer
gets "Add portal content" in ``revision``) and ``memberdata-properties`` (the
member property ``ptsp_return_url``) before this code runs.
"""

from plone import api
from ptsp_portal import permissions
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.constants import PERMIT_APPLICATION

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def revision_by_the_applicant(context):
    """What the imports do not change:

    - applications waiting in ``revision`` get the new workflow's mapping;
    - stored documents are Modify-protected (Manager only): a plain REST
      PATCH could otherwise replace a file without its upload checks;
    - automatic login after setting the password leads a new citizen back to
      the permit form (a single registry record: importing the registry step
      again would reset the office's own settings).
    """
    api.portal.set_registry_record("plone.autologin_after_password_reset", True)
    workflow = api.portal.get_tool("portal_workflow")[APPLICATION_WORKFLOW]
    catalog = api.portal.get_tool("portal_catalog")
    documents = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_APPLICATION):
        application = brain._unrestrictedGetObject()
        if brain.review_state == "revision":
            workflow.updateRoleMappingsFor(application)
        for document in application.objectValues():
            if getattr(document, "portal_type", None) == "File":
                document.manage_permission(permissions.ModifyPortalContent, ("Manager",), acquire=False)
                documents += 1
    logger.info("%s application documents are now Modify-protected", documents)
