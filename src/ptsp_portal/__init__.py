"""PTSP portal: Plone add-on for a DPMPTSP one-stop licensing office."""

from zope.i18nmessageid import MessageFactory

import logging

PACKAGE_NAME = "ptsp_portal"

_ = MessageFactory(PACKAGE_NAME)

logger = logging.getLogger(PACKAGE_NAME)
