"""GenericSetup upgrade steps of the ``ptsp_portal:default`` profile."""

from plone import api

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def unordered_applications_folder(context):
    """1000 -> 1001: ``/permohonan`` gets plone.folder's "unordered" ordering
    (no order list rewritten, and conflicting, on every submission)."""
    from ptsp_portal.setuphandlers import unordered_applications_folder as make

    if make(api.portal.get()):
        logger.info("/permohonan is now an unordered folder")


def revision_by_the_applicant(context):
    """1001 -> 1002: corrections in revision go through ptsp_portal.revision.

    - the workflow no longer gives the applicant "Add portal content" in
      ``revision`` (applications waiting there get the new mapping);
    - stored documents are Modify-protected (Manager only): a plain REST
      PATCH could otherwise replace a file without its upload checks;
    - the member property ``ptsp_return_url`` and automatic login after
      setting the password lead a new citizen back to the permit form.
    """
    from ptsp_portal.intake import MODIFY

    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile("profile-ptsp_portal:default", "workflow")
    setup.runImportStepFromProfile("profile-ptsp_portal:default", "memberdata-properties")
    api.portal.set_registry_record("plone.autologin_after_password_reset", True)
    workflow = api.portal.get_tool("portal_workflow")["ptsp_application_workflow"]
    catalog = api.portal.get_tool("portal_catalog")
    documents = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="PermitApplication"):
        application = brain._unrestrictedGetObject()
        if brain.review_state == "revision":
            workflow.updateRoleMappingsFor(application)
        for document in application.objectValues():
            if getattr(document, "portal_type", None) == "File":
                document.manage_permission(MODIFY, ("Manager",), acquire=False)
                documents += 1
    logger.info("%s application documents are now Modify-protected", documents)
