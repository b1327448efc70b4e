"""Benchmark: applications per second through ``@apply`` (issue 4, section 8).

Run it from the repository root (one command, not part of the tests):

    .venv/bin/python bench/apply.py                    # 4 clients, 3 rounds of 60 requests per mode
    .venv/bin/python bench/apply.py --clients 4 --rounds 3 --requests 100 --size-kb 200
    .venv/bin/python bench/apply.py --keep             # keep the temporary instance
    .venv/bin/python bench/apply.py --clients 8 --duration 60     # @apply only, for 60 s
    .venv/bin/python bench/apply.py --clients 8 --duration 60 --storage relstorage --instances 2

``--duration`` drives ``@apply`` alone for that many seconds (after a
warm-up whose conflicts are not counted) and reports every request as 201,
4xx or 5xx, the 201s per second, the accounting and the read-back below.
``--storage relstorage`` starts a throwaway PostgreSQL (``bench/postgres.py``)
and serves RelStorage (``--blob-mode shared`` or ``cache``); ``--instances
2`` renders a second instance on the same database and blobs, and client
*i* talks to instance *i mod 2*.  The citizens' limits per account are
lifted for the run.

What it does, all on this machine (loopback only):

1. Renders a throwaway Zope instance in a temporary directory with
   ``scripts/instance/render.py`` (FileStorage and blobs on disk, waitress with 4
   threads, the defaults of ``instance.yaml``), creates the ``ptsp`` site
   from the distribution with ``scripts/create_site.py`` (demo content
   included), and adds, in one ``zconsole`` script: a Manager
   ``bench-admin`` in the root user folder, eight citizens (client *i* logs
   in as citizen *i*), a published online permit type ``bench-izin`` with
   two required PDF documents (its form is made by our subscribers), and a
   folder ``bench-files`` where the citizens are Contributors.
2. Serves it with ``runwsgi`` (``Zope2.Startup.serve``, the same entry point
   as ``make start``) in a subprocess that also counts conflict retries
   (``IPubFailure`` events with ``retry``), reported on its stderr.
3. Sends, from ``--clients`` threads (keep-alive sessions, bodies built once),
   in alternating rounds so both modes see the same machine state:
   - **apply**: ``POST /layanan/bench-izin/@apply`` with the applicant
     fields and two valid PDFs of ``--size-kb`` each (base64 in JSON);
   - **baseline**: plain plone.restapi ``POST /bench-files`` creating one
     ``File`` whose PDF is twice ``--size-kb`` (the same payload size).
4. Accounts for every submission: the number of ``PermitApplication`` items
   created (catalog count before/after, over REST as admin) must equal the
   number of ``201`` answers of ``@apply``; tracking numbers must be unique.
5. Reads back, as admin, every document of every acknowledged application
   (``<application>/dok-a/@@download/file``) and every baseline File, and
   compares them byte for byte with what was sent: a missing blob file
   (``POSKeyError``) or a different body is reported, and fails the run.

``--zope-conf PATH`` serves the database and storage configuration of
another instance instead of a freshly rendered one, e.g. the ``zope.conf``
that ``buildout.cfg`` built (``KEEP_BUILDOUT_CHECK=1 make check-buildout``,
then ``--zope-conf <dir>/project/parts/instance/etc/zope.conf``).

Prints requests and successful (201) requests per second per mode and their
ratio (target >= 0.7), latency percentiles, non-201 answers (ConflictErrors
that stayed after Zope's 3 retries come back as 500) and conflict retries,
grouped by the object that conflicted: after the run the database is opened
read-only and each conflicting oid is named by where it hangs
(``bench/oids.py``, e.g.
``ptsp.portal_catalog._catalog.indexes.SearchableText.index._wordinfo<IOBucket>``).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:] = [ROOT, *(p for p in sys.path if os.path.abspath(p or os.curdir) not in (HERE, ROOT))]

import argparse  # noqa: E402
import base64  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

BIN = os.path.dirname(sys.executable)
CITIZENS = [f"bench-warga-{i}" for i in range(1, 9)]
CITIZEN_PASSWORD = "bench-" + secrets.token_hex(8)
PERMIT_PATH = "layanan/bench-izin"
FILES_PATH = "bench-files"
CONFLICT_MARK = "PTSP-BENCH-RETRY"
FAILURE_MARK = "PTSP-BENCH-FAILURE"

ADMIN_SCRIPT = r"""
import sys
import transaction

if app.acl_users.getUser("bench-admin") is None:  # noqa: F821
    app.acl_users._doAddUser("bench-admin", sys.argv[-1], ["Manager"], [])  # noqa: F821
    transaction.commit()
"""

SETUP_SCRIPT = r"""
from AccessControl.SecurityManagement import newSecurityManager
from plone import api
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import json
import sys
import transaction

citizens, password, admin_password = json.loads(sys.argv[-1])
app = makerequest(app)  # noqa: F821
setRequest(app.REQUEST)
site = app["ptsp"]
setSite(site)
admin = app.acl_users.getUser("bench-admin")  # added by ADMIN_SCRIPT
newSecurityManager(None, admin.__of__(app.acl_users))
for user_id in citizens:
    if api.user.get(username=user_id) is None:
        api.user.create(email=f"{user_id}@example.org", username=user_id, password=password,
                        properties={"fullname": user_id.replace("-", " ").title()})
layanan = site["layanan"]
if "bench-izin" not in layanan:
    rows = [
        {"id": "dok-a", "title": "Dokumen A", "description": "", "required": True,
         "file_types": ["pdf"], "max_size_mb": 5},
        {"id": "dok-b", "title": "Dokumen B", "description": "", "required": True,
         "file_types": ["pdf"], "max_size_mb": 5},
    ]
    permit = api.content.create(container=layanan, type="PermitType", id="bench-izin",
                                title="Izin Benchmark", code="BENCH", sector="lainnya",
                                service_days=5, online=True, requirements=rows)
    api.content.transition(permit, to_state="published")
    assert "formulir" in permit, "no form was created for the permit type"
# the benchmark files far more than one account may have pending or file per day
api.portal.set_registry_record("ptsp_portal.max_pending_per_account", 0)
api.portal.set_registry_record("ptsp_portal.max_submissions_per_day", 0)
if "bench-files" not in site:
    folder = api.content.create(container=site, type="Folder", id="bench-files", title="Bench")
    for user_id in citizens:
        folder.manage_setLocalRoles(user_id, ["Contributor"])
    folder.reindexObjectSecurity()
transaction.commit()
print("bench setup done")
"""

SERVE_SCRIPT = rf'''
import sys
from zope.component import provideHandler
from ZPublisher.interfaces import IPubFailure


def on_failure(event):
    exc = event.exc_info[1]
    if not event.retry:
        import traceback
        traceback.print_exception(*event.exc_info, file=sys.stderr)
    mark = "{CONFLICT_MARK}" if event.retry else "{FAILURE_MARK}"
    # the class of the object that conflicted, when ZODB says it
    detail = getattr(exc, "class_name", None) or "-"
    oid = getattr(exc, "oid", None)
    if oid:
        detail += "@0x" + oid.hex().lstrip("0")
    sys.stderr.write(
        f"{{mark}} {{type(exc).__name__}} {{event.request.get('PATH_INFO')}} {{detail}}\n"
    )
    sys.stderr.flush()


provideHandler(on_failure, [IPubFailure])
from Zope2.Startup.serve import main  # noqa: E402

sys.argv = ["runwsgi", sys.argv[1]]
main()
'''


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return result.stdout


def make_pdf(size):
    """A valid PDF of ``size`` bytes (Pillow page, padded in a comment)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "white").save(buffer, "PDF")
    data = buffer.getvalue()
    pad = size - len(data) - 2
    return data.replace(b"%%EOF", b"%" + b"0" * max(pad, 0) + b"\n%%EOF", 1)


def document(data, filename):
    return {
        "data": base64.b64encode(data).decode("ascii"),
        "encoding": "base64",
        "filename": filename,
        "content-type": "application/pdf",
    }


class Instance:
    """A rendered instance with the demo site, served by runwsgi."""

    def __init__(self, workdir, zope_conf=None, storage_yaml="", admin_password=None, threads=4):
        self.workdir = workdir
        self.threads = threads
        os.makedirs(workdir, exist_ok=True)
        self.zope_conf = zope_conf
        self.storage_yaml = storage_yaml
        self.port = free_port()
        self.admin_password = admin_password or secrets.token_urlsafe(12)
        self.server = None
        self.log_path = os.path.join(workdir, "server.log")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/ptsp"

    def render(self):
        yaml_path = os.path.join(self.workdir, "instance.yaml")
        with open(yaml_path, "w") as f:
            f.write(
                "default_context:\n"
                "  target: instance\n"
                f"  initial_user_password: {self.admin_password}\n"
                f"  wsgi_listen: 127.0.0.1:{self.port}\n"
                f"  wsgi_threads: {self.threads}\n"
                "  environment:\n"
                "    TZ: Asia/Jakarta\n" + self.storage_yaml
            )
        run([sys.executable, "-m", "scripts.instance.render", yaml_path], cwd=ROOT)
        self.conf = os.path.join(self.workdir, "instance", "etc", "zope.conf")
        if self.zope_conf:
            # the rendered zope.ini serves %(here)s/zope.conf: make it that one
            shutil.copyfile(self.zope_conf, self.conf)
        self.ini = os.path.join(self.workdir, "instance", "etc", "zope.ini")

    def build(self):
        self.render()
        env = dict(os.environ, zope_i18n_compile_mo_files="true")
        started = time.time()
        admin = os.path.join(self.workdir, "bench_admin.py")
        with open(admin, "w") as f:
            f.write(ADMIN_SCRIPT)
        # create_site.py runs as a Manager of the root user folder
        run([os.path.join(BIN, "zconsole"), "run", self.conf, admin, self.admin_password], env=env, cwd=ROOT)
        print("creating the site from the distribution ...", flush=True)
        run(
            [
                os.path.join(BIN, "zconsole"),
                "run",
                self.conf,
                os.path.join(ROOT, "scripts", "create_site.py"),
            ],
            env=env,
            cwd=ROOT,
        )
        setup = os.path.join(self.workdir, "bench_setup.py")
        with open(setup, "w") as f:
            f.write(SETUP_SCRIPT)
        run(
            [
                os.path.join(BIN, "zconsole"),
                "run",
                self.conf,
                setup,
                json.dumps([CITIZENS, CITIZEN_PASSWORD, self.admin_password]),
            ],
            env=env,
            cwd=ROOT,
        )
        print(f"instance ready in {time.time() - started:.0f} s", flush=True)

    def start(self):
        serve = os.path.join(self.workdir, "bench_serve.py")
        with open(serve, "w") as f:
            f.write(SERVE_SCRIPT)
        self.log = open(self.log_path, "w")
        env = dict(os.environ, zope_i18n_compile_mo_files="true")
        self.server = subprocess.Popen(
            [sys.executable, serve, self.ini],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env=env,
        )
        import requests

        deadline = time.time() + 120
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise SystemExit(f"server exited; see {self.log_path}")
            try:
                if requests.get(self.url, timeout=2).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise SystemExit("server did not answer in 120 s")

    def stop(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()  # only the process this script started
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        if getattr(self, "log", None):
            self.log.close()

    def server_events(self, offset=0):
        """Conflict retries and failed requests per mode, from the server's log."""
        counts = {
            mode: {"retries": 0, "failures": 0, "classes": {}, "oids": {}}
            for mode in ("apply", "baseline", "other")
        }
        with open(self.log_path, errors="replace") as f:
            f.seek(offset)
            for line in f:
                if CONFLICT_MARK not in line and FAILURE_MARK not in line:
                    continue
                mode = "apply" if "@apply" in line else "baseline" if FILES_PATH in line else "other"
                key = "retries" if CONFLICT_MARK in line else "failures"
                counts[mode][key] += 1
                words = line.split()
                if len(words) >= 4:
                    name = f"{words[1]} on {words[-1]}"
                    classes = counts[mode]["classes"]
                    classes[name] = classes.get(name, 0) + 1
                    if "@0x" in words[-1]:
                        oid = int(words[-1].rsplit("@0x", 1)[1], 16).to_bytes(8, "big")
                        key = (words[1], oid)
                        counts[mode]["oids"][key] = counts[mode]["oids"].get(key, 0) + 1
        return counts


def count_applications(instance):
    import requests

    response = requests.get(
        f"{instance.url}/++api++/@search",
        params={"portal_type": "PermitApplication", "b_size": 1},
        auth=("bench-admin", instance.admin_password),
        headers={"Accept": "application/json"},
        timeout=60,
    )
    response.raise_for_status()
    return response.json()["items_total"]


def citizen_session(index):
    """A keep-alive JSON session of citizen ``index`` (client i is citizen i)."""
    import requests

    session = requests.Session()
    session.auth = (CITIZENS[index % len(CITIZENS)], CITIZEN_PASSWORD)
    session.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
    return session


def run_clients(worker, clients):
    """Run ``worker(i)`` in ``clients`` threads; the wall time in seconds."""
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def apply_body(documents):
    """The JSON body of one @apply: the applicant and ``{field: (file name, pdf bytes)}``."""
    return json.dumps(
        {
            "applicant_name": "Budi Santoso",
            "applicant_nik": "3201010101900001",
            "applicant_email": "budi@example.org",
            "applicant_phone": "0812-3456-7890",
            "applicant_address": "Jl. Merdeka No. 10, Kabupaten Contoh",
            **{name: document(data, filename) for name, (filename, data) in documents.items()},
        }
    ).encode()


def drive(instance, mode, bodies, total, clients):
    """Send ``total`` requests of ``mode`` from ``clients`` threads."""
    import requests

    url = {
        "apply": f"{instance.url}/++api++/{PERMIT_PATH}/@apply",
        "baseline": f"{instance.url}/++api++/{FILES_PATH}",
    }[mode]
    body = bodies[mode]
    lock = threading.Lock()
    remaining = [total]
    results = []  # (status, seconds, json or text)

    def worker(index):
        session = citizen_session(index)
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                response = session.post(url, data=body, timeout=300)
                status, payload = response.status_code, response.text
            except requests.RequestException as exc:
                status, payload = 0, str(exc)
            elapsed = time.perf_counter() - started
            with lock:
                results.append((status, elapsed, payload))
        session.close()

    return run_clients(worker, clients), results


def read_back(instance, all_results, expected):
    """Download every stored document of the acknowledged requests and compare
    it with what was sent. Returns (documents checked, list of problems)."""
    import requests

    session = requests.Session()
    session.auth = ("bench-admin", instance.admin_password)
    checked, problems = 0, []
    for mode, results in all_results.items():
        for status, _, payload in results:
            if status != 201:
                continue
            url = json.loads(payload)["@id"]
            documents = expected["apply"] if mode.startswith("apply") else expected["baseline"]
            for name, data in documents.items():
                download = f"{url}/{name}/@@download/file" if name else f"{url}/@@download/file"
                response = session.get(download, timeout=120)
                checked += 1
                if response.status_code != 200:
                    problems.append(f"{download}: HTTP {response.status_code}")
                elif response.content != data:
                    problems.append(
                        f"{download}: {len(response.content)} bytes differ from the {len(data)} sent"
                    )
    session.close()
    return checked, problems


def percentile(values, share):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def describe_conflicts(instance, events):
    """{(exception, oid): label}: where each conflicting object hangs."""
    from bench.oids import describe
    from scripts.instance.database import open_storage

    oids = {oid for mode in events.values() for (_exc, oid) in mode["oids"]}
    if not oids:
        return {}
    storage = open_storage(instance.conf, read_only=True)
    try:
        return describe(storage, oids)
    finally:
        storage.close()


def print_conflicts(events, labels):
    for mode in ("baseline", "apply", "other"):
        if mode == "baseline" and not any(events[mode].values()):
            continue
        print(
            f"server, {mode}: {events[mode]['retries']} conflict retries, "
            f"{events[mode]['failures']} requests failed after retrying"
        )
        grouped = {}
        for (exc, oid), count in events[mode]["oids"].items():
            name = f"{exc} on {labels.get(oid, '0x' + oid.hex().lstrip('0'))}"
            grouped[name] = grouped.get(name, 0) + count
        others = sum(events[mode]["classes"].values()) - sum(grouped.values())
        if others:
            grouped["(no object named)"] = others
        for name, count in sorted(grouped.items(), key=lambda i: -i[1])[:12]:
            print(f"    {count:4d} x {name}")


def drive_for(urls, body, seconds, clients):
    """Submit from ``clients`` threads for ``seconds``; client i talks to
    ``urls[i % len(urls)]``.  Returns (wall, [(status, seconds, text, url)])."""
    import requests

    lock = threading.Lock()
    results = []
    stop_at = time.perf_counter() + seconds

    def worker(index):
        url = urls[index % len(urls)]
        session = citizen_session(index)
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                response = session.post(url, data=body, timeout=300)
                status, payload = response.status_code, response.text
            except requests.RequestException as exc:
                status, payload = 0, str(exc)
            with lock:
                results.append((status, time.perf_counter() - started, payload))
        session.close()

    return run_clients(worker, clients), results


def sustained(args):
    """``--duration``: only ``@apply``, for that long, on one instance or
    (``--instances 2``, RelStorage) on several serving one database."""
    workdir = tempfile.mkdtemp(prefix="ptsp-bench-apply-")
    postgres = None
    instances = []
    storage_yaml = ""
    try:
        if args.storage == "relstorage":
            from bench.postgres import PostgreSQL

            postgres = PostgreSQL().start()
            storage_yaml = (
                "  db_storage: relstorage\n"
                f"  db_relstorage_postgresql_dsn: {postgres.dsn}\n"
                f"  db_blob_mode: {args.blob_mode}\n"
            )
        elif args.instances > 1:
            raise SystemExit("--instances > 1 needs --storage relstorage")
        first = Instance(os.path.join(workdir, "a"), storage_yaml=storage_yaml, threads=args.threads)
        instances.append(first)
        for index in range(1, args.instances):
            other = os.path.join(workdir, "abcdefgh"[index])
            blob_yaml = ""
            if args.blob_mode == "shared":  # one host: the same blob directory
                blob_yaml = f"  db_blob_location: {first.workdir}/instance/var/blobstorage\n"
            instances.append(
                Instance(
                    other,
                    storage_yaml=storage_yaml + blob_yaml,
                    admin_password=first.admin_password,
                    threads=args.threads,
                )
            )
        first.build()
        for instance in instances[1:]:
            instance.render()
        for instance in instances:
            instance.start()
        size = args.size_kb * 1024
        pdf_a, pdf_b = make_pdf(size), make_pdf(size)
        body = apply_body({"dok-a": ("dokumen-a.pdf", pdf_a), "dok-b": ("dokumen-b.pdf", pdf_b)})
        urls = [f"{instance.url}/++api++/{PERMIT_PATH}/@apply" for instance in instances]
        before = count_applications(first)
        if args.warmup:
            drive(first, "apply", {"apply": body}, args.warmup, args.clients)
            before = count_applications(first)
        # the warm-up's conflicts are not counted
        for instance in instances:
            instance.log.flush()
            instance.log_offset = os.path.getsize(instance.log_path)
        print(
            f"{args.clients} clients for {args.duration} s on {len(instances)} instance(s) ...",
            flush=True,
        )
        wall, results = drive_for(urls, body, args.duration, args.clients)
        after = count_applications(first)
        print("reading back every stored document ...", flush=True)
        checked, problems = read_back(first, {"apply": results}, {"apply": {"dok-a": pdf_a, "dok-b": pdf_b}})
        events = None
        for instance in instances:
            instance.stop()
            part = instance.server_events(getattr(instance, "log_offset", 0))
            events = part if events is None else merge_events(events, part)
        labels = describe_conflicts(first, events)
    finally:
        for instance in instances:
            instance.stop()
        if postgres is not None:
            postgres.stop()
        if args.keep:
            print(f"instance kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    statuses = {}
    for status, _, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    ok = statuses.get(201, 0)
    server_errors = sum(n for status, n in statuses.items() if status >= 500 or status == 0)
    client_errors = sum(n for status, n in statuses.items() if 400 <= status < 500)
    numbers = [json.loads(payload)["tracking_number"] for status, _, payload in results if status == 201]
    times = [r[1] * 1000 for r in results]
    created = after - before
    storage = {
        "direct": "FileStorage with blob-dir",
        "relstorage": f"RelStorage on PostgreSQL, blob mode {args.blob_mode}",
    }[args.storage]
    print()
    print(
        f"{args.clients} clients for {args.duration} s, {len(instances)} instance(s) "
        f"(waitress, {args.threads} threads each), {storage}, documents 2 x {args.size_kb} KB"
    )
    print(
        f"requests {len(results)}: {ok} x 201, {client_errors} x 4xx, {server_errors} x 5xx "
        f"(or no answer) -> {'OK' if not server_errors else 'FAILED SUBMISSIONS'}"
    )
    print(
        f"{ok / wall:.2f} x 201/s, p50 {statistics.median(times):.0f} ms, "
        f"p95 {percentile(times, 0.95):.0f} ms, max {max(times):.0f} ms"
    )
    for status, _, payload in [r for r in results if r[0] != 201][:3]:
        print(f"    {status}: {payload[:200]}")
    consistent = created == len(numbers) == len(set(numbers))
    print(
        f"accounting: {len(numbers)} x 201, {created} applications created, "
        f"{len(set(numbers))} distinct tracking numbers -> {'OK' if consistent else 'MISMATCH'}"
    )
    print(
        f"read back: {checked} stored documents downloaded, {len(problems)} missing or "
        f"different -> {'OK' if not problems else 'DOCUMENTS LOST'}"
    )
    for problem in problems[:10]:
        print(f"    {problem}")
    print_conflicts(events, labels)
    return 0 if consistent and not problems and not server_errors else 1


def merge_events(a, b):
    for mode, counts in b.items():
        a[mode]["retries"] += counts["retries"]
        a[mode]["failures"] += counts["failures"]
        for field in ("classes", "oids"):
            for key, value in counts[field].items():
                a[mode][field][key] = a[mode][field].get(key, 0) + value
    return a


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per mode")
    parser.add_argument("--requests", type=int, default=60, help="requests per mode per round")
    parser.add_argument("--size-kb", type=int, default=200, help="size of each of the two documents")
    parser.add_argument("--warmup", type=int, default=8, help="requests per mode before measuring")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    parser.add_argument("--zope-conf", help="serve this zope.conf's database (e.g. buildout's)")
    parser.add_argument(
        "--duration", type=int, help="seconds of @apply only (no baseline), then the accounting"
    )
    parser.add_argument("--storage", choices=("direct", "relstorage"), default="direct")
    parser.add_argument("--blob-mode", choices=("shared", "cache"), default="shared")
    parser.add_argument("--instances", type=int, default=1, help="instances serving one database")
    parser.add_argument(
        "--threads", type=int, default=4, help="wsgi_threads of each instance (instance.yaml's default: 4)"
    )
    args = parser.parse_args()
    if args.duration:
        return sustained(args)

    workdir = tempfile.mkdtemp(prefix="ptsp-bench-apply-")
    instance = Instance(workdir, args.zope_conf and os.path.abspath(args.zope_conf))
    try:
        instance.build()
        instance.start()
        size = args.size_kb * 1024
        pdf_a, pdf_b, pdf_ab = make_pdf(size), make_pdf(size), make_pdf(2 * size)
        bodies = {
            "apply": apply_body({"dok-a": ("dokumen-a.pdf", pdf_a), "dok-b": ("dokumen-b.pdf", pdf_b)}),
            "baseline": json.dumps(
                {
                    "@type": "File",
                    "title": "Berkas benchmark",
                    "file": document(pdf_ab, "berkas.pdf"),
                }
            ).encode(),
        }
        print(
            f"bodies: @apply {len(bodies['apply']) / 1024:.0f} KB, "
            f"baseline {len(bodies['baseline']) / 1024:.0f} KB",
            flush=True,
        )

        before = count_applications(instance)
        all_results = {"apply": [], "baseline": []}
        walls = {"apply": 0.0, "baseline": 0.0}
        numbers = []
        # warm-up (its 201s count in the accounting too)
        for mode in ("baseline", "apply"):
            _, results = drive(instance, mode, bodies, args.warmup, args.clients)
            all_results[mode + "-warmup"] = results
        for round_ in range(args.rounds):
            for mode in ("baseline", "apply") if round_ % 2 == 0 else ("apply", "baseline"):
                wall, results = drive(instance, mode, bodies, args.requests, args.clients)
                walls[mode] += wall
                all_results[mode].extend(results)
                ok = sum(1 for r in results if r[0] == 201)
                print(
                    f"  round {round_ + 1} {mode:8s}: {ok}/{len(results)} x 201 in {wall:.1f} s "
                    f"= {len(results) / wall:.1f}/s",
                    flush=True,
                )
        after = count_applications(instance)

        for mode in ("apply-warmup", "apply"):
            for status, _, payload in all_results[mode]:
                if status == 201:
                    numbers.append(json.loads(payload)["tracking_number"])
        print("reading back every stored document ...", flush=True)
        checked, problems = read_back(
            instance,
            all_results,
            {"apply": {"dok-a": pdf_a, "dok-b": pdf_b}, "baseline": {"": pdf_ab}},
        )
        events = instance.server_events()
        instance.stop()
        labels = describe_conflicts(instance, events)
    finally:
        instance.stop()
        if args.keep:
            print(f"instance kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    storage = f"storage of {args.zope_conf}" if args.zope_conf else "FileStorage with blob-dir"
    print(
        f"{args.clients} clients, one instance (waitress, 4 threads, {storage}), "
        f"{args.rounds} rounds x {args.requests} requests per mode, documents 2 x {args.size_kb} KB"
    )
    print(
        f"{'mode':10s} {'req/s':>7s} {'201/s':>7s} {'p50 ms':>8s} {'p95 ms':>8s} "
        f"{'max ms':>8s} {'non-201':>8s}"
    )
    rates, ok_rates = {}, {}
    for mode in ("baseline", "apply"):
        results = all_results[mode]
        times = [r[1] * 1000 for r in results]
        bad = [r for r in results if r[0] != 201]
        rates[mode] = len(results) / walls[mode]
        ok_rates[mode] = (len(results) - len(bad)) / walls[mode]
        print(
            f"{mode:10s} {rates[mode]:7.2f} {ok_rates[mode]:7.2f} {statistics.median(times):8.0f} "
            f"{percentile(times, 0.95):8.0f} {max(times):8.0f} {len(bad):8d}"
        )
        for status, _, payload in bad[:2]:
            message = payload
            try:
                message = json.loads(payload).get("message", payload)
            except ValueError:
                pass
            print(f"    {status}: {message[:160]}")
    ratio = rates["apply"] / rates["baseline"]
    ok_ratio = ok_rates["apply"] / ok_rates["baseline"]
    print(
        f"ratio @apply / baseline: {ratio:.2f} requests, {ok_ratio:.2f} successful submissions "
        f"(target >= 0.70: {'met' if min(ratio, ok_ratio) >= 0.7 else 'NOT met'})"
    )
    created = after - before
    print(
        f"accounting: {len(numbers)} x 201 from @apply, {created} applications created, "
        f"{len(set(numbers))} distinct tracking numbers -> "
        f"{'OK' if created == len(numbers) == len(set(numbers)) else 'MISMATCH'}"
    )
    print(
        f"read back: {checked} stored documents downloaded, {len(problems)} missing or "
        f"different -> {'OK' if not problems else 'DOCUMENTS LOST'}"
    )
    for problem in problems[:10]:
        print(f"    {problem}")
    print_conflicts(events, labels)
    return 0 if created == len(numbers) == len(set(numbers)) and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
