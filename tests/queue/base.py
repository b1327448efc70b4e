"""Applications spread over states, permit types and deadlines for the
queue tests (on top of the back-office fixture of tests/workflow)."""

from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from ptsp_portal.working_days import WorkingCalendar
from tests.workflow.base import apply

import datetime


def transition(portal, user_id, *actions, obj):
    login(portal, user_id)
    workflow = api.portal.get_tool("portal_workflow")
    for action in actions:
        workflow.doActionFor(obj, action, comment="Catatan uji.")


def populate(portal):
    """Six applications; returns them by a short name.

    ``old``      budi, SIP dokter, submitted 60 days ago: overdue, waits for the verifier
    ``new``      siti, reklame, submitted now: ok, waits for the verifier
    ``soon``     siti, SIP dokter, due in one working day: warning
    ``reklame``  budi, reklame, technical review (teknis and teknis-reklame act)
    ``approval`` siti, SIP dokter, waits for the approver, overdue
    ``issued``   budi, SIP dokter, issued (no clock)
    """
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)
    now = datetime.datetime.now().replace(microsecond=0)
    long_ago = now - datetime.timedelta(days=60)
    apps = {
        "old": apply(portal, "sip-dokter", "budi", submitted=long_ago),
        "new": apply(portal, "reklame", "siti", submitted=now),
        "soon": apply(portal, "sip-dokter", "siti", submitted=now - datetime.timedelta(days=1)),
        "reklame": apply(portal, "reklame", "budi", submitted=now - datetime.timedelta(days=2)),
        "approval": apply(portal, "sip-dokter", "siti", submitted=long_ago + datetime.timedelta(days=1)),
        "issued": apply(portal, "sip-dokter", "budi", submitted=long_ago - datetime.timedelta(days=5)),
    }
    soon = apps["soon"]
    soon.due_date = WorkingCalendar().add_working_days(datetime.date.today(), 1)
    soon.reindexObject()
    transition(portal, "verifikator", "accept", obj=apps["reklame"])
    transition(portal, "verifikator", "accept", obj=apps["approval"])
    transition(portal, "teknis", "recommend", obj=apps["approval"])
    transition(portal, "verifikator", "accept", obj=apps["issued"])
    transition(portal, "teknis", "recommend", obj=apps["issued"])
    transition(portal, "kadis", "approve", obj=apps["issued"])
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)
    return apps
