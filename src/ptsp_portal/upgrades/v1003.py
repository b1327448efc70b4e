"""1002 -> 1003: permit forms belong to the office (issue 10).

configure.zcml imports the profile's ``workflow`` (``ptsp_permit_form_workflow``)
and ``rolemap`` (EasyForm's Add Mailers, Add Data Savers, Download Saved Input
and Edit Mail Addresses: Manager only) before this code runs.
"""

from plone import api
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.forms.formsync import ensure_action
from ptsp_portal.forms.model import form_of
from ptsp_portal.forms.security import purge_saved_data
from ptsp_portal.forms.security import remove_foreign_actions
from ptsp_portal.forms.security import secure_form
from ptsp_portal.forms.security import tales_of

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def office_owned_permit_forms(context):
    """Every permit form is secured after the imports:

    - every permit form is owned by the site's owner, loses its local roles
      and gets the new workflow's permissions;
    - every action but "Create permit application" is removed and the data a
      Save Data action stored is purged;
    - every TALES expression found in a form is listed in this log, for a
      Manager to review.
    """

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
            path,
            ", ".join(removed) or "none",
            rows,
        )
    logger.info("%s permit forms now belong to the office", forms)
