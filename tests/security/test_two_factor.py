"""Two-factor login (issue 12, section 5), over real HTTP on the served demo
site: enrolment (REST, the page, at login when required), ``@login`` with and
without the code, replay, HTTP Basic refused, the Classic ``/login`` second
step, wrong codes counted by login throttling, the Managers' reset, and no
secret in any REST answer."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.security import loginlock
from ptsp_portal.security.twofactor import plugin as twofactor
from ptsp_portal.security.twofactor import tickets
from ptsp_portal.security.twofactor import totp
from tests.base import DemoSiteHttpTestCase
from tests.base import PASSWORD
from unittest import mock
from urllib.parse import unquote

import html
import re
import requests
import time
import transaction

CITIZEN = "warga-dua"
OFFICER = "petugas-dua"
EDITOR = "editor-dua"
SITE_ADMIN = "admin-situs-dua"
OTP_REQUIRED = "verifikasi dua langkah"
TICKET = re.compile(r'name="__ptsp_2fa_ticket" value="([^"]+)"')
SECRET = re.compile(r'<code class="ptsp-2fa-secret">([A-Z2-7 ]+)</code>')


def tampered(ticket):
    """The ticket with its last signature digit changed (always a change)."""
    return ticket[:-1] + ("1" if ticket.endswith("0") else "0")


class Clock:
    """The server's clock for codes and tickets (it runs in this process):
    tests move it instead of sleeping."""

    def __init__(self):
        self.now = float(int(time.time()) // totp.INTERVAL * totp.INTERVAL + 1)

    def __call__(self):
        return self.now


CLOCK = Clock()


def code(secret, steps_ahead=0):
    """The code of ``secret`` now (or ``steps_ahead`` time steps later: one is still accepted)."""
    return totp.code_at(secret, CLOCK.now + steps_ahead * totp.INTERVAL)


def wrong(secret):
    right = {code(secret, offset) for offset in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


class TwoFactorTestCase(DemoSiteHttpTestCase):
    USERS = {
        CITIZEN: (),
        OFFICER: ("ptsp-verifiers",),
        EDITOR: ("ptsp-editors",),
        SITE_ADMIN: (),
    }

    def setUp(self):
        super().setUp()
        loginlock.reset()
        self.addCleanup(loginlock.reset)
        for module in (totp, tickets):
            patcher = mock.patch.object(module, "clock", CLOCK)
            patcher.start()
            self.addCleanup(patcher.stop)
        api.user.grant_roles(username=SITE_ADMIN, roles=["Site Administrator"])
        transaction.commit()
        self.http = requests.Session()
        self.addCleanup(self.http.close)

    @property
    def store(self):
        transaction.begin()  # see what the server committed
        return twofactor.get(self.portal.acl_users)

    def tick(self, steps=1):
        CLOCK.now += steps * totp.INTERVAL

    def enrol(self, user_id):
        secret = totp.new_secret()
        self.store.activate(user_id, secret, -1)
        transaction.commit()
        return secret

    def require(self, on=True):
        api.portal.set_registry_record("ptsp_portal.two_factor_required", on)
        transaction.commit()

    def rest_login(self, login, password=PASSWORD, **extra):
        return self.http.post(
            f"{self.base}/@login",
            json={"login": login, "password": password, **extra},
            headers={"Accept": "application/json"},
        )

    def basic(self, login, password=PASSWORD):
        return self.http.get(
            f"{self.base}/@users/{login}", auth=(login, password), headers={"Accept": "application/json"}
        )

    def bearer(self, token):
        session = requests.Session()
        self.addCleanup(session.close)
        session.headers.update({"Accept": "application/json", "Authorization": f"Bearer {token}"})
        return session

    def form_login(self, data, session=None):
        session = session or requests.Session()
        self.addCleanup(session.close)
        response = session.post(f"{self.site_url}/login", data=data)
        return session, response


class TestSettingOff(TwoFactorTestCase):
    def test_nothing_changes_without_enrolment(self):
        self.assertFalse(api.portal.get_registry_record("ptsp_portal.two_factor_required"))
        for user_id in (CITIZEN, OFFICER, EDITOR):
            response = self.rest_login(user_id)
            self.assertEqual(response.status_code, 200, response.text)
            self.assertIn("token", response.json())
            self.assertEqual(self.basic(user_id).status_code, 200)
        session, _response = self.form_login(
            {"__ac_name": OFFICER, "__ac_password": PASSWORD, "buttons.login": "x"}
        )
        self.assertIn("__ac", session.cookies)

    def test_wrong_password_is_still_wrong(self):
        self.enrol(CITIZEN)
        response = self.rest_login(CITIZEN, "salah-sekali")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["type"], "Invalid credentials")


class TestRestLogin(TwoFactorTestCase):
    def test_code_missing_wrong_right_replayed(self):
        secret = self.enrol(CITIZEN)
        response = self.rest_login(CITIZEN)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["type"], "OTPRequired")
        self.assertIn(OTP_REQUIRED, response.json()["error"]["message"])
        self.assertNotIn("token", response.json())

        response = self.rest_login(CITIZEN, otp=wrong(secret))
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["type"], "OTPRequired")
        self.assertIn("salah", response.json()["error"]["message"])

        right = code(secret)
        response = self.rest_login(CITIZEN, otp=right)
        self.assertEqual(response.status_code, 200, response.text)
        token = response.json()["token"]
        self.assertEqual(self.bearer(token).get(f"{self.base}/@users/{CITIZEN}").status_code, 200)

        # the same code again: refused (replay), even within its 30 seconds
        response = self.rest_login(CITIZEN, otp=right)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["type"], "OTPRequired")
        # an earlier code too
        self.assertEqual(self.rest_login(CITIZEN, otp=code(secret, -1)).status_code, 401)
        # the next one is fine, and so is a code after 30 seconds
        self.assertEqual(self.rest_login(CITIZEN, otp=code(secret, 1)).status_code, 200)
        self.tick(2)
        self.assertEqual(self.rest_login(CITIZEN, otp=code(secret)).status_code, 200)
        # a code of long ago is not
        self.assertEqual(self.rest_login(CITIZEN, otp=code(secret, -3)).status_code, 401)

    def test_password_change_checks_the_password_alone(self):
        """Changing one's password (logged in with both factors) checks the old
        password without a code; nobody else gets that shortcut."""
        secret = self.enrol(CITIZEN)
        token = self.rest_login(CITIZEN, otp=code(secret)).json()["token"]
        response = self.bearer(token).post(
            f"{self.base}/@users/{CITIZEN}/reset-password",
            json={"old_password": PASSWORD, "new_password": "rahasia-baru-123"},
        )
        self.assertIn(response.status_code, (200, 204), response.text)
        self.tick()
        self.assertEqual(self.rest_login(CITIZEN, "rahasia-baru-123", otp=code(secret)).status_code, 200)
        self.assertEqual(self.rest_login(CITIZEN, "rahasia-baru-123").json()["error"]["type"], "OTPRequired")

    def test_the_right_code_with_a_wrong_password_is_refused(self):
        secret = self.enrol(CITIZEN)
        response = self.rest_login(CITIZEN, "salah-sekali", otp=code(secret))
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["type"], "Invalid credentials")

    def test_wrong_codes_count_as_failed_logins(self):
        secret = self.enrol(CITIZEN)
        for _attempt in range(4):
            self.assertEqual(self.rest_login(CITIZEN, otp=wrong(secret)).status_code, 401)
        # a right password without a code neither counts nor clears the failures
        for _attempt in range(3):
            self.assertEqual(self.rest_login(CITIZEN).json()["error"]["type"], "OTPRequired")
        self.assertEqual(self.rest_login(CITIZEN, otp=wrong(secret)).status_code, 401)
        response = self.rest_login(CITIZEN, otp=code(secret))
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["type"], "Login locked")
        loginlock.reset()
        self.assertEqual(self.rest_login(CITIZEN, otp=code(secret)).status_code, 200)


class TestBasicAuth(TwoFactorTestCase):
    def test_basic_refused_for_an_enrolled_user(self):
        secret = self.enrol(CITIZEN)
        response = self.basic(CITIZEN)
        self.assertEqual(response.status_code, 401)
        self.assertIn("HTTP Basic", response.text)
        # a public page with those credentials: 401 too, not the anonymous page
        response = self.http.get(f"{self.site_url}/", auth=(CITIZEN, PASSWORD))
        self.assertEqual(response.status_code, 401)
        # the code in the password does not help
        self.assertEqual(self.basic(CITIZEN, PASSWORD + code(secret)).status_code, 401)
        # someone without a second factor still uses Basic
        self.assertEqual(self.basic(OFFICER).status_code, 200)

    def test_basic_refused_for_required_users_citizens_unaffected(self):
        self.require()
        self.assertEqual(self.basic(OFFICER).status_code, 401)
        self.assertEqual(self.basic(EDITOR).status_code, 401)
        self.assertEqual(self.basic(SITE_ADMIN).status_code, 401)
        self.assertEqual(self.basic(CITIZEN).status_code, 200)
        response = self.rest_login(CITIZEN)
        self.assertEqual(response.status_code, 200, response.text)


class TestRequired(TwoFactorTestCase):
    def test_officer_enrols_at_login(self):
        self.require()
        response = self.rest_login(OFFICER)
        self.assertEqual(response.status_code, 401)
        error = response.json()["error"]
        self.assertEqual(error["type"], "OTPEnrolmentRequired")
        enrolment = error["enrolment"]
        self.assertTrue(enrolment["otpauth_uri"].startswith("otpauth://totp/"))
        self.assertIn("DPMPTSP Kabupaten Contoh", unquote(enrolment["otpauth_uri"]))
        self.assertTrue(enrolment["qr_svg"].startswith("<svg"))
        secret = enrolment["secret"]
        self.assertIsNone(self.store.factor(OFFICER))  # nothing stored before the first code

        # a wrong first code: not enrolled, counted
        response = self.rest_login(OFFICER, otp=wrong(secret), otp_enrolment=enrolment["ticket"])
        self.assertEqual(response.status_code, 401)
        self.assertIsNone(self.store.factor(OFFICER))
        # another user's ticket is worth nothing
        other = self.rest_login(EDITOR).json()["error"]["enrolment"]
        response = self.rest_login(OFFICER, otp=code(other["secret"]), otp_enrolment=other["ticket"])
        self.assertEqual(response.status_code, 401)
        self.assertIsNone(self.store.factor(OFFICER))

        response = self.rest_login(OFFICER, otp=code(secret), otp_enrolment=enrolment["ticket"])
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("token", response.json())
        self.assertEqual(self.store.factor(OFFICER).secret, secret)
        # from now on the code is asked for
        self.assertEqual(self.rest_login(OFFICER).json()["error"]["type"], "OTPRequired")
        self.assertEqual(self.rest_login(OFFICER, otp=code(secret, 1)).status_code, 200)

    def test_required_user_cannot_switch_it_off(self):
        secret = self.enrol(OFFICER)
        self.require()
        token = self.rest_login(OFFICER, otp=code(secret)).json()["token"]
        session = self.bearer(token)
        status = session.get(f"{self.base}/@2fa").json()
        self.assertEqual((status["enrolled"], status["required"]), (True, True))
        response = session.delete(f"{self.base}/@2fa", json={"otp": code(secret, 1)})
        self.assertEqual(response.status_code, 403)
        self.assertIsNotNone(self.store.factor(OFFICER))


class TestRestEnrolment(TwoFactorTestCase):
    def test_citizen_enrols_and_switches_off(self):
        citizen = self.session(CITIZEN)  # HTTP Basic, before enrolment
        status = citizen.get("@2fa").json()
        self.assertEqual((status["enrolled"], status["required"]), (False, False))
        enrolment = citizen.post("@2fa", json={}).json()
        self.assertTrue(enrolment["otpauth_uri"].startswith("otpauth://totp/"))
        self.assertIn(f"secret={enrolment['secret']}", enrolment["otpauth_uri"])
        self.assertIn("issuer=DPMPTSP", enrolment["otpauth_uri"])
        self.assertTrue(enrolment["qr_svg"].startswith("<svg"))
        secret = enrolment["secret"]

        response = citizen.post("@2fa", json={"ticket": enrolment["ticket"], "otp": wrong(secret)})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["type"], "OTPInvalid")
        self.assertIsNone(self.store.factor(CITIZEN))
        # a login ticket is not an enrolment for a logged-in user, nor a tampered one
        response = citizen.post("@2fa", json={"ticket": enrolment["ticket"] + "0", "otp": code(secret)})
        self.assertEqual(response.status_code, 400)

        response = citizen.post("@2fa", json={"ticket": enrolment["ticket"], "otp": code(secret)})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json(), {"enrolled": True})
        self.assertEqual(self.store.factor(CITIZEN).secret, secret)
        # Basic no longer works for this citizen; a token made with the code does
        self.assertEqual(citizen.get("@2fa").status_code, 401)
        self.tick()
        token = self.rest_login(CITIZEN, otp=code(secret)).json()["token"]
        session = self.bearer(token)
        self.assertTrue(session.get(f"{self.base}/@2fa").json()["enrolled"])
        # a second enrolment over an active one is refused
        self.assertEqual(session.post(f"{self.base}/@2fa", json={}).status_code, 409)
        # switching off needs a valid code, not the one just used
        self.assertEqual(session.delete(f"{self.base}/@2fa", json={"otp": wrong(secret)}).status_code, 400)
        self.assertEqual(session.delete(f"{self.base}/@2fa", json={"otp": code(secret)}).status_code, 400)
        self.assertIsNotNone(self.store.factor(CITIZEN))
        self.tick()
        response = session.delete(f"{self.base}/@2fa", json={"otp": code(secret)})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertIsNone(self.store.factor(CITIZEN))
        self.assertEqual(self.rest_login(CITIZEN).status_code, 200)
        self.assertEqual(self.basic(CITIZEN).status_code, 200)

    def test_anonymous_has_no_second_factor(self):
        response = requests.get(f"{self.base}/@2fa", headers={"Accept": "application/json"})
        self.assertIn(response.status_code, (401, 403))
        response = requests.post(f"{self.base}/@2fa", json={}, headers={"Accept": "application/json"})
        self.assertIn(response.status_code, (401, 403))


class TestReset(TwoFactorTestCase):
    def test_manager_resets(self):
        self.enrol(CITIZEN)
        manager = self.session(SITE_OWNER_NAME)
        response = manager.delete(f"@2fa/{CITIZEN}")
        self.assertEqual(response.status_code, 204, response.text)
        self.assertIsNone(self.store.factor(CITIZEN))
        self.assertEqual(self.rest_login(CITIZEN).status_code, 200)
        self.assertEqual(manager.delete(f"@2fa/{CITIZEN}").status_code, 404)

    def test_others_may_not_reset(self):
        secret = self.enrol(CITIZEN)
        for user_id in (SITE_ADMIN, OFFICER, EDITOR):
            response = self.session(user_id).delete(f"@2fa/{CITIZEN}")
            self.assertEqual(response.status_code, 403, user_id)
        self.assertEqual(self.store.factor(CITIZEN).secret, secret)
        # nor the user themself without the Manager's permission
        token = self.rest_login(CITIZEN, otp=code(secret)).json()["token"]
        self.assertEqual(self.bearer(token).delete(f"{self.base}/@2fa/{CITIZEN}").status_code, 403)
        anonymous = requests.delete(f"{self.base}/@2fa/{CITIZEN}", headers={"Accept": "application/json"})
        self.assertIn(anonymous.status_code, (401, 403))
        self.assertIsNotNone(self.store.factor(CITIZEN))

    def test_reset_page(self):
        self.enrol(OFFICER)
        page = self.session(SITE_ADMIN, api=False).get("@@ptsp-2fa-reset", allow_redirects=False)
        self.assertIn(page.status_code, (302, 401, 403))
        self.assertNotIn(OFFICER, page.text)
        manager = self.session(SITE_OWNER_NAME, api=False)
        page = manager.get("@@ptsp-2fa-reset")
        self.assertEqual(page.status_code, 200)
        self.assertIn(OFFICER, page.text)
        response = manager.post("@@ptsp-2fa-reset", data={"user_id": OFFICER})  # no token
        self.assertEqual(response.status_code, 403)
        self.assertIsNotNone(self.store.factor(OFFICER))
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        response = manager.post("@@ptsp-2fa-reset", data={"user_id": OFFICER, "_authenticator": token})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(self.store.factor(OFFICER))


class TestNoSecretInRest(TwoFactorTestCase):
    def test_secret_never_answered(self):
        secret = self.enrol(CITIZEN)
        manager = self.session(SITE_OWNER_NAME)
        answers = [
            manager.get(f"@users/{CITIZEN}"),
            manager.get("@users"),
            manager.get("@controlpanels/ptsp-settings"),
            manager.get(f"{self.base}/acl_users/{twofactor.PLUGIN_ID}"),
        ]
        token = self.rest_login(CITIZEN, otp=code(secret)).json()["token"]
        own = self.bearer(token)
        answers += [own.get(f"{self.base}/@users/{CITIZEN}"), own.get(f"{self.base}/@2fa")]
        for response in answers:
            self.assertNotIn(secret, response.text, response.url)
        self.assertEqual(answers[0].status_code, 200)
        self.assertEqual(answers[-1].status_code, 200)


class TestLoginForm(TwoFactorTestCase):
    def test_second_step_asks_for_the_code(self):
        secret = self.enrol(CITIZEN)
        session, page = self.form_login(
            {"__ac_name": CITIZEN, "__ac_password": PASSWORD, "buttons.login": "x"}
        )
        self.assertNotIn("__ac", session.cookies)
        self.assertIn('name="__ac_otp"', page.text)
        self.assertNotIn(PASSWORD, page.text)  # the password is not written into the page
        ticket = html.unescape(TICKET.search(page.text).group(1))

        step = {"__ac_name": CITIZEN, "__ptsp_2fa_ticket": ticket, "ptsp_2fa_submit": "1"}
        session, page = self.form_login({**step, "__ac_otp": wrong(secret)}, session)
        self.assertNotIn("__ac", session.cookies)
        self.assertIn("salah", page.text)
        self.assertIn('name="__ac_otp"', page.text)

        # a tampered ticket is worth nothing, whatever the code
        session, page = self.form_login(
            {**step, "__ptsp_2fa_ticket": tampered(ticket), "__ac_otp": code(secret)}
        )
        self.assertNotIn("__ac", session.cookies)
        # another login with this ticket neither
        session, page = self.form_login({**step, "__ac_name": OFFICER, "__ac_otp": code(secret)})
        self.assertNotIn("__ac", session.cookies)

        session, page = self.form_login({**step, "__ac_otp": code(secret)}, session)
        self.assertIn("__ac", session.cookies)
        self.assertEqual(page.status_code, 200)
        response = session.get(f"{self.site_url}/@@ptsp-2fa")
        self.assertEqual(response.status_code, 200)
        self.assertIn("aktif sejak", response.text)

    def test_second_step_expires(self):
        secret = self.enrol(CITIZEN)
        session, page = self.form_login(
            {"__ac_name": CITIZEN, "__ac_password": PASSWORD, "buttons.login": "x"}
        )
        ticket = html.unescape(TICKET.search(page.text).group(1))
        CLOCK.now += tickets.LIFETIME + 1
        data = {
            "__ac_name": CITIZEN,
            "__ptsp_2fa_ticket": ticket,
            "__ac_otp": code(secret),
            "ptsp_2fa_submit": "1",
        }
        session, page = self.form_login(data, session)
        self.assertNotIn("__ac", session.cookies)
        self.assertIn("Masuk lagi dengan kata sandi", page.text)
        self.assertIn('name="__ac_password"', page.text)  # back to the first step

    def test_code_in_the_first_form(self):
        secret = self.enrol(CITIZEN)
        data = {
            "__ac_name": CITIZEN,
            "__ac_password": PASSWORD,
            "__ac_otp": code(secret),
            "buttons.login": "x",
        }
        session, _page = self.form_login(data)
        self.assertIn("__ac", session.cookies)
        # replayed: the second step is asked for instead
        session, page = self.form_login(data)
        self.assertNotIn("__ac", session.cookies)
        self.assertIn('name="__ac_otp"', page.text)

    def test_required_officer_enrols_on_the_login_form(self):
        self.require()
        session, page = self.form_login(
            {"__ac_name": OFFICER, "__ac_password": PASSWORD, "buttons.login": "x"}
        )
        self.assertNotIn("__ac", session.cookies)
        self.assertIn("<svg", page.text)
        secret = SECRET.search(page.text).group(1).replace(" ", "")
        ticket = html.unescape(TICKET.search(page.text).group(1))
        self.assertIsNone(self.store.factor(OFFICER))
        step = {"__ac_name": OFFICER, "__ptsp_2fa_ticket": ticket, "ptsp_2fa_submit": "1"}
        session, page = self.form_login({**step, "__ac_otp": wrong(secret)}, session)
        self.assertNotIn("__ac", session.cookies)
        self.assertEqual(
            SECRET.search(page.text).group(1).replace(" ", ""), secret
        )  # the same secret shown again
        session, page = self.form_login({**step, "__ac_otp": code(secret)}, session)
        self.assertIn("__ac", session.cookies)
        self.assertEqual(self.store.factor(OFFICER).secret, secret)


class TestPasswordReset(TwoFactorTestCase):
    def reset_by_mail_link(self, user_id):
        """The password reset link a user gets by mail, followed to its end
        (the site logs people in after a reset: plone.autologin_after_password_reset)."""
        reset = api.portal.get_tool("portal_password_reset").requestReset(user_id)
        transaction.commit()
        session = requests.Session()
        self.addCleanup(session.close)
        new = "rahasia-baru-456"
        session.post(
            f"{self.site_url}/passwordreset/{reset['randomstring']}",
            data={"userid": user_id, "password": new, "password2": new, "form.submitted": "1"},
        )
        return session

    def logged_in(self, session):
        return session.get(f"{self.site_url}/@@ptsp-2fa", allow_redirects=False).status_code == 200

    def test_reset_link_does_not_skip_the_code(self):
        self.assertTrue(api.portal.get_registry_record("plone.autologin_after_password_reset"))
        self.assertTrue(self.logged_in(self.reset_by_mail_link(OFFICER)))  # without a second factor
        self.enrol(CITIZEN)
        session = self.reset_by_mail_link(CITIZEN)
        self.assertFalse(self.logged_in(session))
        # the new password is set, and asks for the code
        self.assertEqual(self.rest_login(CITIZEN, "rahasia-baru-456").json()["error"]["type"], "OTPRequired")


class TestEnrolmentPage(TwoFactorTestCase):
    def test_enrol_on_the_page(self):
        page_session = self.session(CITIZEN, api=False)
        page = page_session.get("@@ptsp-2fa")
        self.assertEqual(page.status_code, 200)
        self.assertIn("<svg", page.text)
        secret = SECRET.search(page.text).group(1).replace(" ", "")
        ticket = html.unescape(TICKET.search(page.text).group(1))
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        data = {"action": "confirm", "__ptsp_2fa_ticket": ticket, "_authenticator": token}
        response = page_session.post("@@ptsp-2fa", data={**data, "__ac_otp": wrong(secret)})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(self.store.factor(CITIZEN))
        response = page_session.post(
            "@@ptsp-2fa", data={**data, "__ac_otp": code(secret)}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.store.factor(CITIZEN).secret, secret)
        # this session logged in with HTTP Basic, which the citizen can no longer use
        self.assertEqual(page_session.get("@@ptsp-2fa").status_code, 401)
        # and its secret is not shown again
        session, page = self.form_login(
            {"__ac_name": CITIZEN, "__ac_password": PASSWORD, "buttons.login": "x"}
        )
        self.assertNotIn(secret, page.text)
        self.assertIn('name="__ac_otp"', page.text)

    def test_anonymous_is_sent_to_login(self):
        response = requests.get(f"{self.site_url}/@@ptsp-2fa", allow_redirects=False)
        self.assertIn(response.status_code, (302, 401, 403))
