"""Decided applications and answers for the survey tests."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from ptsp_portal.survey.elements import ELEMENT_KEYS
from tests.workflow.base import apply


def transition(portal, user_id, application, *actions, comment=""):
    workflow = api.portal.get_tool("portal_workflow")
    login(portal, user_id)
    for action in actions:
        workflow.doActionFor(application, action, comment=comment)
    logout()


def issued(portal, **kwargs):
    """An application of ``budi`` (by default), issued by three officers."""
    application = apply(portal, **kwargs)
    transition(portal, "verifikator", application, "accept")
    transition(portal, "teknis", application, "recommend", comment="Memenuhi syarat teknis.")
    transition(portal, "kadis", application, "approve")
    return application


def rejected(portal, **kwargs):
    application = apply(portal, **kwargs)
    transition(portal, "verifikator", application, "reject", comment="Bukan kewenangan kantor ini.")
    return application


def answers(value=4, **overrides):
    """All nine elements answered ``value``, some ``overrides`` by element."""
    return {**{key: value for key in ELEMENT_KEYS}, **overrides}
