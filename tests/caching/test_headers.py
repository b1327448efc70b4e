"""Cache-Control by allow-list (security/caching.py): public pages may be
kept by a shared cache, anything personal answers ``private, no-store``."""

from tests.base import DemoSiteHttpTestCase

import requests

PRIVATE = "private, no-store"


class TestCacheHeaders(DemoSiteHttpTestCase):
    USERS = {"warga-cache": ()}

    def get(self, path, user_id=None, **kwargs):
        session = self.session(user_id, api=False)
        response = session.get(path, allow_redirects=False, **kwargs)
        return response

    def assertPrivate(self, response):
        self.assertEqual(response.headers.get("Cache-Control"), PRIVATE, response.url)
        self.assertNotIn("s-maxage", response.headers.get("Cache-Control", ""))

    def assertPublic(self, response):
        self.assertEqual(response.status_code, 200, response.url)
        control = response.headers.get("Cache-Control", "")
        self.assertIn("public", control, response.url)
        self.assertIn("s-maxage=", control)
        self.assertIn("Accept", response.headers.get("Vary", ""))

    def test_anonymous_public_pages_may_be_shared(self):
        self.assertPublic(self.get(""))
        self.assertPublic(self.get("layanan"))

    def test_the_same_page_logged_in_is_private(self):
        response = self.get("layanan", user_id="warga-cache")
        self.assertEqual(response.status_code, 200)
        self.assertPrivate(response)

    def test_login_cookie_makes_it_private(self):
        response = requests.get(f"{self.site_url}/layanan", cookies={"__ac": "forged"}, allow_redirects=False)
        self.assertPrivate(response)
        response = requests.get(
            f"{self.site_url}/layanan", cookies={"auth_token": "x"}, allow_redirects=False
        )
        self.assertPrivate(response)

    def test_personal_pages_are_private(self):
        for path in ("@@lacak", "@@verifikasi", "@@permohonan-saya", "permohonan", "@@ajukan"):
            with self.subTest(path=path):
                self.assertPrivate(self.get(path))
        for path in ("@@permohonan-saya", "permohonan"):
            with self.subTest(path=path, user="warga-cache"):
                self.assertPrivate(self.get(path, user_id="warga-cache"))

    def test_answers_to_a_query_are_private(self):
        self.assertPrivate(self.get("@@lacak", params={"nomor": "PTSP-1999-000001"}))
        self.assertPrivate(self.get("layanan", params={"x": "1"}))

    def test_rest_answers_are_private(self):
        for path in ("", "@track?nomor=PTSP-1999-000001", "@my-applications", "@queue"):
            with self.subTest(path=path):
                response = self.session().get(path)
                self.assertPrivate(response)
        response = self.session(api=False).get("layanan", headers={"Accept": "application/json"})
        self.assertEqual(response.headers["Content-Type"].split(";")[0], "application/json")
        self.assertPrivate(response)

    def test_errors_are_private(self):
        response = self.get("no-such-page")
        self.assertEqual(response.status_code, 404)
        self.assertPrivate(response)

    def test_post_is_private(self):
        response = self.session(api=False).post("@@lacak", data={"nomor": "PTSP-1999-000001"})
        self.assertPrivate(response)
