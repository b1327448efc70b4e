"""The access log of personal data (issue 12, §6): who read which
application page, REST representation, document or queue export, written
outside the ZODB, readable by Managers only."""

from plone import api
from plone.app.testing import setRoles
from ptsp_portal.audit import store
from ptsp_portal.audit import store_sqlite
from tests.base import rest_session
from tests.queue.test_http import QUEUE_SERVER_TESTING
from tests.workflow.base import add_user
from tests.workflow.base import apply
from tests.workflow.base import MONDAY
from tests.workflow.base import setup_office
from unittest import mock

import csv
import datetime
import io
import os
import sqlite3
import tempfile
import transaction
import unittest


def temporary_log(test):
    """``PTSP_ACCESS_LOG`` pointing at a fresh file for ``test``."""
    directory = tempfile.TemporaryDirectory()
    test.addCleanup(directory.cleanup)
    path = os.path.join(directory.name, "access.sqlite")
    patcher = mock.patch.dict(os.environ, {store.ENV_VAR: path})
    patcher.start()
    test.addCleanup(patcher.stop)
    return path


class StoreTests:
    """The store's contract, whichever database holds it (``use_log``)."""

    def test_record_and_query(self):
        at = datetime.datetime(2026, 11, 2, 3, 0, tzinfo=datetime.timezone.utc)
        roles = ("Verifier", "Reader")
        store.record("verifikator", "page", "/ptsp/permohonan/a", "PTSP-1", roles, "10.0.0.1", at=at)
        later = at + datetime.timedelta(days=1, microseconds=7)
        store.record("teknis", "download", "/ptsp/permohonan/b/ktp", "PTSP-2", at=later, detail="ktp")
        rows = store.query()
        self.assertEqual([row["user_id"] for row in rows], ["teknis", "verifikator"])
        self.assertEqual(rows[1]["roles"], "Reader,Verifier")
        self.assertEqual(rows[1]["at"], at)
        self.assertEqual(rows[0]["at"], later)
        self.assertEqual(rows[0]["at"].utcoffset(), datetime.timedelta(0))
        self.assertEqual(rows[1]["client"], "10.0.0.1")
        self.assertEqual((rows[0]["detail"], rows[1]["detail"]), ("ktp", ""))
        self.assertEqual(len(store.query({"tracking_number": "PTSP-1"})), 1)
        self.assertEqual(len(store.query({"action": "download"})), 1)
        self.assertEqual(len(store.query({"since": at + datetime.timedelta(hours=1)})), 1)
        self.assertEqual(len(store.query({"until": at + datetime.timedelta(hours=1)})), 1)
        # bounds in another time zone mean the same instants
        jakarta = datetime.timezone(datetime.timedelta(hours=7))
        self.assertEqual(len(store.query({"since": later.astimezone(jakarta)})), 1)
        self.assertEqual(len(store.query({"until": later.astimezone(jakarta)})), 1)
        self.assertEqual(store.count({"user_id": "teknis"}), 1)
        self.assertEqual(store.count(), 2)
        self.assertEqual([row["user_id"] for row in store.query(limit=1, offset=1)], ["verifikator"])

    def test_append_only(self):
        store.record("verifikator", "page")
        for statement in self.changes:
            with self.assertRaises(self.refused, msg=statement):
                self.raw_execute(statement)
        self.assertEqual(store.count(), 1)
        self.assertEqual(store.query()[0]["user_id"], "verifikator")


class TestStore(StoreTests, unittest.TestCase):
    changes = ("UPDATE access SET user_id = 'x'", "DELETE FROM access")
    refused = sqlite3.DatabaseError

    def setUp(self):
        self.path = temporary_log(self)

    def raw_execute(self, statement):
        connection = sqlite3.connect(self.path)
        try:
            connection.execute(statement)
        finally:
            connection.close()

    def test_default_location_in_clienthome(self):
        with mock.patch.dict(os.environ, {store.ENV_VAR: ""}):
            config = mock.Mock(clienthome="/srv/ptsp/var")
            with mock.patch("ptsp_portal.audit.store.getConfiguration", return_value=config):
                self.assertEqual(store.location(), "/srv/ptsp/var/ptsp-access-log.sqlite")
                self.assertIs(store.backend_of(store.location()), store_sqlite)

    def test_file_made_before_detail_gets_it(self):
        # a log written before the ``detail`` column existed
        connection = sqlite3.connect(self.path)
        connection.executescript(store_sqlite.SCHEMA.replace(",\n    detail TEXT NOT NULL DEFAULT ''", ""))
        connection.execute(
            "INSERT INTO access (at, user_id, action) VALUES ('2026-01-01T00:00:00+00:00', 'a', 'page')"
        )
        connection.commit()
        connection.close()
        store.record("b", "retention", detail="ktp")
        self.assertEqual(
            [(row["user_id"], row["detail"]) for row in store.query()], [("b", "ktp"), ("a", "")]
        )


class AccessLogCase(unittest.TestCase):
    layer = QUEUE_SERVER_TESTING

    def use_log(self):
        return temporary_log(self)

    def setUp(self):
        self.log = self.use_log()
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        add_user("pengelola", "Pengelola Situs")
        api.user.grant_roles(username="pengelola", roles=["Manager"])
        add_user("admin-situs", "Admin Situs")
        api.user.grant_roles(username="admin-situs", roles=["Site Administrator"])
        self.app = apply(self.portal, submitted=MONDAY)
        self.other = apply(self.portal, applicant="siti", submitted=MONDAY)
        setRoles(self.portal, "test_user_1_", ["Member"])
        transaction.commit()
        self.portal_url = self.portal.absolute_url()
        self.app_path = "permohonan/" + self.app.getId()

    def session(self, user_id=None, api=True):
        base = f"{self.portal_url}/++api++" if api else self.portal_url
        return rest_session(self, base, user_id, json=api)

    def officer_reads(self, user_id="verifikator"):
        """Page, REST GET, document download and queue CSV, all answered 200."""
        pages = self.session(user_id, api=False)
        for response in (
            pages.get(self.app_path),
            self.session(user_id).get(self.app_path),
            pages.get(f"{self.app_path}/ktp/@@download/file"),
            pages.get("permohonan/@@antrian-csv?tugas=semua"),
        ):
            self.assertEqual(response.status_code, 200, response.url)


class TestRecording(AccessLogCase):
    def test_officer_reads_recorded(self):
        self.officer_reads()
        rows = sorted(store.query(), key=lambda row: row["id"])
        self.assertEqual([row["action"] for row in rows], ["page", "rest", "download", "export"])
        self.assertEqual({row["user_id"] for row in rows}, {"verifikator"})
        number = self.app.tracking_number
        self.assertEqual([row["tracking_number"] for row in rows], [number, number, number, ""])
        app_path = "/".join(self.app.getPhysicalPath())
        self.assertEqual(rows[0]["path"], app_path + "/@@view")
        self.assertEqual(rows[1]["path"], app_path)
        self.assertEqual(rows[2]["path"], app_path + "/ktp/@@download")
        self.assertTrue(rows[3]["path"].endswith("/permohonan/@@antrian-csv?tugas=semua"), rows[3]["path"])
        self.assertIn("Verifier", rows[0]["roles"].split(","))
        self.assertEqual(rows[0]["client"], "127.0.0.1")

    def test_applicant_recorded_too(self):
        response = self.session("budi", api=False).get(self.app_path)
        self.assertEqual(response.status_code, 200)
        [row] = store.query()
        self.assertEqual((row["user_id"], row["action"]), ("budi", "page"))
        self.assertIn("Owner", row["roles"].split(","))

    def test_refusals_and_other_content_not_recorded(self):
        # siti may not read budi's application; the permit type is no personal data
        refused = self.session("siti", api=False).get(self.app_path, allow_redirects=False)
        self.assertIn(refused.status_code, (302, 401, 403))
        self.assertEqual(self.session("siti").get(self.app_path).status_code, 401)
        self.assertEqual(self.session("verifikator", api=False).get("layanan/sip-dokter").status_code, 200)
        self.assertEqual(store.query(), [])

    def test_reads_write_nothing_to_the_zodb(self):
        # a fresh test site stores its portlet assignments at its first page
        # (a real site has them): render one page before measuring
        self.assertEqual(self.session("budi", api=False).get(self.app_path).status_code, 200)
        self.portal._p_jar.sync()
        db = self.portal._p_jar.db()
        last = db.lastTransaction()
        serial = self.app._p_serial
        self.officer_reads()
        self.session("budi", api=False).get(self.app_path)
        self.assertEqual(len(store.query()), 6)
        self.portal._p_jar.sync()
        self.assertEqual(db.lastTransaction(), last)
        self.assertEqual(self.app._p_serial, serial)


class TestManagerPage(AccessLogCase):
    def setUp(self):
        super().setUp()
        self.officer_reads("verifikator")
        pages = self.session("teknis", api=False)
        self.assertEqual(pages.get("permohonan/" + self.other.getId()).status_code, 200)

    def count(self, query=""):
        return self.page(query).count('class="ptsp-access-log-row"')

    def page(self, query=""):
        response = self.session("pengelola", api=False).get("@@ptsp-access-log" + query)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_lists_and_filters(self):
        text = self.page()
        self.assertEqual(text.count('class="ptsp-access-log-row"'), 5)
        self.assertIn(self.other.tracking_number, text)
        self.assertIn("Unduh dokumen", text)
        self.assertEqual(self.count("?pengguna=teknis"), 1)
        self.assertEqual(self.count(f"?nomor={self.app.tracking_number}"), 3)
        self.assertEqual(self.count("?aksi=download"), 1)
        today = datetime.date.today()
        tomorrow = today + datetime.timedelta(days=2)
        self.assertEqual(self.count(f"?dari={tomorrow}"), 0)
        yesterday = today - datetime.timedelta(days=2)
        self.assertEqual(self.count(f"?dari={yesterday}&sampai={tomorrow}"), 5)
        self.assertIn("TTTT-BB-HH", self.page("?dari=kemarin"))

    def test_batched(self):
        for _ in range(60):
            store.record("kadis", "page", "/ptsp/permohonan/x", "PTSP-X")
        text = self.page()
        self.assertEqual(text.count('class="ptsp-access-log-row"'), 50)
        self.assertIn("b_start:int=50", text)
        self.assertEqual(self.count("?b_start:int=50"), 15)

    def test_csv(self):
        response = self.session("pengelola", api=False).get("@@ptsp-access-log-csv")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(len(rows), 6)
        users = [row[1] for row in rows[1:]]
        self.assertEqual(sorted(users), ["teknis"] + ["verifikator"] * 4)
        self.assertIn(["download", self.app.tracking_number], [[row[3], row[5]] for row in rows[1:]])
        response = self.session("pengelola", api=False).get("@@ptsp-access-log-csv?aksi=export")
        self.assertEqual(len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))), 2)

    def test_refused_to_everyone_but_managers(self):
        for user_id in (None, "budi", "verifikator", "kadis", "editor", "admin-situs"):
            for view in ("@@ptsp-access-log", "@@ptsp-access-log-csv"):
                response = self.session(user_id, api=False).get(view, allow_redirects=False)
                self.assertIn(response.status_code, (302, 401, 403), (user_id, view))
                self.assertNotIn("verifikator", response.text)
