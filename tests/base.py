"""Shared by the tests that talk HTTP to a served site: users made with one
password, a REST session, and a test case on the served demo site."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.restapi.testing import RelativeSession
from ptsp_portal.testing import DISTRIBUTION_SERVER_TESTING
from ptsp_portal.testing import SITE_ID
from zope.component.hooks import setSite

import transaction
import unittest

PASSWORD = "rahasia-12345"


def ensure_users(users, fullname="Pengguna {user_id}", password=PASSWORD):
    """Each ``{user id: groups}`` exists, with ``password``, in its groups."""
    acl_users = api.portal.get_tool("acl_users")
    for user_id, groups in users.items():
        if api.user.get(username=user_id) is None:
            api.user.create(
                email=f"{user_id}@example.org",
                username=user_id,
                password=password,
                properties={"fullname": fullname.format(user_id=user_id)},
            )
        else:
            acl_users.source_users.userSetPassword(user_id, password)
        for group in groups:
            api.group.add_user(groupname=group, username=user_id)


def rest_session(test, base_url, user_id=None, password=PASSWORD, json=True):
    """A requests session on ``base_url``, logged in as ``user_id`` with HTTP
    basic auth (the Zope root's site owner too), closed at cleanup."""
    session = RelativeSession(base_url, test=test)
    if json:
        session.headers.update({"Accept": "application/json"})
    if user_id == SITE_OWNER_NAME:
        session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    elif user_id:
        session.auth = (user_id, password)
    test.addCleanup(session.close)
    return session


class DemoSiteHttpTestCase(unittest.TestCase):
    """The demo site served over HTTP, with ``USERS`` ({user id: groups})."""

    layer = DISTRIBUTION_SERVER_TESTING
    USERS = {}
    FULLNAME = "Pengguna {user_id}"

    def setUp(self):
        self.portal = self.layer["app"][SITE_ID]
        setSite(self.portal)
        ensure_users(self.USERS, fullname=self.FULLNAME)
        transaction.commit()
        self.site_url = f"{self.layer['app'].absolute_url()}/{SITE_ID}"
        self.base = f"{self.site_url}/++api++"

    def session(self, user_id=None, api=True):
        """REST (``++api++``, JSON) by default; ``api=False``: the pages."""
        return rest_session(self, self.base if api else self.site_url, user_id, json=api)
