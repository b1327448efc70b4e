"""Benchmark: the uncached render of a permit type page and of its REST GET.

What a cache miss costs the instance behind the cache (issue 14 §4: "the
first uncached render no slower than today's").  Run it from the repository
root (one process plus the fresh processes it starts; not part of the tests):

    .venv/bin/python bench/permit_render.py                    # 4 fresh processes, 31 rounds
    .venv/bin/python bench/permit_render.py --fresh 0 --repeat 51

It uses only the standard library and ``ptsp_portal.testing`` (its layer
``DISTRIBUTION_SERVER_TESTING``: the site ``ptsp`` made by the ``ptsp``
distribution with its demo content, as ``make start`` makes it, on a
DemoStorage, served over HTTP by plone.testing's WSGI server in a thread;
``instance/`` is not touched), so the same file runs on older commits of the
product (copy it there) and the figures can be put side by side.

As anonymous, over HTTP (``http.client``, a new connection per request, no
cache in front), it GETs the first published permit type (by id) twice:
``Accept: text/html`` (the page) and ``Accept: application/json`` (the
plone.rest content negotiation of the same URL, i.e. its REST GET), and
times from sending the request to the last byte of the answer:

- **first in a fresh process**: ``--fresh`` child processes each set the
  layer up and time their very first request (templates, vocabularies,
  translations and the object cache all cold), alternating which of the two
  goes first; the other one is timed second ("first of its kind").  Most
  of a first page is Chameleon compiling about 40 templates (~1.3 s of
  CPU); a rendered instance keeps them compiled on disk
  (``CHAMELEON_CACHE``), so ``--fresh`` more children run with a warm
  ``CHAMELEON_CACHE`` ("templates compiled on disk": a restarted instance);
- **cold object cache**: in this process, after the first requests, the
  ZODB caches of every connection emptied (``DB.cacheMinimize``) before each
  request (code warm, objects read again from storage);
- **warm**: the same request again and again (what a busy instance does for
  each cache miss).

It prints medians (and minimums) per item of the wall time and of the CPU
time this process spent during the request (the server thread's work, plus
a little of the client's: on a busy shared machine the fairer figure), the
HTTP status, the response size and the ``Cache-Control`` header answered;
``--json FILE`` also writes them.  To compare two commits, run it in two
worktrees in turns (old, new, old, new) so that the machine's load weighs
on both alike.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
sys.path.insert(0, ROOT)

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

KINDS = {"page": "text/html", "rest": "application/json"}


def layer_order(layer):
    order = []

    def visit(item):
        for base in item.__bases__:
            visit(base)
        if item not in order:
            order.append(item)

    visit(layer)
    return order


class Server:
    """The distribution's site served over HTTP by the test layers."""

    def __init__(self):
        os.environ.setdefault("zope_i18n_compile_mo_files", "true")
        from ptsp_portal.testing import DISTRIBUTION_SERVER_TESTING
        from ptsp_portal.testing import SITE_ID

        self.layer = DISTRIBUTION_SERVER_TESTING
        self.layers = layer_order(self.layer)
        for layer in self.layers:
            layer.setUp()
        for layer in self.layers:
            layer.testSetUp()
        app = self.layer["app"]
        portal = app[SITE_ID]
        catalog = portal.portal_catalog
        brains = catalog.unrestrictedSearchResults(
            portal_type="PermitType", review_state="published", sort_on="id"
        )
        self.path = "/" + "/".join(brains[0].getPath().split("/")[1:])
        self.host, self.port = self.layer["host"], self.layer["port"]
        self.db = self.layer["zodbDB"]

    def get(self, kind):
        """``(seconds, status, bytes, cache-control, CPU seconds of this
        process)`` of one anonymous GET."""
        started, started_cpu = time.perf_counter(), time.process_time()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        connection.request("GET", self.path, headers={"Accept": KINDS[kind]})
        response = connection.getresponse()
        body = response.read()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        connection.close()
        return elapsed, response.status, len(body), response.getheader("Cache-Control") or "-", cpu

    def close(self):
        for layer in reversed(self.layers):
            layer.testTearDown()
        for layer in reversed(self.layers):
            layer.tearDown()


def child(first):
    """In a fresh process: the first request of the process, then the other."""
    server = Server()
    try:
        other = "rest" if first == "page" else "page"
        result = {"first": first, "path": server.path}
        result[first] = server.get(first)
        result[other] = server.get(other)
    finally:
        server.close()
    print("RESULT " + json.dumps(result), flush=True)


def run_child(first, env):
    output = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child", first],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def fresh_processes(count):
    """Run ``count`` children with no compiled templates on disk, then
    ``count`` with a warm ``CHAMELEON_CACHE`` (as a rendered instance sets
    it: scripts/instance/render.py) primed by one more child;
    ``{"page": {label: [...]}, ...}``."""
    samples = {kind: {} for kind in KINDS}
    with tempfile.TemporaryDirectory(prefix="ptsp-chameleon-") as cache:
        cold = {name: value for name, value in os.environ.items() if name != "CHAMELEON_CACHE"}
        warm = {**cold, "CHAMELEON_CACHE": cache}
        print("  priming CHAMELEON_CACHE ...", flush=True)
        run_child("page", warm)
        for env, suffix in ((cold, ""), (warm, ", templates compiled on disk")):
            for index in range(count):
                first = ("page", "rest")[index % 2]
                print(f"  fresh process {index + 1}/{count} ({first} first{suffix}) ...", flush=True)
                result = run_child(first, env)
                for kind in KINDS:
                    label = "first in process" if kind == result["first"] else "first of its kind"
                    samples[kind].setdefault(label + suffix, []).append(result[kind])
    return samples


def in_process(repeat):
    server = Server()
    samples = {kind: {"cold object cache": [], "warm": []} for kind in KINDS}
    try:
        for kind in KINDS:  # code warm
            server.get(kind)
        for round_ in range(repeat):
            for kind in KINDS if round_ % 2 == 0 else reversed(KINDS):
                server.db.cacheMinimize()
                samples[kind]["cold object cache"].append(server.get(kind))
        for round_ in range(repeat):
            for kind in KINDS if round_ % 2 == 0 else reversed(KINDS):
                samples[kind]["warm"].append(server.get(kind))
        path = server.path
    finally:
        server.close()
    return samples, path


def revision():
    try:
        return subprocess.run(
            ["git", "log", "-1", "--format=%h %cs %s"], capture_output=True, text=True, cwd=ROOT, check=True
        ).stdout.strip()[:100]
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", type=int, default=4, help="fresh processes (first requests), default 4")
    parser.add_argument("--repeat", type=int, default=31, help="rounds in this process (median)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--child", choices=tuple(KINDS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.child:
        child(args.child)
        return
    print(f"Revision: {revision()}", flush=True)
    samples = {kind: {} for kind in KINDS}
    if args.fresh:
        print(f"Fresh processes ({args.fresh}) ...", flush=True)
        for kind, items in fresh_processes(args.fresh).items():
            samples[kind].update(items)
    print(f"In this process ({args.repeat} rounds) ...", flush=True)
    measured, path = in_process(args.repeat)
    for kind, items in measured.items():
        samples[kind].update(items)
    figures = report(samples, path)
    if args.json:
        with open(args.json, "w") as stream:
            json.dump({"revision": revision(), "path": path, "figures": figures}, stream, indent=2)


def report(samples, path):
    print(f"\nGET {path} as anonymous, no cache in front (ms): wall time to the last byte, and")
    print("CPU time of the process (server thread + client) for the request, medians and minimums")
    print(f"{'item':<72}{'wall':>8}{'min':>8}{'CPU':>8}{'min':>8}{'n':>4}  status  bytes  Cache-Control")
    figures = {}
    for kind, items in samples.items():
        for label, values in items.items():
            if not values:
                continue
            times = [v[0] * 1000 for v in values]
            cpus = [v[4] * 1000 for v in values]
            name = f"{kind} ({KINDS[kind]}): {label}"
            figures[name] = {
                "wall_median_ms": statistics.median(times),
                "wall_min_ms": min(times),
                "cpu_median_ms": statistics.median(cpus),
                "cpu_min_ms": min(cpus),
                "n": len(times),
            }
            status, size, cache = values[-1][1:4]
            print(
                f"{name:<72}{statistics.median(times):>8.1f}{min(times):>8.1f}"
                f"{statistics.median(cpus):>8.1f}{min(cpus):>8.1f}{len(times):>4}"
                f"  {status:>6}  {size:>5}  {cache}"
            )
    try:
        load = os.getloadavg()
        print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs")
    except OSError:
        pass
    return figures


if __name__ == "__main__":
    main()
