"""1024 -> 1025: the counter (loket, issue 18 §1).

configure.zcml imports the profile's ``rolemap`` again (the role
``FrontOffice`` and the permission "ptsp_portal: File at counter") before
this code makes the group ``ptsp-frontoffice`` (Petugas Loket) with that
role on the site, as a new site gets it.  Applications filed before keep
their channel (``online``).
"""

from ptsp_portal.counter import setup

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def counter(context):
    setup.ensure_group()
    logger.info("counter: group %s ready", "ptsp-frontoffice")
