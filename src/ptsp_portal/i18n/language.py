"""Texts that are stored or sent rather than shown to the person at hand
(form titles, change labels in the history, mails) are in the site's
default language, whatever the language of the current request."""

from plone import api
from zope.globalrequest import getRequest
from zope.i18n import translate


def site_language():
    try:
        language = api.portal.get_registry_record("plone.default_language", default=None)
    except Exception:  # no site (yet): during setup
        language = None
    return language or "id"


def in_site_language(message):
    return translate(message, target_language=site_language(), context=getRequest())
