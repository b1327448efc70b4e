"""GenericSetup upgrade steps of the ``ptsp_portal:default`` profile."""

from plone import api
from ptsp_portal import permissions
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.constants import PERMIT_TYPE

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def unordered_applications_folder(context):
    """1000 -> 1001: ``/permohonan`` gets plone.folder's "unordered" ordering
    (no order list rewritten, and conflicting, on every submission)."""
    from ptsp_portal.setuphandlers import unordered_applications_folder as make

    if make(api.portal.get()):
        logger.info("/permohonan is now an unordered folder")


def revision_by_the_applicant(context):
    """1001 -> 1002: corrections in revision go through ptsp_portal.applications.revision.

    - the workflow no longer gives the applicant "Add portal content" in
      ``revision`` (applications waiting there get the new mapping);
    - stored documents are Modify-protected (Manager only): a plain REST
      PATCH could otherwise replace a file without its upload checks;
    - the member property ``ptsp_return_url`` and automatic login after
      setting the password lead a new citizen back to the permit form.
    """

    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile("profile-ptsp_portal:default", "workflow")
    setup.runImportStepFromProfile("profile-ptsp_portal:default", "memberdata-properties")
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


def office_owned_permit_forms(context):
    """1002 -> 1003: permit forms belong to the office (issue 10).

    - the workflow ``ptsp_permit_form_workflow`` and the rolemap (EasyForm's
      Add Mailers, Add Data Savers, Download Saved Input and Edit Mail
      Addresses: Manager only) are imported;
    - every permit form is owned by the site's owner, loses its local roles
      and gets the new workflow's permissions;
    - every action but "Create permit application" is removed and the data a
      Save Data action stored is purged;
    - every TALES expression found in a form is listed in this log, for a
      Manager to review.
    """
    from ptsp_portal.forms.formsync import ensure_action
    from ptsp_portal.forms.formsync import form_of
    from ptsp_portal.forms.security import purge_saved_data
    from ptsp_portal.forms.security import remove_foreign_actions
    from ptsp_portal.forms.security import secure_form
    from ptsp_portal.forms.security import tales_of

    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile("profile-ptsp_portal:default", "workflow")
    setup.runImportStepFromProfile("profile-ptsp_portal:default", "rolemap")
    catalog = api.portal.get_tool("portal_catalog")
    forms = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE):
        form = form_of(brain._unrestrictedGetObject())
        if form is None:
            continue
        forms += 1
        path = "/".join(form.getPhysicalPath())
        for attribute, field, kind, value in tales_of(form):
            logger.warning("%s: %s %s %s = %r", path, attribute, field, kind, value)
        removed = remove_foreign_actions(form)
        ensure_action(form)
        rows = purge_saved_data(form)
        if rows:
            logger.warning("%s: purged %s saved submissions", path, rows)
        secure_form(form)
        logger.info(
            "%s: secured (removed actions: %s, purged rows: %s)",
            path, ", ".join(removed) or "none", rows,
        )
    logger.info("%s permit forms now belong to the office", forms)
