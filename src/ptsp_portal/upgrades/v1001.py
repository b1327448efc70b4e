"""1000 -> 1001: ``/permohonan`` is an unordered folder."""

from plone import api
from ptsp_portal.setuphandlers import unordered_applications_folder as make

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def unordered_applications_folder(context):
    """``/permohonan`` gets plone.folder's "unordered" ordering (no order list
    rewritten, and conflicting, on every submission)."""

    if make(api.portal.get()):
        logger.info("/permohonan is now an unordered folder")
