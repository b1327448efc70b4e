"""Demo SKM responses, so that ``@@skm`` shows an index and a grade on a
new demo site: ``COUNT`` anonymous responses (more than the default minimum
of 30) spread over the current year's months so far, for the demo's permit
types, drawn from a fixed seed (every demo site shows the same figures).
Written straight into the survey storage: they belong to no application."""

from plone import api
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.survey.elements import ELEMENT_KEYS
from ptsp_portal.survey.elements import PROFILE
from ptsp_portal.survey.periods import month_key
from ptsp_portal.survey.storage import get_storage
from ptsp_portal.survey.storage import record
from ptsp_portal.workflow.sla import today

import random

COUNT = 36
SEED = 14_2017
# how likely each answer is: mostly 3 and 4, as a well-run office gets
WEIGHTS = {1: 1, 2: 4, 3: 14, 4: 9}
SUGGESTIONS = (
    "Mohon ditambah kursi di ruang tunggu.",
    "Informasi persyaratan di situs sudah jelas, terima kasih.",
    "",
    "",
)


def create_demo_survey_responses(site):
    storage = get_storage(site, create=True)
    if len(storage.responses):
        return 0
    catalog = api.portal.get_tool("portal_catalog")
    types = [b.UID for b in catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE, sort_on="id")]
    if not types:
        return 0
    draw = random.Random(SEED)
    day = today()
    values, weights = list(WEIGHTS), list(WEIGHTS.values())
    for number in range(COUNT):
        month = month_key(day.year, number % day.month + 1)
        answers = {key: draw.choices(values, weights)[0] for key in ELEMENT_KEYS}
        profile = {field: draw.choice(options)[0] for field, (_title, options) in PROFILE.items()}
        record(storage, month, draw.choice(types), answers, profile, draw.choice(SUGGESTIONS))
    return COUNT
