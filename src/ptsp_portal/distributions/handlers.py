"""Site-creation hooks of the ``ptsp`` distribution.

A site is created in one transaction, all or nothing: plone.distribution's
default handler commits after importing the demo content (and
plone.exportimport commits after each importer), so a later failing step
(ours, below) left a committed half-made site that the next ``make start``
served as if it were complete.  ``handler`` does the same work without any
commit; ``scripts/create_site.py`` commits once, at the end.
"""

from plone import api
from plone.dexterity.schema import SCHEMA_CACHE
from plone.distribution.handler import post_handler as default_post_handler
from plone.exportimport.importers import get_importer
from ptsp_portal.distributions.demo import create_demo_applications
from ptsp_portal.forms.formsync import ensure_forms
from ptsp_portal.setuphandlers import unordered_applications_folder

import os
import transaction


def handler(distribution, site, answers):
    """plone.distribution's default handler without its commits: the
    profiles, then (``setup_content``) the content profiles and the
    exported content, with savepoints only."""
    setup_tool = site["portal_setup"]
    for profile_id in distribution.profiles:
        setup_tool.runAllImportStepsFromProfile(f"profile-{profile_id}")
    if not answers.get("setup_content", False):
        return site
    transaction.savepoint(optimistic=True)
    contents = distribution.contents
    for profile_id in contents["profiles"]:
        setup_tool.runAllImportStepsFromProfile(f"profile-{profile_id}")
    if contents["json"]:
        SCHEMA_CACHE.clear()  # behaviors of the types just installed
        importer = get_importer(site)
        for step in importer.importers.values():
            step.intermediate_commits = False
        importer.import_site(contents["json"])
        transaction.savepoint(optimistic=True)
    return site


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
