"""1017 -> 1018: the SKM survey (issue 15, section 2).

The registry record ``ptsp_portal.skm_minimum_respondents`` (imported by
the group's ``upgradeDepends``) and the survey's storage on the site, made
here once so that no request has to create it.
"""

from plone import api
from ptsp_portal.survey.storage import get_storage


def survey_storage(context):
    get_storage(api.portal.get(), create=True)
