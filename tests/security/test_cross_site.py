"""A page on another site cannot make the citizen's browser submit or
correct an application: ``@apply`` and ``@revision`` switch plone.protect
off (JSON clients have no form token), so a request authenticated by the
login cookie must be JSON and come from the portal itself."""

from tests.base import PASSWORD
from tests.forms.test_rest import PERMIT
from tests.forms.test_rest import RestTestCase

import json
import requests
import transaction

EVIL = "http://evil.example"


class CrossSiteTestCase(RestTestCase):
    USERS = {"warga-a": (), "warga-contoh": ()}

    def cookie_session(self, user_id):
        """A browser-like session holding the login cookie (no Authorization)."""
        session = requests.Session()
        self.addCleanup(session.close)
        response = session.post(
            f"{self.site_url}/login",
            data={"__ac_name": user_id, "__ac_password": PASSWORD, "buttons.login": "Masuk"},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("__ac", session.cookies)
        return session

    def own_origin(self):
        return self.site_url.split("/", 3)[:3]


class TestApplyCrossSite(CrossSiteTestCase):
    def post(self, session, body, **headers):
        return session.post(
            f"{self.base}/{PERMIT}/@apply",
            data=json.dumps(body),
            headers={"Accept": "application/json", **headers},
        )

    def assertRefused(self, response, before):
        self.assertEqual(response.status_code, 403, response.text)
        error = response.json()["error"]
        self.assertEqual(error["type"], "Forbidden")
        self.assertIn("application/json", error["message"])
        self.assertEqual(len(self.applications()), before)

    def test_text_plain_from_another_site_is_refused(self):
        body = self.payload(self.session("warga-a"))
        before = len(self.applications())
        browser = self.cookie_session("warga-a")
        response = self.post(browser, body, **{"Content-Type": "text/plain", "Origin": EVIL})
        self.assertRefused(response, before)

    def test_form_encoded_without_origin_is_refused(self):
        body = self.payload(self.session("warga-a"))
        before = len(self.applications())
        browser = self.cookie_session("warga-a")
        response = self.post(browser, body, **{"Content-Type": "application/x-www-form-urlencoded"})
        self.assertRefused(response, before)

    def test_json_from_another_site_is_refused(self):
        body = self.payload(self.session("warga-a"))
        before = len(self.applications())
        browser = self.cookie_session("warga-a")
        response = self.post(browser, body, **{"Content-Type": "application/json", "Origin": EVIL})
        self.assertRefused(response, before)
        headers = {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}
        response = self.post(browser, body, **headers)
        self.assertRefused(response, before)

    def test_json_from_the_portal_itself_is_accepted(self):
        body = self.payload(self.session("warga-a"))
        before = len(self.applications())
        browser = self.cookie_session("warga-a")
        origin = "/".join(self.own_origin())
        response = self.post(
            browser,
            body,
            **{"Content-Type": "application/json", "Origin": origin, "Sec-Fetch-Site": "same-origin"},
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(len(self.applications()), before + 1)

    def test_basic_auth_clients_keep_working(self):
        session = self.session("warga-a")
        before = len(self.applications())
        response = session.post(f"{PERMIT}/@apply", json=self.payload(session), headers={"Origin": EVIL})
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(len(self.applications()), before + 1)


class TestRevisionCrossSite(CrossSiteTestCase):
    def setUp(self):
        super().setUp()
        [brain] = self.portal.portal_catalog.unrestrictedSearchResults(
            portal_type="PermitApplication", review_state="revision"
        )
        self.app = brain._unrestrictedGetObject()
        self.url = f"{self.base}/permohonan/{self.app.getId()}/@revision"
        self.phone = self.app.applicant_phone

    def refreshed(self):
        transaction.begin()
        self.app._p_jar.sync()
        return self.app

    def test_text_plain_from_another_site_is_refused(self):
        browser = self.cookie_session("warga-contoh")
        body = {"answers": {"applicant_phone": "0813-9999-0000"}, "resubmit": True}
        response = browser.post(
            self.url,
            data=json.dumps(body),
            headers={"Accept": "application/json", "Content-Type": "text/plain", "Origin": EVIL},
        )
        self.assertEqual(response.status_code, 403, response.text)
        app = self.refreshed()
        self.assertEqual(app.applicant_phone, self.phone)
        self.assertEqual(self.portal.portal_workflow.getInfoFor(app, "review_state"), "revision")

    def test_json_from_the_portal_itself_is_accepted(self):
        browser = self.cookie_session("warga-contoh")
        body = {"answers": {"applicant_phone": "0813-9999-0000"}}
        response = browser.post(
            self.url,
            json=body,
            headers={"Accept": "application/json", "Origin": "/".join(self.own_origin())},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.refreshed().applicant_phone, "+6281399990000")
