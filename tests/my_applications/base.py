"""Shared by the citizen tests (accounts, my_applications, tracking): an
HTTP layer on the integration fixture and a REST session helper."""

from plone.app.testing import FunctionalTesting
from plone.testing import zope as zope_testing
from ptsp_portal.testing import FIXTURE
from tests.base import rest_session

CITIZEN_SERVER_TESTING = FunctionalTesting(
    bases=(FIXTURE, zope_testing.WSGI_SERVER_FIXTURE), name="PtspCitizen:Server"
)


def session(test, portal, user_id=None, api=True):
    """A requests session on the portal (``++api++`` unless ``api=False``),
    logged in as ``user_id`` with HTTP basic auth, closed at cleanup."""
    base = f"{portal.absolute_url()}/++api++" if api else portal.absolute_url()
    return rest_session(test, base, user_id)
