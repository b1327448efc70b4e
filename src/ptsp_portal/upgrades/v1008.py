"""1007 -> 1008: one account per NIK (issue 12, section 3).

Creates the NIK index (``accounts/nik_index.py``) and fills it from the
members' ``nik`` property.  Two accounts sharing a NIK do not stop the
upgrade: the first (in user id order) holds it, the clash is logged for a
Manager to sort out (Site Setup -> Lepaskan NIK).  A new configlet lists
that page.
"""

from ptsp_portal.accounts import nik_claims

import logging

logger = logging.getLogger("ptsp_portal.upgrades")


def nik_index(context):
    indexed, clashes = nik_claims.fill_from_members()
    logger.info("NIK index: %d accounts indexed, %d clashes", indexed, len(clashes))
