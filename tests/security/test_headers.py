"""Security headers on every kind of response, HSTS and the Secure login
cookie only over HTTPS."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.namedfile.file import NamedBlobFile
from Products.SiteAccess.VirtualHostMonster import manage_addVirtualHostMonster
from tests.base import DemoSiteHttpTestCase
from tests.base import PASSWORD
from unittest import mock
from ZPublisher import HTTPRequest

import requests
import transaction

DIRECTIVES = ("default-src 'self'", "object-src 'none'", "frame-ancestors 'self'", "base-uri 'self'")
EXPECTED = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy")


class TestSecurityHeaders(DemoSiteHttpTestCase):
    USERS = {"warga-a": ()}

    def assertHeaders(self, response):
        for name in EXPECTED:
            self.assertIn(name, response.headers, f"{name} missing on {response.url}")
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        csp = response.headers["Content-Security-Policy"]
        for directive in DIRECTIVES:
            self.assertIn(directive, csp)
        self.assertIn("camera=()", response.headers["Permissions-Policy"])
        # served over plain HTTP: no HSTS (a browser would ignore it anyway)
        self.assertNotIn("Strict-Transport-Security", response.headers)

    def test_page(self):
        response = requests.get(self.site_url)
        self.assertEqual(response.status_code, 200)
        self.assertHeaders(response)

    def test_rest(self):
        response = self.session().get("")
        self.assertEqual(response.status_code, 200)
        self.assertHeaders(response)

    def test_file_download(self):
        with api.env.adopt_roles(["Manager"]):
            obj = api.content.create(
                container=self.portal,
                type="File",
                id="lampiran",
                file=NamedBlobFile(b"<script>alert(1)</script>", filename="x.html", contentType="text/html"),
            )
        transaction.commit()
        response = self.session(SITE_OWNER_NAME, api=False).get(f"{obj.absolute_url()}/@@download/file")
        self.assertEqual(response.status_code, 200)
        self.assertHeaders(response)

    def test_not_found(self):
        response = requests.get(f"{self.site_url}/tidak-ada-halaman-ini")
        self.assertEqual(response.status_code, 404)
        self.assertHeaders(response)
        response = self.session().get("tidak-ada-halaman-ini")
        self.assertEqual(response.status_code, 404)
        self.assertHeaders(response)

    def https_url(self):
        """The site behind a TLS proxy rewriting with the VirtualHostMonster."""
        app = self.layer["app"]
        if "virtual_hosting" not in app.objectIds():
            manage_addVirtualHostMonster(app, "virtual_hosting")
            transaction.commit()
        return f"{app.absolute_url()}/VirtualHostBase/https/ptsp.example.go.id:443/ptsp/VirtualHostRoot"

    def test_hsts_over_https(self):
        response = requests.get(self.https_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Strict-Transport-Security"], "max-age=31536000")
        self.assertIn("Content-Security-Policy", response.headers)

    def test_hsts_from_a_trusted_proxy_only(self):
        forwarded = {"X-Forwarded-Proto": "https"}
        response = requests.get(self.site_url, headers=forwarded)
        self.assertNotIn("Strict-Transport-Security", response.headers)
        with mock.patch.object(HTTPRequest, "trusted_proxies", ("127.0.0.1", "::1")):
            response = requests.get(self.site_url, headers=forwarded)
        self.assertEqual(response.headers["Strict-Transport-Security"], "max-age=31536000")

    def login(self, url):
        return requests.post(
            f"{url}/login",
            data={"__ac_name": "warga-a", "__ac_password": PASSWORD, "buttons.login": "Masuk"},
            allow_redirects=False,
        )

    def login_cookie(self, response):
        cookies = [c for c in response.raw.headers.getlist("Set-Cookie") if c.startswith("__ac=")]
        self.assertEqual(len(cookies), 1, response.raw.headers.getlist("Set-Cookie"))
        return [part.strip().lower() for part in cookies[0].split(";")]

    def test_login_cookie_secure_over_https(self):
        self.assertIn("secure", self.login_cookie(self.login(self.https_url())))

    def test_login_cookie_over_http(self):
        attributes = self.login_cookie(self.login(self.site_url))
        self.assertIn("httponly", attributes)
        self.assertNotIn("secure", attributes)

    def language_cookie(self, url):
        response = self.session(api=False).get(f"{url}/layanan?set_language=en", allow_redirects=False)
        cookies = [c for c in response.raw.headers.getlist("Set-Cookie") if c.startswith("I18N_LANGUAGE=")]
        self.assertEqual(len(cookies), 1, response.raw.headers.getlist("Set-Cookie"))
        return [part.strip().lower() for part in cookies[0].split(";")]

    def test_language_cookie_http_only(self):
        attributes = self.language_cookie(self.site_url)
        self.assertIn("httponly", attributes)
        self.assertNotIn("secure", attributes)

    def test_language_cookie_secure_over_https(self):
        self.assertIn("secure", self.language_cookie(self.https_url()))
