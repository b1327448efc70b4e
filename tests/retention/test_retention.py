"""Retention (issue 12, §6): rejected and withdrawn applications lose their
documents and personal data after the period of Pengaturan PTSP; the
tracking record, the steps and the catalog's statistics stay; the access
log says what went."""

from DateTime import DateTime
from plone import api
from plone.app.testing import login
from ptsp_portal.applications import retention
from ptsp_portal.applications import tracking
from ptsp_portal.audit import store
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.security import ratelimit
from tests.audit.test_access_log import temporary_log
from tests.base import rest_session
from tests.queue.base import transition
from tests.queue.test_http import QUEUE_SERVER_TESTING
from tests.retention.base import _as_manager
from tests.retention.base import backdate_last_step
from tests.retention.base import days_ago
from tests.retention.base import issued
from tests.retention.base import PERSONAL
from tests.retention.base import rejected
from tests.retention.base import withdrawn
from tests.workflow.base import add_user
from tests.workflow.base import apply
from tests.workflow.base import setup_office
from unittest import mock
from ZODB.POSException import ConflictError

import json
import re
import transaction
import unittest

DAYS = 30
PERSONAL_FIELDS = [
    "applicant_name",
    "applicant_nik",
    "applicant_email",
    "applicant_phone",
    "applicant_address",
    "form_data",
    "internal_notes",
]


class RetentionCase(unittest.TestCase):
    """On a served site (commits are real: the log is written after them)."""

    layer = QUEUE_SERVER_TESTING

    def setUp(self):
        self.log = temporary_log(self)
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.old = rejected(self.portal, DAYS + 1)
        self.recent = rejected(self.portal, 1)
        self.withdrawn = withdrawn(self.portal, DAYS + 1)
        self.issued = issued(self.portal, 400)
        _as_manager(self.portal)
        transaction.commit()

    def set_days(self, days):
        api.portal.set_registry_record(retention.RECORD, days)
        transaction.commit()

    def brain(self, app):
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog.unrestrictedSearchResults(UID=app.UID())
        return brain

    def assert_untouched(self, app):
        self.assertIsNone(app.personal_data_removed)
        self.assertIn("ktp", app.objectIds())
        self.assertTrue(app.applicant_name)
        self.assertEqual(app.applicant_nik[:4], "3201")
        self.assertTrue(app.form_data)
        self.assertTrue(self.brain(app).applicant_name)

    def text_of(self, app):
        """Everything stored on the application and its catalog entry."""
        catalog = api.portal.get_tool("portal_catalog")
        brain = self.brain(app)
        index_data = catalog.getIndexDataForRID(brain.getRID())
        metadata = catalog.getMetadataForRID(brain.getRID())
        return repr((vars(app), dict(app.workflow_history), index_data, metadata))


class TestRetention(RetentionCase):
    def test_off_by_default(self):
        self.assertEqual(api.portal.get_registry_record(retention.RECORD), 0)
        result = retention.run(commit=True)
        self.assertEqual(result["applications"], [])
        for app in (self.old, self.withdrawn, self.recent, self.issued):
            self.assert_untouched(app)
        self.assertEqual(store.query(), [])

    def test_past_the_period_cleared(self):
        self.set_days(DAYS)
        result = retention.run(commit=True)
        numbers = [item["tracking_number"] for item in result["applications"]]
        self.assertEqual(sorted(numbers), sorted([self.old.tracking_number, self.withdrawn.tracking_number]))
        old, represented = self.old, self.withdrawn
        for app in (old, represented):
            self.assertEqual(app.objectIds(), [])
            for name in (
                "applicant_name",
                "applicant_nik",
                "applicant_email",
                "applicant_phone",
                "applicant_address",
            ):
                self.assertEqual(getattr(app, name), "", name)
            self.assertEqual(app.form_data, {})
            self.assertIsNone(app.on_behalf_of)
            self.assertIsNone(app.internal_notes)
            self.assertIsNotNone(app.personal_data_removed)
            history = app.workflow_history[APPLICATION_WORKFLOW]
            self.assertEqual([step["comments"] for step in history], [""] * len(history))
            text = self.text_of(app)
            for value in PERSONAL:
                self.assertNotIn(value, text)
            self.assertNotIn("Jl. Melati", text)
            self.assertTrue(self.brain(app).personal_data_removed)
            self.assertEqual(self.brain(app).applicant_name, "")
        # the documents left the catalog too
        catalog = api.portal.get_tool("portal_catalog")
        for app in (old, represented):
            path = "/".join(app.getPhysicalPath())
            self.assertEqual(len(catalog.unrestrictedSearchResults(path={"query": path, "depth": 1})), 0)
        # the name is found no more
        self.assertEqual(len(catalog.unrestrictedSearchResults(SearchableText="Santoso", UID=old.UID())), 0)
        # what stays: number, permit type, state, dates, steps, owner
        self.assertEqual(api.content.get_state(old), "rejected")
        self.assertEqual(old.permit_type_object().getId(), "sip-dokter")
        self.assertIsNotNone(old.submitted)
        self.assertIsNotNone(old.due_date)
        steps = old.workflow_history[APPLICATION_WORKFLOW]
        self.assertEqual(
            [(s["action"], s["review_state"], s["actor"]) for s in steps],
            [(None, "submitted", ""), ("reject", "rejected", "verifikator")],
        )
        self.assertTrue(all(step["time"] for step in steps))
        # no citizen account is linked any more: the site's owner owns it
        site_owner = self.portal.getOwner().getId()
        for app, account in ((old, "budi"), (represented, "siti")):
            self.assertEqual(app.getOwner().getId(), site_owner)
            self.assertEqual(app.listCreators(), ())
            self.assertIsNone(app.filed_by)
            self.assertNotIn(account, dict(app.get_local_roles()))
            self.assertNotIn(account, [s["actor"] for s in app.workflow_history[APPLICATION_WORKFLOW]])
            self.assertFalse(api.user.get(account).has_permission("View", app))
            rid = self.brain(app).getRID()
            self.assertNotIn(f"user:{account}", catalog.getIndexDataForRID(rid)["allowedRolesAndUsers"])
            self.assertEqual(len(catalog.unrestrictedSearchResults(Creator=account, UID=app.UID())), 0)
        # the others are untouched
        self.assert_untouched(self.recent)
        self.assert_untouched(self.issued)
        self.assertEqual(self.recent.internal_notes, "Pemohon menelepon dari 0812-3456-7890.")

    def test_officers_notes_on_documents_cleared(self):
        from persistent.list import PersistentList
        from persistent.mapping import PersistentMapping
        from ptsp_portal.applications import checks
        from zope.annotation.interfaces import IAnnotations

        # as checks.save stores them
        note = "KTP atas nama Budi Santoso buram"
        round_ = PersistentMapping({"ktp": {"verdict": "tidak_sesuai", "note": note, "actor": "verifikator"}})
        IAnnotations(self.old)[checks.CHECKS_KEY] = PersistentMapping({1: round_})
        IAnnotations(self.old)[checks.LOG_KEY] = PersistentList(
            [{"time": None, "actor": "verifikator", "round": 1, "items": (("KTP", "tidak_sesuai", note),)}]
        )
        transaction.commit()
        self.set_days(DAYS)
        retention.run(commit=True)
        self.old._p_jar.cacheMinimize()  # read back what was committed
        annotations = IAnnotations(self.old)
        self.assertNotIn(note, repr(dict(annotations[checks.CHECKS_KEY][1])))
        self.assertNotIn(note, repr(list(annotations[checks.LOG_KEY])))
        # the verdict, who gave it, and the timeline's entry stay
        self.assertEqual(annotations[checks.CHECKS_KEY][1]["ktp"]["verdict"], "tidak_sesuai")
        self.assertEqual(annotations[checks.CHECKS_KEY][1]["ktp"]["actor"], "verifikator")
        self.assertEqual(annotations[checks.LOG_KEY][0]["items"], (("KTP", "tidak_sesuai", ""),))

    def test_tracking_and_statistics_stay(self):
        ratelimit.reset()
        self.addCleanup(ratelimit.reset)
        before = tracking.track(self.old.tracking_number)
        catalog = api.portal.get_tool("portal_catalog")
        counts = {
            state: len(catalog.unrestrictedSearchResults(portal_type="PermitApplication", review_state=state))
            for state in ("rejected", "withdrawn", "issued")
        }
        self.set_days(DAYS)
        retention.run(commit=True)
        after = tracking.track(self.old.tracking_number)
        self.assertEqual(after, before)
        self.assertEqual(after["review_state"], "rejected")
        self.assertEqual(after["permit_type"], "Surat Izin Praktik Dokter")
        self.assertEqual(
            counts,
            {
                state: len(
                    catalog.unrestrictedSearchResults(portal_type="PermitApplication", review_state=state)
                )
                for state in ("rejected", "withdrawn", "issued")
            },
        )
        by_type = catalog.unrestrictedSearchResults(
            permit_type_uid=self.portal["layanan"]["sip-dokter"].UID(), review_state="rejected"
        )
        self.assertEqual(len(by_type), 2)
        # and over HTTP, as anyone asks it
        response = rest_session(self, self.portal.absolute_url()).get(
            "@track", params={"number": self.old.tracking_number}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["review_state"], "rejected")
        self.assertEqual([s["review_state"] for s in response.json()["steps"]], ["submitted", "rejected"])

    def test_access_log_and_event_log(self):
        self.set_days(DAYS)
        with self.assertLogs("ptsp_portal", level="INFO") as logs:
            retention.run(commit=True)
        rows = store.query({"action": "retention"})
        self.assertEqual(
            sorted(row["tracking_number"] for row in rows),
            sorted([self.old.tracking_number, self.withdrawn.tracking_number]),
        )
        (row,) = [row for row in rows if row["tracking_number"] == self.withdrawn.tracking_number]
        self.assertEqual(row["user_id"], retention.SYSTEM_USER)
        self.assertEqual(row["path"], "/".join(self.withdrawn.getPhysicalPath()))
        detail = json.loads(row["detail"])
        self.assertEqual(detail["state"], "withdrawn")
        self.assertEqual(detail["closed"], days_ago(DAYS + 1).date().isoformat())
        self.assertEqual(detail["documents"], ["ktp", "power_of_attorney"])
        self.assertEqual(detail["fields"], PERSONAL_FIELDS[:5] + ["on_behalf_of", "form_data", "account"])
        self.assertEqual(detail["comments"], 1)
        old = json.loads(next(r for r in rows if r["tracking_number"] == self.old.tracking_number)["detail"])
        self.assertEqual(old["fields"], PERSONAL_FIELDS + ["account"])
        self.assertEqual(old["comments"], 1)
        for value in PERSONAL:  # names of what went, never the values
            self.assertNotIn(value, repr(rows))
        output = "\n".join(logs.output)
        self.assertIn(f"retention: {self.old.tracking_number} (rejected", output)
        self.assertIn("documents ktp, power_of_attorney", output)

    def test_dry_run_removes_nothing(self):
        self.set_days(DAYS)
        result = retention.run(dry_run=True, commit=True)
        self.assertTrue(result["dry_run"])
        items = {item["tracking_number"]: item for item in result["applications"]}
        self.assertEqual(set(items), {self.old.tracking_number, self.withdrawn.tracking_number})
        self.assertEqual(items[self.old.tracking_number]["documents"], ["ktp"])
        transaction.commit()
        for app in (self.old, self.withdrawn, self.recent, self.issued):
            self.assert_untouched(app)
        self.assertEqual(store.query(), [])

    def test_second_run_clears_nothing_twice(self):
        self.set_days(DAYS)
        self.assertEqual(len(retention.run(commit=True)["applications"]), 2)
        removed_on = self.old.personal_data_removed
        self.assertEqual(retention.run(commit=True)["applications"], [])
        self.assertEqual(retention.run(dry_run=True)["applications"], [])
        self.assertEqual(self.old.personal_data_removed, removed_on)
        self.assertEqual(store.count({"action": "retention"}), 2)

    def test_period_in_calendar_days(self):
        """Closed on the day ``DAYS`` days ago: kept until the next day."""
        edge = rejected(self.portal, DAYS)
        backdate_last_step(edge, days_ago(DAYS, hour=0))
        late = rejected(self.portal, DAYS + 1)
        backdate_last_step(late, days_ago(DAYS + 1, hour=23).replace(minute=59))
        transaction.commit()
        self.set_days(DAYS)
        numbers = {item["tracking_number"] for item in retention.run(dry_run=True)["applications"]}
        self.assertIn(late.tracking_number, numbers)
        self.assertNotIn(edge.tracking_number, numbers)
        tomorrow = days_ago(-1).date()
        numbers = {
            item["tracking_number"] for item in retention.run(dry_run=True, today=tomorrow)["applications"]
        }
        self.assertIn(edge.tracking_number, numbers)
        self.assertNotIn(self.recent.tracking_number, numbers)

    def test_batches_commit_apart(self):
        """Each batch is its own transaction; its entries are logged after it."""
        self.set_days(DAYS)
        more = [rejected(self.portal, DAYS + 5) for _ in range(3)]
        transaction.commit()
        commits = []
        real_commit = transaction.commit

        def commit():
            commits.append(store.count({"action": "retention"}))
            real_commit()

        with mock.patch("ptsp_portal.applications.retention.transaction.commit", side_effect=commit):
            result = retention.run(commit=True, batch_size=2)
        self.assertEqual(len(result["applications"]), 5)
        self.assertEqual(commits, [0, 2, 4])
        self.assertEqual(store.count({"action": "retention"}), 5)
        self.assertTrue(all(app.personal_data_removed for app in more))

    def test_batch_that_conflicted_is_done_again(self):
        self.set_days(DAYS)
        attempts = []
        real_commit = transaction.commit

        def commit():
            attempts.append(1)
            if len(attempts) == 1:
                raise ConflictError("an officer saved the same application")
            real_commit()

        with mock.patch("ptsp_portal.applications.retention.transaction.commit", side_effect=commit):
            result = retention.run(commit=True)
        self.assertEqual(len(attempts), 2)
        self.assertEqual(len(result["applications"]), 2)
        self.assertEqual(store.count({"action": "retention"}), 2)
        self.assertIsNotNone(self.old.personal_data_removed)
        self.assertEqual(self.old.objectIds(), [])

    def test_indexed_at_the_final_step(self):
        """``closed_date`` is set by the final step itself."""
        catalog = api.portal.get_tool("portal_catalog")

        def closed(app):
            query = {"query": DateTime() + 1, "range": "max"}
            return len(catalog.unrestrictedSearchResults(UID=app.UID(), closed_date=query))

        app = apply(self.portal)
        transition(self.portal, "verifikator", "accept", obj=app)
        self.assertEqual(closed(app), 0)
        transition(self.portal, "teknis", "request_revision", obj=app)
        self.assertEqual(closed(app), 0)
        login(self.portal, "budi")
        api.portal.get_tool("portal_workflow").doActionFor(app, "withdraw")
        self.assertEqual(closed(app), 1)
        self.assertEqual(retention.closed_at(app), app.workflow_history[APPLICATION_WORKFLOW][-1]["time"])
        self.assertEqual(closed(self.issued), 1)


class TestPages(RetentionCase):
    def setUp(self):
        super().setUp()
        add_user("pengelola", "Pengelola Situs")
        api.user.grant_roles(username="pengelola", roles=["Manager"])
        add_user("admin-situs", "Admin Situs")
        api.user.grant_roles(username="admin-situs", roles=["Site Administrator"])
        self.set_days(DAYS)

    def session(self, user_id):
        return rest_session(self, self.portal.absolute_url(), user_id, json=False)

    def test_application_page_after_removal(self):
        retention.run(commit=True)
        path = "permohonan/" + self.old.getId()
        response = self.session("verifikator").get(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn("ptsp-data-removed", response.text)
        self.assertIn(self.old.tracking_number, response.text)
        self.assertIn("Vera Verifikasi", response.text)  # the officer's step keeps its officer
        self.assertNotIn('id="pemohon"', response.text)
        self.assertNotIn('id="dokumen"', response.text)
        for value in PERSONAL:
            self.assertNotIn(value, response.text)
        self.assertEqual(self.session("verifikator").get(path + "/ktp").status_code, 404)
        rest = rest_session(self, self.portal.absolute_url() + "/++api++", "verifikator").get(path)
        self.assertEqual(rest.status_code, 200, rest.text)
        self.assertEqual((rest.json()["applicant_name"], rest.json()["items"]), ("", []))
        self.assertTrue(rest.json()["personal_data_removed"])
        for value in PERSONAL:
            self.assertNotIn(value, rest.text)
        # the former applicant no longer opens it, nor lists it as theirs
        refused = self.session("budi").get(path, allow_redirects=False)
        self.assertIn(refused.status_code, (302, 401, 403))
        mine = rest_session(self, self.portal.absolute_url() + "/++api++", "budi").get("@my-applications")
        self.assertEqual(mine.status_code, 200, mine.text)
        self.assertNotIn(self.old.tracking_number, mine.text)
        self.assertIn(self.recent.tracking_number, mine.text)
        # an application kept shows its data as before
        response = self.session("verifikator").get("permohonan/" + self.recent.getId())
        self.assertNotIn("ptsp-data-removed", response.text)
        self.assertIn("Budi Santoso", response.text)

    def test_manager_page_lists_then_removes(self):
        manager = self.session("pengelola")
        response = manager.get("@@ptsp-retensi")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count('class="ptsp-retention-row"'), 2)
        self.assertIn(self.old.tracking_number, response.text)
        self.assertNotIn(self.recent.tracking_number, response.text)
        self.assert_untouched(self.old)
        # without the form's token: refused, nothing removed
        refused = manager.post("@@ptsp-retensi", data={"form.buttons.run": "1"})
        self.assertEqual(refused.status_code, 403)
        self.portal._p_jar.sync()
        self.assert_untouched(self.old)
        token = re.search(r'name="_authenticator" value="([^"]+)"', response.text).group(1)
        done = manager.post("@@ptsp-retensi", data={"form.buttons.run": "1", "_authenticator": token})
        self.assertEqual(done.status_code, 200)
        self.assertIn("Dokumen dan data pribadi 2 permohonan dihapus.", done.text)
        self.assertIn("Tidak ada permohonan yang masa simpannya berakhir.", done.text)
        self.portal._p_jar.sync()
        self.assertIsNotNone(self.old.personal_data_removed)
        self.assertEqual({row["user_id"] for row in store.query({"action": "retention"})}, {"pengelola"})
        # the access log page names it
        log_page = manager.get("@@ptsp-access-log?aksi=retention")
        self.assertEqual(log_page.text.count('class="ptsp-access-log-row"'), 2)
        self.assertIn("Penghapusan data (retensi)", log_page.text)

    def test_manager_page_when_off(self):
        self.set_days(0)
        response = self.session("pengelola").get("@@ptsp-retensi")
        self.assertIn("Retensi tidak aktif", response.text)
        self.assertNotIn("form.buttons.run", response.text)

    def test_refused_to_everyone_but_managers(self):
        for user_id in (None, "budi", "verifikator", "kadis", "editor", "admin-situs"):
            session = self.session(user_id)
            response = session.get("@@ptsp-retensi", allow_redirects=False)
            self.assertIn(response.status_code, (302, 401, 403), user_id)
            response = session.post("@@ptsp-retensi", data={"form.buttons.run": "1"}, allow_redirects=False)
            self.assertIn(response.status_code, (302, 401, 403), user_id)
        self.portal._p_jar.sync()
        self.assert_untouched(self.old)
