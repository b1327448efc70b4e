"""Site-creation hooks of the ``ptsp`` distribution."""

from plone import api
from plone.distribution.handler import post_handler as default_post_handler
from ptsp_portal.distributions.demo import create_demo_applications
from ptsp_portal.forms.formsync import ensure_forms
from ptsp_portal.setuphandlers import unordered_applications_folder

import os


def post_handler(distribution, site, answers):
    """Languages and time zone a DPMPTSP site always has, after the defaults."""
    site = default_post_handler(distribution, site, answers)
    api.portal.set_registry_record("plone.available_languages", ["id", "en"])
    api.portal.set_registry_record("plone.use_cookie_negotiation", True)
    api.portal.set_registry_record(
        "plone.available_timezones", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
    )
    public_url = os.environ.get("PUBLIC_SITE_URL", "").strip()
    if public_url:  # what the QR codes of issued permits point to
        api.portal.set_registry_record("ptsp_portal.public_site_url", public_url)
    # applications are sorted by the catalog, never by hand: an unordered
    # /permohonan lets concurrent submissions commit without conflicting
    unordered_applications_folder(site)
    if answers.get("setup_content"):
        ensure_forms(site)  # the import's events made them; sync them once more
        create_demo_applications(site)
    return site
