"""Site creation is all or nothing (issue 14, section 1).

``scripts/create_site.py`` (run by ``make start``) creates the site in one
transaction: when a step of the distribution fails, nothing is kept and it
exits with an error, so ``make start`` serves nothing; a site whose creation
never finished is not served as if it were complete.
"""

from plone.distribution.api.distribution import SITE_REPORT_ANNO
from ptsp_portal.testing import DISTRIBUTION_TESTING
from ptsp_portal.testing import SITE_ID
from scripts.create_site import create
from unittest import mock
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import setRequest

import transaction
import unittest

FAILING_SITE = "ptsp-gagal"


class TestCreateSite(unittest.TestCase):
    layer = DISTRIBUTION_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        setRequest(self.app.REQUEST)

    def test_failing_step_leaves_nothing(self):
        """The post-handler fails after the content was imported: no commit
        happened, no site exists, the next run creates it."""
        commits = []
        original = transaction.Transaction.commit

        def counting_commit(txn):
            commits.append(txn)
            return original(txn)

        with (
            mock.patch.object(transaction.Transaction, "commit", counting_commit),
            mock.patch(
                "ptsp_portal.distributions.handlers.create_demo_applications",
                side_effect=RuntimeError("contoh kegagalan"),
            ),
            self.assertRaises(SystemExit) as raised,
        ):
            create(self.app, {"SITE_ID": FAILING_SITE})
        self.assertIn("could not be created", str(raised.exception))
        self.assertIn("contoh kegagalan", str(raised.exception))
        self.assertEqual(commits, [])
        transaction.begin()
        self.app._p_jar.sync()
        self.assertNotIn(FAILING_SITE, self.app.objectIds())

    def test_incomplete_site_is_not_served(self):
        """A site left by a creation that never finished (as earlier versions
        committed halfway) stops ``make start`` and is kept for the operator."""
        del IAnnotations(self.app[SITE_ID])[SITE_REPORT_ANNO]
        transaction.commit()
        with self.assertRaises(SystemExit) as raised:
            create(self.app, {"SITE_ID": SITE_ID})
        self.assertIn("never finished", str(raised.exception))
        self.assertIn("DELETE_EXISTING=true", str(raised.exception))
        self.assertIn(SITE_ID, self.app.objectIds())

    def test_complete_site_is_kept(self):
        site = self.app[SITE_ID]
        self.assertEqual(create(self.app, {"SITE_ID": SITE_ID}), (site, False))
