"""``scripts/retention.py`` run as cron would run it: ``zconsole run`` on a
real instance (the demo site of ``make start``, tests/instance), with the
access log in its own SQLite file."""

from pathlib import Path
from ptsp_portal.applications.intake import application_id
from scripts.instance.database import open_database
from tests.instance.test_check_blobs import BIN
from tests.instance.test_check_blobs import DemoInstanceLayer
from tests.instance.test_check_blobs import ROOT
from tests.instance.test_check_blobs import run

import os
import re
import sqlite3
import tempfile
import unittest

# Two rejected applications of the demo citizen: one 40 days ago, one
# yesterday; the period set to 30 days.  Prints their tracking numbers.
PREPARE = """
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.users import system
from DateTime import DateTime
from plone import api
from ptsp_portal.applications.intake import create_application
from ptsp_portal.demo.accounts import CITIZEN
from ptsp_portal.distributions.demo import APPLICANT, _documents
from ptsp_portal.constants import APPLICATION_WORKFLOW
from zope.component.hooks import setSite

import datetime
import transaction

site = app["ptsp"]
setSite(site)
newSecurityManager(None, system)
api.portal.set_registry_record("ptsp_portal.retention_days", 30)
permit_type = site["layanan"]["surat-izin-praktik-dokter"]
for days in (40, 1):
    application = create_application(
        permit_type, CITIZEN.login, {**APPLICANT, "form_data": {"tempat_praktik": "Klinik Uji"}},
        _documents(permit_type),
    )
    api.portal.get_tool("portal_workflow").doActionFor(
        application, "reject", comment="STR atas nama Budi Santoso kedaluwarsa."
    )
    history = application.workflow_history[APPLICATION_WORKFLOW]
    when = DateTime() - days
    application.workflow_history[APPLICATION_WORKFLOW] = (*history[:-1], dict(history[-1], time=when))
    application.reindexObject(idxs=["closed_date"])
    print("PREPARED", days, application.tracking_number, len(application.objectIds()))
transaction.commit()
"""


class TestRetentionScript(unittest.TestCase):
    layer = DemoInstanceLayer

    def setUp(self):
        self.zope_conf = self.layer.zope_conf
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.log = Path(directory.name) / "access.sqlite"
        self.env = dict(os.environ, PTSP_ACCESS_LOG=str(self.log))
        self.prepare_script = Path(directory.name) / "prepare.py"
        self.prepare_script.write_text(PREPARE)

    def prepare(self):
        result = self.zconsole(self.prepare_script)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        prepared = dict(re.findall(r"PREPARED (\d+) (\S+) [1-9]", result.stdout))
        self.old, self.recent = prepared["40"], prepared["1"]

    def zconsole(self, script, *args):
        return run(BIN / "zconsole", "run", self.zope_conf, script, *args, env=self.env)

    def retention(self, *args):
        return self.zconsole(ROOT / "scripts" / "retention.py", *args)

    def stored(self, number):
        """(documents, applicant name, personal_data_removed) as stored."""
        db = open_database(self.zope_conf, read_only=True)
        try:
            connection = db.open()
            folder = connection.root()["Application"]["ptsp"]["permohonan"]
            application = folder._tree[application_id(number)]
            result = (
                sorted(application._tree.keys()),
                application.__dict__.get("applicant_name"),
                application.__dict__.get("personal_data_removed"),
            )
            connection.close()
            return result
        finally:
            db.close()

    def logged(self):
        if not self.log.exists():
            return []
        connection = sqlite3.connect(self.log)
        try:
            return connection.execute(
                "SELECT tracking_number, user_id FROM access WHERE action = 'retention'"
            ).fetchall()
        finally:
            connection.close()

    def test_dry_run_then_run_then_nothing_left(self):
        self.prepare()
        result = self.retention("--site", "ptsp", "--dry-run")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"  {self.old}  rejected", result.stdout)
        self.assertNotIn(self.recent, result.stdout)
        self.assertIn("Would remove the documents and personal data of 1 application(s).", result.stdout)
        documents, name, removed = self.stored(self.old)
        self.assertTrue(documents)
        self.assertEqual((name, removed), ("Budi Santoso", None))
        self.assertEqual(self.logged(), [])

        result = self.retention()  # --site ptsp is the default
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"  {self.old}  rejected", result.stdout)
        self.assertIn("Removed the documents and personal data of 1 application(s).", result.stdout)
        self.assertIn("Pack the database", result.stdout)
        documents, name, removed = self.stored(self.old)
        self.assertEqual((documents, name), ([], ""))
        self.assertIsNotNone(removed)
        documents, name, removed = self.stored(self.recent)
        self.assertTrue(documents)
        self.assertEqual((name, removed), ("Budi Santoso", None))
        self.assertEqual(self.logged(), [(self.old, "ptsp-retention")])

        result = self.retention("--site", "ptsp")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("Removed the documents and personal data of 0 application(s).", result.stdout)
        self.assertEqual(self.logged(), [(self.old, "ptsp-retention")])

    def test_unknown_site(self):
        result = self.retention("--site", "tidak-ada")
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertIn("No site 'tidak-ada'", result.stderr)

    def test_make_target(self):
        result = run("make", "-n", "retention", "DRY_RUN=1")
        self.assertIn("zope.conf scripts/retention.py --site ${SITE_ID:-ptsp} --dry-run\n", result.stdout)
        result = run("make", "-n", "retention")
        self.assertIn("zope.conf scripts/retention.py --site ${SITE_ID:-ptsp}\n", result.stdout)
