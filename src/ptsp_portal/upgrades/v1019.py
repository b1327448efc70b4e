"""1018 -> 1019: complaints (pengaduan, issue 15 §1).

configure.zcml imports again the profile's ``typeinfo`` (the type
``Complaint``), ``workflow`` (``ptsp_complaint_workflow``, bound to it),
``rolemap`` (the role ``ComplaintHandler``, the permissions "Add
Complaint" and "Handle complaints"), ``catalog`` (the indexes
``complaint_number``, ``complaint_kind``, ``complaint_due``,
``answered_date``, ``answered_on_time`` and their columns) and
``plone.app.registry`` (``complaint_response_days``,
``complaints_per_hour``; existing records keep their values) and
``actions`` (the footer link "Pengaduan") before this
code makes the private folder ``/pengaduan`` and the group
``ptsp-complaint-handlers``, as a new site gets them.  Something else at
``/pengaduan`` (an office's own page) is left alone, logged, and the site
has no complaint channel until it is moved and the upgrade run again.
"""

from plone import api
from ptsp_portal.complaints import setup

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def complaints(context):
    folder = setup.ensure_office(api.portal.get())
    if folder is not None:
        logger.info(
            "complaints: %s ready for the group %s", folder.absolute_url(1), "ptsp-complaint-handlers"
        )
