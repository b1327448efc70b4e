"""Fault drills of the cluster (issue 14): what a citizen sees when a piece
of ``make cluster`` fails under load, and whether anything acknowledged is
lost.  One command, not part of the tests (minutes; loopback only):

    .venv/bin/python -m bench.cluster_faults            # all three drills
    .venv/bin/python -m bench.cluster_faults --keep     # keep the temporary cluster

(``python bench/cluster_faults.py`` does not work: ``bench/queue.py`` would
shadow the standard library's ``queue``.)

It starts a cluster of its own with ``scripts.cluster`` as a library, from a
``cluster.yaml`` and an ``instance.yaml`` written to a temporary directory
(free ports, its own PostgreSQL), with bench/apply.py's citizens and
published permit type ``bench-izin``, then:

a. **kill -9 of one instance** under ``@apply`` load through the front from
   4 threads: 5xx answers are allowed only for requests in flight at the
   kill (started before it, answered after); every 201's application is
   read back as admin with both its documents, byte for byte.  The instance
   is started again afterwards.
b. **PostgreSQL restarted** (``pg_ctl restart -m fast``) under the same
   load: the instances are not restarted; requests started after the
   database is back must all succeed.
c. **Varnish stopped**: the front refuses connections while HAProxy's port
   still serves the portal (README: how an operator fails over).

It prints one line per drill and a side-by-side summary; the exit status
is 1 when a drill failed (an unexpected 5xx, a lost or damaged application,
a balancer that does not answer).
"""

from bench.apply import ADMIN_SCRIPT
from bench.apply import apply_body
from bench.apply import CITIZEN_PASSWORD
from bench.apply import CITIZENS
from bench.apply import make_pdf
from bench.apply import PERMIT_PATH
from bench.apply import SETUP_SCRIPT
from pathlib import Path
from scripts.cluster import __main__ as cluster_cli
from scripts.cluster import processes
from scripts.cluster import render
from scripts.cluster.config import Cluster
from scripts.cluster.postgresql import Server

import argparse
import json
import os
import requests
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 4
DOCUMENT_SIZE = 20 * 1024


def free_port(consecutive=1):
    """A free port of 127.0.0.1 followed by ``consecutive - 1`` free ones."""
    for _attempt in range(100):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            base = sock.getsockname()[1]
        if base + consecutive > 65535:
            continue
        free = True
        for port in range(base + 1, base + consecutive):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    free = False
                    break
        if free:
            return base
    raise SystemExit("no free ports")


def write_configuration(workdir, admin_password):
    front, balancer, instances, database = free_port(), free_port(), free_port(2), free_port()
    instance_yaml = workdir / "instance.yaml"
    instance_yaml.touch(mode=0o600)  # the admin's password
    instance_yaml.write_text(
        "default_context:\n"
        "  target: instance\n"
        f"  initial_user_password: {admin_password}\n"
        f"  wsgi_listen: 127.0.0.1:{front}\n"
        "  wsgi_threads: 4\n"
        "  environment:\n"
        "    TZ: Asia/Jakarta\n"
    )
    cluster_yaml = workdir / "cluster.yaml"
    cluster_yaml.write_text(
        f"directory: {workdir / 'cluster'}\n"
        "instances: 2\n"
        f"instance_base_port: {instances}\n"
        f"balancer_listen: 127.0.0.1:{balancer}\n"
        f"postgresql_port: {database}\n"
        "cache_size: 32M\n"
        "blob_cache_size: 134217728\n"
    )
    return Cluster(instance_yaml, cluster_yaml)


def zconsole(cluster, zope_conf, script, *args):
    env = dict(os.environ, zope_i18n_compile_mo_files="true")
    command = [cluster_cli._venv_bin("zconsole"), "run", str(zope_conf), str(script), *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")


def start_cluster(cluster, workdir, admin_password):
    """``scripts.cluster up``, with bench/apply.py's admin, citizens and permit type."""
    started = time.monotonic()
    cluster_cli.start_postgresql(cluster)
    zope_confs, zope_inis = render.instances(cluster)
    admin = workdir / "bench_admin.py"
    admin.write_text(ADMIN_SCRIPT)
    zconsole(cluster, zope_confs[0], admin, admin_password)
    cluster_cli.create_site(cluster, zope_confs[0])
    setup = workdir / "bench_setup.py"
    setup.write_text(SETUP_SCRIPT)
    zconsole(cluster, zope_confs[0], setup, json.dumps([CITIZENS, CITIZEN_PASSWORD, admin_password]))
    cluster_cli.start_instances(cluster, zope_inis)
    cluster_cli.start_haproxy(cluster)
    cluster_cli.start_varnish(cluster)
    print(f"cluster up in {time.monotonic() - started:.0f} s: {cluster.front_url()}", flush=True)
    return zope_inis


class Load:
    """``@apply`` from ``CLIENTS`` threads through the front until stopped;
    every request as (started, ended, status, payload)."""

    def __init__(self, cluster, body):
        self.url = cluster.front_url(f"/++api++/{PERMIT_PATH}/@apply")
        self.body = body
        self.results = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.work, args=(n,)) for n in range(CLIENTS)]

    def work(self, index):
        with requests.Session() as session:
            session.auth = (CITIZENS[index % len(CITIZENS)], CITIZEN_PASSWORD)
            session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
            while not self.stopping.is_set():
                started = time.monotonic()
                try:
                    response = session.post(self.url, data=self.body, timeout=120)
                    status, payload = response.status_code, response.text
                except requests.RequestException as exc:
                    status, payload = type(exc).__name__, str(exc)
                with self.lock:
                    self.results.append((started, time.monotonic(), status, payload))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def wait_for(self, count, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.results) >= count:
                    return
            time.sleep(0.2)


def failed(status):
    return not (isinstance(status, int) and status < 500)


def error_window(results, fault_at):
    """Seconds from the fault to the end of the last failed request."""
    ends = [ended for _started, ended, status, _payload in results if failed(status)]
    return f"{max(ends) - fault_at:.1f} s" if ends else "none"


def conflicts(results):
    """Failed requests that are ZODB conflicts left after Zope's retries."""
    return sum(1 for r in results if failed(r[2]) and "conflict error" in str(r[3]))


def describe(result):
    """A failed request in one line: its status and the start of its message."""
    _started, _ended, status, payload = result
    try:
        message = json.loads(payload).get("message", "")
    except (ValueError, AttributeError):
        message = str(payload)
    return f"{status} {' '.join(str(message).split())[:160]}"


def read_back(cluster, admin_password, results, documents):
    """Every 201's application and its documents, as admin; the problems."""
    checked, problems = 0, []
    with requests.Session() as session:
        session.auth = ("bench-admin", admin_password)
        for _started, _ended, status, payload in results:
            if status != 201:
                continue
            url = json.loads(payload)["@id"]
            answer = session.get(url, headers={"Accept": "application/json"}, timeout=60)
            if answer.status_code != 200:
                problems.append(f"{url}: HTTP {answer.status_code}")
                continue
            for name, data in documents.items():
                download = session.get(f"{url}/{name}/@@download/file", timeout=60)
                checked += 1
                if download.status_code != 200 or download.content != data:
                    size = len(download.content)
                    problems.append(f"{url}/{name}: HTTP {download.status_code}, {size} bytes")
    return checked, problems


def count_applications(cluster, admin_password):
    answer = requests.get(
        cluster.front_url("/++api++/@search"),
        params={"portal_type": "PermitApplication", "b_size": 1},
        auth=("bench-admin", admin_password),
        headers={"Accept": "application/json"},
        timeout=60,
    )
    answer.raise_for_status()
    return answer.json()["items_total"]


def drill_kill(cluster, zope_inis, body, documents, admin_password):
    """(a) kill -9 of instance1 under load."""
    before = count_applications(cluster, admin_password)
    victim = processes.pid(cluster.var, "instance1")
    with Load(cluster, body) as load:
        load.wait_for(12)
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)  # the instance this script started
        load.wait_for(len(load.results) + 40)
    results = load.results
    in_flight = [r for r in results if failed(r[2]) and r[0] <= killed_at <= r[1]]
    unexpected = [r for r in results if failed(r[2]) and not (r[0] <= killed_at <= r[1])]
    created = count_applications(cluster, admin_password) - before
    checked, problems = read_back(cluster, admin_password, results, documents)
    # back to two instances for the next drills
    restarted = time.monotonic()
    cluster_cli.start_instances(cluster, zope_inis)
    row = {
        "requests": len(results),
        "201": sum(1 for r in results if r[2] == 201),
        "5xx at the fault": len(in_flight),
        "5xx other": len(unexpected),
        "errors until": error_window(results, killed_at),
        "of which conflicts": conflicts(results),
        "applications created": created,
        "documents read back": f"{checked - len(problems)}/{checked}",
        "recovery": f"instance1 restarted in {time.monotonic() - restarted:.0f} s",
    }
    details = [f"at the kill: {describe(r)}" for r in in_flight[:5]]
    details += [f"unexpected: {describe(r)}" for r in unexpected[:5]] + problems[:5]
    return row, not unexpected and not problems, details


def drill_database(cluster, body, documents, admin_password):
    """(b) PostgreSQL restarted under load; the instances keep running."""
    before = count_applications(cluster, admin_password)
    pids = [processes.pid(cluster.var, f"instance{n + 1}") for n in range(cluster.options["instances"])]
    server = Server(cluster.var / "postgresql", cluster.options["postgresql_port"])
    with Load(cluster, body) as load:
        load.wait_for(12)
        restart_started = time.monotonic()
        server.restart()
        back_at = time.monotonic()
        load.wait_for(len(load.results) + 40)
    results = load.results
    during = [r for r in results if failed(r[2]) and r[0] <= back_at and r[1] >= restart_started]
    after = [r for r in results if failed(r[2]) and r[0] > back_at]
    other = [r for r in results if failed(r[2]) and r not in during and r not in after]
    started_after = [r for r in results if r[0] > back_at]
    same_pids = pids == [processes.pid(cluster.var, f"instance{n + 1}") for n in range(len(pids))]
    created = count_applications(cluster, admin_password) - before
    checked, problems = read_back(cluster, admin_password, results, documents)
    row = {
        "requests": len(results),
        "201": sum(1 for r in results if r[2] == 201),
        "5xx at the fault": len(during),
        "5xx other": len(after) + len(other),
        "errors until": error_window(results, restart_started),
        "of which conflicts": conflicts(results),
        "applications created": created,
        "documents read back": f"{checked - len(problems)}/{checked}",
        "recovery": (
            f"restart took {back_at - restart_started:.1f} s; "
            f"{len(started_after) - len(after)}/{len(started_after)} ok after; "
            f"instances {'not restarted' if same_pids else 'RESTARTED'}"
        ),
    }
    classes = {}
    for result in during:
        classes[describe(result)[:60]] = classes.get(describe(result)[:60], 0) + 1
    details = [f"during the restart: {count} x {text}" for text, count in classes.items()]
    details += [f"after the restart: {describe(r)}" for r in after[:5]] + problems[:5]
    ok = not after and not other and not problems and same_pids and started_after
    return row, bool(ok), details


def drill_varnish(cluster):
    """(c) Varnish stopped: the balancer still answers."""
    processes.stop(cluster.var, "varnish")
    front = processes.status(cluster.front_url())
    host, port = cluster.balancer
    balancer_url = f"http://{host}:{port}/{cluster.site_id}"
    balancer = processes.status(balancer_url)
    print(
        f"  front {cluster.front_url()}: {front or 'down (connection refused)'}; "
        f"balancer {balancer_url}: {balancer}",
        flush=True,
    )
    restarted = time.monotonic()
    cluster_cli.start_varnish(cluster)
    row = {
        "requests": 2,
        "201": "-",
        "5xx at the fault": "-",
        "5xx other": "-",
        "errors until": "-",
        "of which conflicts": "-",
        "applications created": "-",
        "documents read back": "-",
        "recovery": (
            f"front {front or 'down'}, balancer {balancer}; "
            f"Varnish back in {time.monotonic() - restarted:.1f} s"
        ),
    }
    return row, front is None and balancer == 200, []


def summary(rows):
    names = list(rows)
    keys = list(next(iter(rows.values()))[0])
    width = max(len(k) for k in keys)
    columns = [max(len(name), *(len(str(rows[name][0][k])) for k in keys)) for name in names]
    lines = [" " * width + " | " + " | ".join(n.ljust(c) for n, c in zip(names, columns, strict=True))]
    for key in [*keys, "passed"]:
        values = [
            str(rows[name][1] if key == "passed" else rows[name][0][key]).ljust(c)
            for name, c in zip(names, columns, strict=True)
        ]
        lines.append(key.ljust(width) + " | " + " | ".join(values))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave the cluster running and its files")
    parser.add_argument(
        "--drills", default="abc", help="which drills: a (kill -9), b (PostgreSQL), c (Varnish)"
    )
    args = parser.parse_args(argv)
    for program in (cluster_cli.HAPROXY, cluster_cli.VARNISHD):
        if not os.access(program, os.X_OK):
            raise SystemExit(f"{program} not found: make cluster-deps")
    workdir = Path(tempfile.mkdtemp(prefix="ptsp-cluster-faults-"))
    os.chmod(workdir, 0o711)  # PostgreSQL's account (as root: postgres) reaches its data below
    admin_password = secrets.token_urlsafe(12)
    cluster = write_configuration(workdir, admin_password)
    documents = {"dok-a": make_pdf(DOCUMENT_SIZE), "dok-b": make_pdf(DOCUMENT_SIZE)}
    body = apply_body({name: (f"{name}.pdf", data) for name, data in documents.items()})
    rows = {}
    try:
        zope_inis = start_cluster(cluster, workdir, admin_password)
        drills = {
            "a": (
                "a. kill -9 instance",
                lambda: drill_kill(cluster, zope_inis, body, documents, admin_password),
            ),  # noqa: E501
            "b": ("b. PostgreSQL restart", lambda: drill_database(cluster, body, documents, admin_password)),
            "c": ("c. Varnish stopped", lambda: drill_varnish(cluster)),
        }
        for key in args.drills:
            name, drill = drills[key]
            print(f"{name} ...", flush=True)
            row, ok, details = drill()
            rows[name] = (row, ok)
            print(f"  {'passed' if ok else 'FAILED'}: {row}", flush=True)
            for line in details:
                print(f"    {line}", flush=True)
    finally:
        if not args.keep:
            cluster_cli.down(cluster)
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept: {workdir} (python -m scripts.cluster down --instance ... --config ...)")
    if rows:
        print()
        print(summary(rows))
    return 0 if rows and all(ok for _row, ok in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
