"""The cashiers' group ``ptsp-cashiers`` ("Kasir"): role ``Cashier`` on
``/permohonan`` (record payments, read the fee figures), nothing else — no
Reader: a cashier sees a bill's number, amount and applicant name at the
cash desk, never the application's documents.  Made by the profile's
post-install handler and the upgrade to 1026, idempotent; the ledger too."""

from plone import api
from ptsp_portal import _
from ptsp_portal.constants import APPLICATIONS_FOLDER
from ptsp_portal.fees import ledger
from ptsp_portal.fees.payment import CASHIER_ROLE
from ptsp_portal.fees.payment import CASHIERS_GROUP
from ptsp_portal.i18n.language import in_site_language


def ensure_group():
    if api.group.get(groupname=CASHIERS_GROUP) is None:
        api.group.create(
            groupname=CASHIERS_GROUP,
            title=in_site_language(_("Kasir")),
            description=in_site_language(
                _(
                    "Mencatat pembayaran retribusi (SKRD) dengan nomor bukti pembayaran; "
                    "melihat rekap retribusi."
                )
            ),
        )


def grant_on_applications(portal):
    folder = portal.get(APPLICATIONS_FOLDER) if APPLICATIONS_FOLDER in portal.objectIds() else None
    if folder is None:
        return None
    roles = set(dict(folder.get_local_roles()).get(CASHIERS_GROUP, ()))
    if CASHIER_ROLE not in roles:
        folder.manage_setLocalRoles(CASHIERS_GROUP, sorted(roles | {CASHIER_ROLE}))
        folder.reindexObjectSecurity()
    return folder


def ensure_cashiers(portal=None):
    portal = portal if portal is not None else api.portal.get()
    ensure_group()
    ledger.ledger(portal)
    return grant_on_applications(portal)
