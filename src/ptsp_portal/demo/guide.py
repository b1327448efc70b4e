"""What the guided first visit (``@@coba-portal``) points to on a demo:
the five things to try, each with the page to start from and the demo
accounts to use, all taken from the site as it is now (a permit type that
can be applied for online, the issued demo permit, a demo application's
tracking number)."""

from plone import api
from ptsp_portal.constants import APPLICATIONS_FOLDER
from ptsp_portal.constants import PERMIT_APPLICATION
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.demo import accounts
from ptsp_portal.demo.mail import inbox_url
from ptsp_portal.documents.issue import verification_url
from urllib.parse import urlencode

# the permit the guide starts from, when the site still has it
PREFERRED_PERMIT = "surat-izin-praktik-dokter"


def _online_permit_type(portal):
    catalog = api.portal.get_tool("portal_catalog")
    brains = list(catalog(portal_type=PERMIT_TYPE, sort_on="getObjPositionInParent"))
    brains.sort(key=lambda brain: brain.getId != PREFERRED_PERMIT)
    for brain in brains:
        permit_type = brain.getObject()
        if permit_type.online and permit_type.get("formulir") is not None:
            return permit_type
    return None


def _demo_application(review_state):
    """The newest demo application of the demo citizen in ``review_state``
    (looked up unrestricted: the guide is public, the application is not)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=PERMIT_APPLICATION,
        review_state=review_state,
        Creator=accounts.CITIZEN.login,
        sort_on="submitted",
        sort_order="descending",
    )
    return brains[0] if brains else None


def guide():
    """``{accounts, urls...}`` for the guide page."""
    portal = api.portal.get()
    portal_url = portal.absolute_url()
    existing = {account.login for account in accounts.existing_demo_accounts()}
    permit_type = _online_permit_type(portal)
    form_url = f"{permit_type.absolute_url()}/formulir" if permit_type is not None else None
    issued = _demo_application("issued")
    submitted = _demo_application("submitted")
    tracked = submitted or issued
    return {
        "accounts": [a for a in accounts.DEMO_ACCOUNTS if a.login in existing],
        "has": existing,
        "permit_title": permit_type.Title() if permit_type is not None else None,
        "permit_url": permit_type.absolute_url() if permit_type is not None else f"{portal_url}/layanan",
        "login_url": f"{portal_url}/login?{urlencode({'came_from': form_url or portal_url})}",
        "register_url": f"{portal_url}/@@register",
        "my_applications_url": f"{portal_url}/@@permohonan-saya",
        "queue_url": f"{portal_url}/{APPLICATIONS_FOLDER}",
        "catalogue_url": f"{portal_url}/layanan",
        "news_url": f"{portal_url}/berita",
        "verification_url": verification_url(issued.verification_code) if issued is not None else None,
        "tracking_number": tracked.tracking_number if tracked is not None else None,
        "tracking_url": (
            f"{portal_url}/@@lacak?{urlencode({'nomor': tracked.tracking_number})}"
            if tracked is not None
            else f"{portal_url}/@@lacak"
        ),
        "inbox_url": inbox_url(),
    }
