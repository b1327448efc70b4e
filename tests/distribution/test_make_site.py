"""What ``make site`` (scripts/create_site.py) does around the distribution:
the root Manager in either kind of root user folder, and the demo's
passwords and mail state left for ``make start``."""

from AccessControl.userfolder import UserFolder
from pathlib import Path
from plone import api
from ptsp_portal.demo import accounts
from ptsp_portal.demo import mail
from ptsp_portal.testing import DISTRIBUTION_TESTING
from ptsp_portal.testing import OFFICE_SITE_ID
from ptsp_portal.testing import SITE_ID
from scripts import create_site
from scripts.demo import state
from zope.component.hooks import setSite

import os
import stat
import tempfile
import unittest


def authenticates(portal, login, password):
    credentials = {"login": login, "password": password}
    return portal.acl_users.source_users.authenticateCredentials(credentials) is not None


class TestFindManager(unittest.TestCase):
    layer = DISTRIBUTION_TESTING

    def test_pas_root_user_folder(self):
        """Once Plone made a site, the root user folder is a PAS whose
        ``getUsers`` lists nobody: the Manager is found by searching."""
        acl_users = self.layer["app"].acl_users
        self.assertEqual(acl_users.meta_type, "Pluggable Auth Service")
        self.assertEqual(list(acl_users.getUsers()), [])  # what the script used to ask
        manager = create_site.find_manager(acl_users)
        self.assertIsNotNone(manager)
        self.assertEqual(manager.getUserName(), "admin")
        self.assertIn("Manager", manager.getRoles())

    def test_classic_root_user_folder(self):
        """A fresh instance's root user folder (``inituser``)."""
        acl_users = UserFolder()
        acl_users._doAddUser("editor", "secret-1", ["Member"], [])
        self.assertIsNone(create_site.find_manager(acl_users))
        acl_users._doAddUser("boss", "secret-2", ["Manager"], [])
        self.assertEqual(create_site.find_manager(acl_users).getUserName(), "boss")


class RecordCase(unittest.TestCase):
    layer = DISTRIBUTION_TESTING
    site_id = SITE_ID

    def setUp(self):
        self.portal = self.layer["app"][self.site_id]
        setSite(self.portal)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.clienthome = Path(tmp.name)

    def record(self, created):
        return create_site.record_demo(self.portal, self.clienthome, created)

    def accounts_file(self):
        return self.clienthome / state.ACCOUNTS_FILE


class TestDemoSite(RecordCase):
    def test_new_demo_site(self):
        status = self.record(created=True)
        path = self.accounts_file()
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        lines = path.read_text(encoding="utf-8").splitlines()
        self.assertEqual(len(lines), len(accounts.DEMO_ACCOUNTS))
        self.assertRegex(lines[0], r"^Warga \(pemohon\) — login: warga-contoh — sandi: [A-Za-z0-9_-]{16}$")
        self.assertRegex(lines[1], r"^Verifikator — login: verifikator-contoh — sandi: \S{16}$")
        self.assertTrue(lines[2].startswith("Peninjau teknis — login: peninjau-contoh — sandi: "))
        self.assertTrue(lines[3].startswith("Penyetuju — login: penyetuju-contoh — sandi: "))
        self.assertTrue(lines[4].startswith("Editor — login: editor-contoh — sandi: "))
        for _role, login, password in state.read_accounts(self.clienthome):
            self.assertTrue(authenticates(self.portal, login, password), login)
        self.assertEqual(
            [a["login"] for a in status["demo_accounts"]], [a.login for a in accounts.DEMO_ACCOUNTS]
        )
        self.assertEqual(status["mail_catcher_port"], mail.demo_mail_port())
        self.assertEqual(state.read_status(self.clienthome), status)
        # the passwords are not in the status file
        for _role, _login, password in state.read_accounts(self.clienthome):
            self.assertNotIn(password, (self.clienthome / state.STATUS_FILE).read_text())

    def test_every_start_keeps_the_passwords(self):
        self.record(created=True)
        before = self.accounts_file().read_text()
        self.record(created=False)
        self.assertEqual(self.accounts_file().read_text(), before)
        for _role, login, password in state.read_accounts(self.clienthome):
            self.assertTrue(authenticates(self.portal, login, password), login)

    def test_lost_file_new_passwords(self):
        self.record(created=True)
        old = {login: password for _r, login, password in state.read_accounts(self.clienthome)}
        self.accounts_file().unlink()
        self.record(created=False)
        new = {login: password for _r, login, password in state.read_accounts(self.clienthome)}
        self.assertEqual(sorted(new), sorted(old))
        for login, password in new.items():
            self.assertNotEqual(password, old[login])
            self.assertTrue(authenticates(self.portal, login, password), login)
            self.assertFalse(authenticates(self.portal, login, old[login]), login)

    def test_file_follows_the_accounts(self):
        self.record(created=True)
        with api.env.adopt_roles(["Manager"]):
            api.user.delete(username="editor-contoh")
        status = self.record(created=False)
        logins = [login for _r, login, _p in state.read_accounts(self.clienthome)]
        self.assertNotIn("editor-contoh", logins)
        self.assertEqual(len(logins), len(accounts.DEMO_ACCOUNTS) - 1)
        self.assertNotIn("editor-contoh", [a["login"] for a in status["demo_accounts"]])
        with api.env.adopt_roles(["Manager"]):
            for login in logins:
                api.user.delete(username=login)
        status = self.record(created=False)
        self.assertFalse(self.accounts_file().exists())
        self.assertEqual(status["demo_accounts"], [])
        self.assertIsNone(status["mail_catcher_port"])  # no demo, no catcher


class TestOfficeSite(RecordCase):
    site_id = OFFICE_SITE_ID

    def test_no_accounts_no_inbox(self):
        # a demo made in this instance before leaves its file: it goes
        state.write_accounts(self.clienthome, [("Verifikator", "verifikator-contoh", "x" * 16)])
        status = self.record(created=True)
        self.assertFalse(self.accounts_file().exists())
        self.assertEqual(status, {"site_id": OFFICE_SITE_ID, "demo_accounts": [], "mail_catcher_port": None})
