"""Login throttling (issue 12, section 5): five wrong passwords for one login
within 15 minutes lock it for 15 minutes on ``@login``, HTTP Basic and the
``/login`` form alike, the right password included; a locked client never
blocks another account's correct password; officers unlock.  The clock is
injected (``loginlock.clock``): nothing sleeps."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.security import loginlock
from tests.base import DemoSiteHttpTestCase
from tests.base import PASSWORD
from unittest import mock

import re
import requests

LOCKED = "dikunci sementara"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class ThrottlingTestCase(DemoSiteHttpTestCase):
    USERS = {
        "warga-kunci": (),
        "warga-lain": (),
        "petugas-buka": ("ptsp-officers",),
    }

    def setUp(self):
        super().setUp()
        loginlock.reset()
        self.addCleanup(loginlock.reset)
        self.clock = Clock()
        patcher = mock.patch.object(loginlock, "clock", self.clock)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.http = requests.Session()
        self.addCleanup(self.http.close)

    def rest_login(self, login, password):
        return self.http.post(
            f"{self.base}/@login",
            json={"login": login, "password": password},
            headers={"Accept": "application/json"},
        )

    def basic(self, login, password):
        """A page only a logged-in user may open, with HTTP Basic."""
        return self.http.get(
            f"{self.base}/@users/{login}",
            auth=(login, password),
            headers={"Accept": "application/json"},
        )

    def form_login(self, login, password):
        session = requests.Session()
        self.addCleanup(session.close)
        response = session.post(
            f"{self.site_url}/login",
            data={"__ac_name": login, "__ac_password": password, "buttons.login": "Masuk"},
        )
        return session, response

    def fail_logins(self, login, times=5):
        for _attempt in range(times):
            response = self.rest_login(login, "salah-sekali")
            self.assertEqual(response.status_code, 401)


class TestRestLogin(ThrottlingTestCase):
    def test_five_failures_lock_the_right_password_out(self):
        self.fail_logins("warga-kunci", 4)
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 200)  # resets
        self.fail_logins("warga-kunci", 5)
        response = self.rest_login("warga-kunci", PASSWORD)
        self.assertEqual(response.status_code, 401)
        self.assertIn(LOCKED, response.json()["error"]["message"])
        self.assertIn("15 menit", response.json()["error"]["message"])
        # another account's correct password from the same client still works
        response = self.rest_login("warga-lain", PASSWORD)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("token", response.json())

    def test_lock_expires_after_fifteen_minutes(self):
        self.fail_logins("warga-kunci", 5)
        self.clock.now += 14 * 60
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 401)
        self.clock.now += 61
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 200)

    def test_failures_older_than_the_window_do_not_count(self):
        self.fail_logins("warga-kunci", 4)
        self.clock.now += 15 * 60 + 1
        self.fail_logins("warga-kunci", 1)
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 200)
        # whereas five within the window lock
        self.fail_logins("warga-kunci", 5)
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 401)

    def test_locked_client_never_blocks_another_account(self):
        self.fail_logins("warga-kunci", 5)
        for index in range(loginlock.CLIENT_MAX_FAILURES):
            self.rest_login(f"tidak-ada-{index}", "salah")
        self.assertTrue([lock for lock in loginlock.locked() if lock[0] == "client"])
        response = self.rest_login("tidak-ada-lagi", "salah")
        self.assertEqual(response.status_code, 401)
        self.assertIn("dari alamat Anda", response.json()["error"]["message"])
        self.assertEqual(self.rest_login("warga-lain", PASSWORD).status_code, 200)
        self.assertEqual(self.basic("warga-lain", PASSWORD).status_code, 200)
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 401)


class TestBasicAuth(ThrottlingTestCase):
    def test_five_failures_lock_http_basic(self):
        self.assertEqual(self.basic("warga-kunci", PASSWORD).status_code, 200)
        for _attempt in range(5):
            self.assertEqual(self.basic("warga-kunci", "salah-sekali").status_code, 401)
        response = self.basic("warga-kunci", PASSWORD)
        self.assertEqual(response.status_code, 401)
        self.assertIn(LOCKED, response.text)
        # the lock is the login's, whatever the way in
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 401)
        # a public page with the locked credentials: 401 too, not the anonymous page
        response = self.http.get(f"{self.site_url}/", auth=("warga-kunci", PASSWORD))
        self.assertEqual(response.status_code, 401)
        self.assertIn(LOCKED, response.text)
        self.assertEqual(self.basic("warga-lain", PASSWORD).status_code, 200)


class TestLoginForm(ThrottlingTestCase):
    def test_five_failures_lock_the_login_form(self):
        for _attempt in range(5):
            session, response = self.form_login("warga-kunci", "salah-sekali")
            self.assertNotIn("__ac", session.cookies)
        session, response = self.form_login("warga-kunci", PASSWORD)
        self.assertNotIn("__ac", session.cookies)
        self.assertIn(LOCKED, response.text)
        session, response = self.form_login("warga-lain", PASSWORD)
        self.assertIn("__ac", session.cookies)


class TestUnlock(ThrottlingTestCase):
    def unlock_page(self, user_id):
        return self.session(user_id, api=False)

    def test_officer_unlocks(self):
        self.fail_logins("warga-kunci", 5)
        officer = self.unlock_page("petugas-buka")
        page = officer.get("@@ptsp-unlock-login")
        self.assertEqual(page.status_code, 200)
        self.assertIn("warga-kunci", page.text)
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        response = officer.post(
            "@@ptsp-unlock-login", data={"kind": "login", "key": "warga-kunci", "_authenticator": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 200)

    def test_manager_unlocks_without_a_token_is_refused(self):
        self.fail_logins("warga-kunci", 5)
        manager = self.unlock_page(SITE_OWNER_NAME)
        self.assertIn("warga-kunci", manager.get("@@ptsp-unlock-login").text)
        response = manager.post("@@ptsp-unlock-login", data={"kind": "login", "key": "warga-kunci"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.rest_login("warga-kunci", PASSWORD).status_code, 401)

    def test_citizen_may_not_unlock(self):
        self.fail_logins("warga-kunci", 5)
        citizen = self.unlock_page("warga-lain")
        response = citizen.get("@@ptsp-unlock-login", allow_redirects=False)
        self.assertIn(response.status_code, (302, 401, 403))
        self.assertNotIn("warga-kunci", response.text)
        anonymous = requests.get(f"{self.site_url}/@@ptsp-unlock-login", allow_redirects=False)
        self.assertIn(anonymous.status_code, (302, 401, 403))


class TestInstalled(ThrottlingTestCase):
    def test_plugin_first(self):
        from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin

        plugins = api.portal.get_tool("acl_users").plugins
        self.assertEqual(plugins.listPluginIds(IAuthenticationPlugin)[0], loginlock.PLUGIN_ID)
