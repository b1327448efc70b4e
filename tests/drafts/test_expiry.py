"""Drafts expire ``ptsp_portal.draft_days`` after their last change
(Pengaturan PTSP, default 30) and the retention clean-up removes them with
their documents; the limits count them (issue 17)."""

from plone import api
from plone.namedfile.file import NamedBlobFile
from ptsp_portal.applications.limits import check_limits
from ptsp_portal.applications.limits import LimitExceeded
from ptsp_portal.controlpanel import IPtspSettings
from ptsp_portal.drafts import cleanup
from ptsp_portal.drafts import store
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.forms import files
from unittest import mock

import datetime
import unittest


class TestExpiry(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]

    def draft(self, user_id, days_ago):
        draft = store.new_draft(user_id, "uid-of-a-permit-type")
        draft.documents = {
            "ktp": NamedBlobFile(files.pdf(), contentType="application/pdf", filename="ktp.pdf")
        }
        draft.modified = store.utcnow() - datetime.timedelta(days=days_ago)
        return draft

    def test_setting_in_the_control_panel_default_30_days(self):
        self.assertIn("draft_days", IPtspSettings)
        self.assertEqual(IPtspSettings["draft_days"].default, 30)
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.draft_days"), 30)

    def test_expired_drafts_are_hidden_then_removed_with_their_documents(self):
        old = self.draft("warga-a", 31)
        recent = self.draft("warga-a", 29)
        other = self.draft("warga-b", 40)
        self.assertIsNone(store.get_draft("warga-a", old.draft_id))
        self.assertIs(store.get_draft("warga-a", recent.draft_id), recent)
        self.assertEqual(store.list_drafts("warga-a"), [recent])
        self.assertEqual(store.list_drafts("warga-b"), [])

        dry = cleanup.purge_expired(dry_run=True)
        self.assertEqual({r["draft_id"] for r in dry}, {old.draft_id, other.draft_id})
        self.assertIn(old.draft_id, store.drafts_of("warga-a"))

        reports = cleanup.purge_expired()
        self.assertEqual({r["draft_id"] for r in reports}, {old.draft_id, other.draft_id})
        self.assertEqual(reports[0]["documents"], ["ktp"])
        self.assertEqual(list(store.drafts_of("warga-a")), [recent.draft_id])
        self.assertIsNone(store.drafts_of("warga-b"))  # an account without drafts leaves no trace
        self.assertEqual(cleanup.purge_expired(), [])  # again: nothing

    def test_the_period_is_the_offices(self):
        draft = self.draft("warga-a", 40)
        api.portal.set_registry_record("ptsp_portal.draft_days", 60)
        self.assertIs(store.get_draft("warga-a", draft.draft_id), draft)
        self.assertEqual(cleanup.purge_expired(), [])
        self.assertEqual(draft.expires(), draft.modified + datetime.timedelta(days=60))
        api.portal.set_registry_record("ptsp_portal.draft_days", 7)
        self.assertEqual(len(cleanup.purge_expired()), 1)

    def test_drafts_count_toward_the_limits(self):
        api.portal.set_registry_record("ptsp_portal.max_pending_per_account", 2)
        api.portal.set_registry_record("ptsp_portal.max_submissions_per_day", 0)
        first = self.draft("warga-a", 0)
        check_limits("warga-a")
        second = self.draft("warga-a", 0)
        with self.assertRaises(LimitExceeded):
            check_limits("warga-a")
        check_limits("warga-a", exclude_draft=second.draft_id)  # the one being submitted
        check_limits("warga-a", with_drafts=False)
        # expired drafts count no more
        first.modified = second.modified = store.utcnow() - datetime.timedelta(days=31)
        check_limits("warga-a")

    def test_drafts_started_today_count_toward_the_daily_limit(self):
        api.portal.set_registry_record("ptsp_portal.max_pending_per_account", 0)
        api.portal.set_registry_record("ptsp_portal.max_submissions_per_day", 1)
        draft = self.draft("warga-a", 0)
        with self.assertRaises(LimitExceeded):
            check_limits("warga-a")
        check_limits("warga-a", exclude_draft=draft.draft_id)
        draft.created = store.utcnow() - datetime.timedelta(days=2)
        check_limits("warga-a")

    def test_the_retention_script_removes_expired_drafts(self):
        from scripts import retention as script

        self.draft("warga-a", 45)
        keep = self.draft("warga-a", 1)
        output = []
        with mock.patch.object(script.retention, "run", return_value={"days": 0}):
            with mock.patch.object(script, "transaction"):
                with mock.patch("builtins.print", lambda *a, **k: output.append(" ".join(map(str, a)))):
                    app = mock.Mock()
                    app._getOb.return_value = self.portal
                    with (
                        mock.patch.object(script, "setSite"),
                        mock.patch.object(script, "newSecurityManager"),
                    ):
                        self.assertEqual(script.main(app, ["retention.py"]), 0)
        self.assertIn("Removed 1 expired draft(s) with their documents.", output)
        self.assertEqual(list(store.drafts_of("warga-a")), [keep.draft_id])
