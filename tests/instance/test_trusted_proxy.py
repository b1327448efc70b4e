"""``trusted_proxy`` in instance.yaml: rendered for Zope (``trusted-proxy``,
read by ``getClientAddr()``) and for waitress (``trusted_proxy``), so that
rate limits see the client behind nginx/HAProxy, and a forged
``X-Forwarded-For`` changes nothing without a trusted proxy."""

from io import BytesIO
from ptsp_portal.security import ratelimit
from tests.instance.test_render import load_zope_conf
from tests.instance.test_render import RenderCase
from unittest import mock
from ZPublisher import HTTPRequest as HTTPRequestModule
from ZPublisher.HTTPRequest import HTTPRequest
from ZPublisher.HTTPResponse import HTTPResponse

import configparser
import unittest

PROXY = "10.0.0.5"
CLIENT = "203.0.113.7"


def make_request(remote_addr, forwarded_for=None):
    environ = {
        "SERVER_NAME": "ptsp.example.go.id",
        "SERVER_PORT": "8080",
        "REQUEST_METHOD": "GET",
        "REMOTE_ADDR": remote_addr,
    }
    if forwarded_for:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return HTTPRequest(BytesIO(), environ, HTTPResponse())


class TestRendered(RenderCase):
    def server(self):
        ini = configparser.RawConfigParser()
        ini.read(self.dir / "instance" / "etc" / "zope.ini")
        return ini["server:main"]

    def test_default_trusts_no_proxy(self):
        self.write_yaml()
        from scripts.instance.render import write_instance

        write_instance(self.dir / "instance.yaml")
        self.assertNotIn("trusted-proxy", self.conf())
        self.assertNotIn("trusted_proxy", self.server())
        config = load_zope_conf(self.dir / "instance" / "etc" / "zope.conf")
        self.assertFalse(config.trusted_proxies)

    def test_one_proxy_for_zope_and_waitress(self):
        from scripts.instance.render import write_instance
        from waitress.adjustments import Adjustments
        from waitress.proxy_headers import proxy_headers_middleware

        write_instance(self.write_yaml(trusted_proxy=PROXY))
        self.assertIn(f"trusted-proxy {PROXY}\n", self.conf())
        config = load_zope_conf(self.dir / "instance" / "etc" / "zope.conf")
        self.assertEqual(list(config.trusted_proxies), [PROXY])
        server = dict(self.server())
        self.assertEqual(server["trusted_proxy"], PROXY)
        # waitress accepts the rendered settings and rewrites the client's address
        server.pop("use")
        adj = Adjustments(**server)
        seen = {}

        def app(environ, start_response):
            seen.update(environ)
            return []

        wrapped = proxy_headers_middleware(
            app,
            trusted_proxy=adj.trusted_proxy,
            trusted_proxy_count=adj.trusted_proxy_count,
            trusted_proxy_headers=adj.trusted_proxy_headers,
            clear_untrusted=adj.clear_untrusted_proxy_headers,
        )
        environ = {
            "REMOTE_ADDR": PROXY,
            "HTTP_X_FORWARDED_FOR": f"1.1.1.1, {CLIENT}",
            "HTTP_X_FORWARDED_PROTO": "https",
            "wsgi.url_scheme": "http",
        }
        wrapped(environ, lambda *a: None)
        self.assertEqual(seen["REMOTE_ADDR"], CLIENT)
        self.assertEqual(seen["wsgi.url_scheme"], "https")
        # from anyone else the forwarded address is not believed
        seen.clear()
        wrapped({"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": "1.1.1.1", "wsgi.url_scheme": "http"}, None)
        self.assertEqual(seen["REMOTE_ADDR"], CLIENT)

    def test_several_proxies_for_zope(self):
        from scripts.instance.render import write_instance

        write_instance(self.write_yaml(trusted_proxy="10.0.0.5, 10.0.0.6,::1"))
        conf = self.conf()
        for address in ("10.0.0.5", "10.0.0.6", "::1"):
            self.assertIn(f"trusted-proxy {address}\n", conf)
        config = load_zope_conf(self.dir / "instance" / "etc" / "zope.conf")
        self.assertEqual(sorted(config.trusted_proxies), sorted(["10.0.0.5", "10.0.0.6", "::1"]))
        # waitress trusts one peer at most: Zope reads X-Forwarded-For
        self.assertNotIn("trusted_proxy", self.server())

    def assertRefused(self, key, **context):
        from scripts.instance.options import InstanceConfigError
        from scripts.instance.render import write_instance

        with self.assertRaises(InstanceConfigError) as raised:
            write_instance(self.write_yaml(**context))
        self.assertEqual(raised.exception.key, key)
        self.assertFalse((self.dir / "instance").exists())

    def test_not_an_address(self):
        self.assertRefused("trusted_proxy", trusted_proxy="nginx.local")
        self.assertRefused("trusted_proxy", trusted_proxy="10.0.0.0/8")
        self.assertRefused("trusted_proxy", trusted_proxy="*")

    def test_several_proxies_need_the_forwarded_header(self):
        self.assertRefused(
            "wsgi_clear_untrusted_proxy_headers",
            trusted_proxy="10.0.0.5,10.0.0.6",
            wsgi_clear_untrusted_proxy_headers=True,
        )


class TestClientAddress(unittest.TestCase):
    def test_forged_forwarded_for_without_trusted_proxy(self):
        with mock.patch.object(HTTPRequestModule, "trusted_proxies", ()):
            request = make_request(CLIENT, forwarded_for="198.51.100.1")
            self.assertEqual(ratelimit.client_address(request), CLIENT)

    def test_forged_forwarded_for_from_an_untrusted_peer(self):
        with mock.patch.object(HTTPRequestModule, "trusted_proxies", (PROXY,)):
            request = make_request(CLIENT, forwarded_for="198.51.100.1")
            self.assertEqual(ratelimit.client_address(request), CLIENT)

    def test_client_behind_trusted_proxy(self):
        with mock.patch.object(HTTPRequestModule, "trusted_proxies", (PROXY,)):
            request = make_request(PROXY, forwarded_for=f"198.51.100.1, {CLIENT}")
            self.assertEqual(request.getClientAddr(), CLIENT)
            self.assertEqual(ratelimit.client_address(request), CLIENT)
            other = make_request(PROXY, forwarded_for="198.51.100.99")
            self.assertNotEqual(ratelimit.client_address(other), ratelimit.client_address(request))
