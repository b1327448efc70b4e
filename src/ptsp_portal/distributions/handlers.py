"""Site-creation hooks of the ``ptsp`` distribution.

A site is created in one transaction, all or nothing: plone.distribution's
default handler commits after importing the demo content (and
plone.exportimport commits after each importer), so a later failing step
(ours, below) left a committed half-made site that the next ``make start``
served as if it were complete.  ``handler`` does the same work without any
commit; ``scripts/create_site.py`` commits once, at the end.

Every site gets the office (``ptsp/office``: the sections ``layanan``,
``regulasi``, ``berita`` and ``permohonan``, the officer groups and their
roles, the front page).  Only a demo site (``setup_content``, "Create
Example Content") also gets the example content (``ptsp/content``), the demo
applications and accounts, and mail to the local demo mail catcher.  A site
for a real office is made with ``setup_content`` off: no example content, no
demo account, no mail settings (Site Setup > Mail, as for any Plone site).
"""

from pathlib import Path
from plone import api
from plone.dexterity.schema import SCHEMA_CACHE
from plone.distribution.handler import post_handler as default_post_handler
from plone.exportimport.importers import get_importer
from Products.CMFCore.indexing import processQueue
from ptsp_portal.demo.accounts import create_demo_accounts
from ptsp_portal.demo.fees import add_area_question
from ptsp_portal.demo.look import use_demo_look
from ptsp_portal.demo.mail import use_demo_mail
from ptsp_portal.distributions.demo import create_demo_applications
from ptsp_portal.distributions.demo_complaints import create_demo_complaints
from ptsp_portal.distributions.demo_survey import create_demo_survey_responses
from ptsp_portal.forms.formsync import ensure_forms
from ptsp_portal.setuphandlers import unordered_applications_folder

import os
import transaction

OFFICE = Path(__file__).parent / "ptsp" / "office"


def _import(site, path):
    # as plone.distribution's default handler, without its commits: a
    # savepoint first, and the schema cache cleared so the import sees the
    # profiles' behaviours
    transaction.savepoint(optimistic=True)
    SCHEMA_CACHE.clear()
    importer = get_importer(site)
    for step in importer.importers.values():
        step.intermediate_commits = False
    importer.import_site(path)
    transaction.savepoint(optimistic=True)


def handler(distribution, site, answers):
    """Profiles, the office, and on a demo the example content; no commit."""
    setup_tool = site["portal_setup"]
    for profile_id in distribution.profiles:
        setup_tool.runAllImportStepsFromProfile(f"profile-{profile_id}")
    _import(site, OFFICE)
    if answers.get("setup_content"):
        contents = distribution.contents
        for profile_id in contents["profiles"]:
            setup_tool.runAllImportStepsFromProfile(f"profile-{profile_id}")
        if contents["json"]:
            _import(site, contents["json"])
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
        add_area_question(site)  # PBG's fee is computed from the building's area
        use_demo_mail(site)
        create_demo_accounts(site)
        create_demo_applications(site)  # without sending mail
        create_demo_survey_responses(site)  # so that @@skm shows a grade
        create_demo_complaints(site)  # the same
        use_demo_look(site)  # the demo office's own logo and footer
    # indexed now, while this site is the current one (the caller may
    # create another site in the same transaction, as the tests do)
    processQueue()
    return site
