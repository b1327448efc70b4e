"""Benchmark: the page weight of the permit form on a phone, against
vanilla Plone's login page (issue 16 §5: at most 1.2x).

Run it from the repository root (one process; not part of the tests):

    .venv/bin/python bench/page_weight.py              # 5 rounds
    .venv/bin/python bench/page_weight.py --rounds 9 --json weight.json

One process, one Zope: the layer ``DISTRIBUTION_SERVER_TESTING`` of
``ptsp_portal.testing`` (the demo site ``ptsp`` made by the ``ptsp``
distribution, on a DemoStorage, served over HTTP by plone.testing's WSGI
server in a thread; ``instance/`` is not touched) and, in the same Zope
application, a second site ``vanilla`` made by plone.classicui's own
``classic`` distribution (a plain Plone Classic UI site, no example
content): our add-on is not installed there, so none of its browser layer,
resources, viewlets or templates applies; only its few global (layer-less)
registrations are loaded in the process, as for any add-on in a shared
Zope.  Both sites are served by the same server, so the same machine, the
same Python, the same Plone and the same WSGI stack weigh on both: only
what the pages load differs.

Pages are loaded at ``http://localhost:<port>`` (Plone themes ``localhost``,
not ``127.0.0.1``) in Debian's chromium (Playwright, ``executable_path``
``/usr/bin/chromium``) at 390x844, phone emulation, each load in a fresh
browser context with the HTTP cache off (cold cache):

- the permit form (``/ptsp/layanan/surat-izin-praktik-dokter/formulir``) as
  a logged-in citizen (logged in once in another context; its cookie is
  handed to each fresh context);
- vanilla Plone's login page (``/vanilla/login``), anonymous.

Per page, from the Chrome DevTools protocol (``Network.responseReceived`` /
``Network.loadingFinished``: ``encodedDataLength``, the bytes on the wire,
headers included), by resource type: HTML, CSS, JS, other (fonts, images,
icons), the number of requests, and the gzip-compressed size of the same
bodies (what a compressing front such as the cluster's Varnish/HAProxy or
nginx would send; the test server sends them uncompressed), and
``first-contentful-paint`` (Paint Timing) as medians over ``--rounds``
(after one load of each page that is not counted: the server's first
request compiles its templates, a cost of a restart, not of the page).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
sys.path.insert(0, ROOT)

import argparse  # noqa: E402
import base64  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import statistics  # noqa: E402

PERMIT_TYPE = "surat-izin-praktik-dokter"
VANILLA_ID = "vanilla"
CITIZEN = "warga-bobot"
PASSWORD = "Sandi-Bobot-2026"
PHONE = {"width": 390, "height": 844}
TARGET = 1.2
KINDS = ("html", "css", "js", "other")


def kind_of(resource_type):
    return {"Document": "html", "Stylesheet": "css", "Script": "js"}.get(resource_type, "other")


def set_up():
    """The layers set up by hand, the citizen and the vanilla site made;
    returns (layers, base URL)."""
    from bench._layers import layer_order
    from plone import api
    from plone.app.testing import SITE_OWNER_NAME
    from plone.distribution.api import site as site_api
    from plone.testing.zope import login
    from plone.testing.zope import logout
    from ptsp_portal.testing import DISTRIBUTION_SERVER_TESTING
    from ptsp_portal.testing import SITE_ID
    from zope.component.hooks import setSite

    import transaction

    layers = layer_order(DISTRIBUTION_SERVER_TESTING)
    for layer in layers:
        layer.setUp()
    for layer in layers:
        layer.testSetUp()
    layer = DISTRIBUTION_SERVER_TESTING
    app = layer["app"]
    login(app["acl_users"], SITE_OWNER_NAME)
    try:
        site_api.create(
            app,
            "classic",
            {
                "site_id": VANILLA_ID,
                "title": "Plone",
                "description": "",
                "default_language": "id",
                "portal_timezone": "Asia/Jakarta",
                "setup_content": False,
            },
        )
        setSite(app[SITE_ID])
        api.user.create(
            email="warga.bobot@example.org",
            username=CITIZEN,
            password=PASSWORD,
            properties={
                "fullname": "Bima Bobot",
                "nik": "3201014506900079",
                "phone": "0812 9999 0000",
                "address": "Jl. Anggrek No. 5, Desa Contoh",
            },
        )
        transaction.commit()
    finally:
        logout()
    base = f"http://localhost:{layer['port']}"
    return layers, base


def tear_down(layers):
    for layer in reversed(layers):
        layer.testTearDown()
    for layer in reversed(layers):
        layer.tearDown()


def new_context(browser, **options):
    return browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, **options)


def citizen_state(browser, base):
    """The cookies of a logged-in citizen (logged in in a throwaway context)."""
    from ptsp_portal.testing import SITE_ID

    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{base}/{SITE_ID}/login")
    page.locator("#__ac_name").fill(CITIZEN)
    page.locator("#__ac_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("[name='buttons.login']").click()
    state = context.storage_state()
    context.close()
    return state


def measure(browser, url, state=None):
    """One cold load of ``url``: bytes by kind, requests, gzip sizes, FCP."""
    context = new_context(browser, storage_state=state)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses, finished = {}, {}
    cdp.on(
        "Network.responseReceived",
        lambda e: responses.__setitem__(
            e["requestId"], (e["type"], e["response"]["url"], e["response"]["status"])
        ),
    )
    cdp.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    fcp = page.evaluate(
        "(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: null}).startTime"
    )
    wire = dict.fromkeys(KINDS, 0)
    zipped = dict.fromkeys(KINDS, 0)
    urls = []
    for request_id, (resource_type, resource_url, status) in responses.items():
        kind = kind_of(resource_type)
        wire[kind] += finished.get(request_id, 0)
        try:
            body = cdp.send("Network.getResponseBody", {"requestId": request_id})
            data = base64.b64decode(body["body"]) if body["base64Encoded"] else body["body"].encode()
        except Exception:  # a redirect or a response without a body
            data = b""
        zipped[kind] += len(gzip.compress(data, 6)) if data else 0
        urls.append((kind, status, finished.get(request_id, 0), resource_url))
    final_url = page.url
    context.close()
    return {
        "url": final_url,
        "requests": len(responses),
        "wire": wire,
        "gzip": zipped,
        "fcp_ms": fcp,
        "resources": sorted(urls),
    }


def summarise(runs):
    first = runs[0]
    return {
        "url": first["url"],
        "requests": first["requests"],
        "wire_kb": {k: round(first["wire"][k] / 1024, 1) for k in KINDS},
        "wire_total_kb": round(sum(first["wire"].values()) / 1024, 1),
        "gzip_kb": {k: round(first["gzip"][k] / 1024, 1) for k in KINDS},
        "gzip_total_kb": round(sum(first["gzip"].values()) / 1024, 1),
        "fcp_ms_median": round(statistics.median(r["fcp_ms"] for r in runs if r["fcp_ms"] is not None), 1),
        "fcp_ms_min": round(min(r["fcp_ms"] for r in runs if r["fcp_ms"] is not None), 1),
        "resources": first["resources"],
    }


def table(form, login):
    rows = [("", "permit form (citizen)", "vanilla login", "ratio")]

    def add(name, a, b):
        rows.append((name, f"{a}", f"{b}", f"{a / b:.2f}x" if b else "-"))

    for kind in KINDS:
        add(f"{kind.upper()} KB on the wire", form["wire_kb"][kind], login["wire_kb"][kind])
    add("total KB on the wire", form["wire_total_kb"], login["wire_total_kb"])
    add(
        "HTML+CSS+JS KB on the wire",
        *(round(sum(s["wire_kb"][k] for k in KINDS[:3]), 1) for s in (form, login)),
    )
    add("HTML+CSS+JS KB gzip", *(round(sum(s["gzip_kb"][k] for k in KINDS[:3]), 1) for s in (form, login)))
    add("requests", form["requests"], login["requests"])
    add("first-contentful-paint ms (median)", form["fcp_ms_median"], login["fcp_ms_median"])
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="cold loads of each page (FCP median)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--resources", action="store_true", help="list every resource loaded")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    os.environ.setdefault("PTSP_CHROMIUM", "/usr/bin/chromium")

    from playwright.sync_api import sync_playwright
    from ptsp_portal.testing import CHROMIUM
    from ptsp_portal.testing import CHROMIUM_ARGS
    from ptsp_portal.testing import SITE_ID

    layers, base = set_up()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            state = citizen_state(browser, base)
            form_url = f"{base}/{SITE_ID}/layanan/{PERMIT_TYPE}/formulir"
            login_url = f"{base}/{VANILLA_ID}/login"
            # one load of each, not counted: the server compiles its
            # templates and fills its caches on a first request
            measure(browser, form_url, state)
            measure(browser, login_url)
            form_runs, login_runs = [], []
            for _ in range(args.rounds):  # alternate, so that load weighs on both alike
                form_runs.append(measure(browser, form_url, state))
                login_runs.append(measure(browser, login_url))
            browser.close()
    finally:
        tear_down(layers)
    form, login = summarise(form_runs), summarise(login_runs)
    if not form["url"].startswith(form_url):
        print(f"the permit form was not shown: ended at {form['url']}", file=sys.stderr)
        return 1
    print(table(form, login))
    ratio = sum(form["wire_kb"][k] for k in KINDS[:3]) / sum(login["wire_kb"][k] for k in KINDS[:3])
    print(f"\nHTML+CSS+JS on the wire: {ratio:.2f}x vanilla's login page (target <= {TARGET}x)")
    if args.resources:
        for name, summary in (("permit form", form), ("vanilla login", login)):
            print(f"\n{name}:")
            for kind, status, size, url in summary["resources"]:
                print(f"  {kind:5} {status} {size / 1024:8.1f} KB  {url}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"permit_form": form, "vanilla_login": login, "ratio": ratio}, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
