"""``make cluster`` / ``make cluster-stop``: the portal on PostgreSQL
(RelStorage, history-free, blobs in the database), N Zope instances, HAProxy
with health checks and Varnish in front on instance.yaml's ``wsgi_listen``.

Run from the repository root: ``.venv/bin/python -m scripts.cluster up|down|status``
(options: ``--instance instance.yaml --config cluster.yaml``).  ``up`` starts
everything in the background and returns once the front answers 200, or
exits 1 naming the piece that failed (its log under ``<directory>/var/log``);
``down`` stops what ``up`` started; the data stays for the next ``up``.
"""

from pathlib import Path
from scripts.cluster import processes
from scripts.cluster import render
from scripts.cluster.config import Cluster
from scripts.cluster.config import ClusterConfigError
from scripts.cluster.postgresql import ensure_database
from scripts.cluster.postgresql import Server
from scripts.demo import state
from scripts.demo.start import banner
from scripts.demo.start import DEFAULT_INBOX_PORT
from scripts.instance.options import InstanceConfigError

import argparse
import os
import psycopg2
import subprocess
import sys

REPOSITORY = Path(__file__).resolve().parents[2]
INSTANCE_START_SECONDS = 240
HAPROXY = "/usr/sbin/haproxy"
VARNISHD = "/usr/sbin/varnishd"


class Failed(Exception):
    """A piece did not come up: its name and what to read."""


def _venv_bin(name):
    return os.path.join(os.path.dirname(sys.executable), name)


def _instance_name(n):
    return f"instance{n + 1}"


def start_postgresql(cluster):
    if cluster.own_postgresql:
        server = Server(cluster.var / "postgresql", cluster.options["postgresql_port"])
        try:
            server.start()
        except RuntimeError as exc:
            raise Failed(f"postgresql: {exc}") from exc
    try:
        ensure_database(cluster.dsn)
    except psycopg2.Error as exc:
        raise Failed(f"postgresql: cannot reach {render.redact(cluster.dsn)}: {exc}") from exc


def create_site(cluster, zope_conf):
    """The site (scripts/create_site.py keeps an existing one) and its purge URL."""
    print("Site: checking (made on the first run)...", flush=True)
    env = dict(
        os.environ,
        SITE_ID=cluster.site_id,
        PUBLIC_SITE_URL=os.environ.get("PUBLIC_SITE_URL", cluster.public_url()),
        PTSP_PURGE_URL=f"http://{cluster.front[0]}:{cluster.front[1]}",
    )
    script = "scripts/cluster/configure_site.py"
    command = [_venv_bin("zconsole"), "run", str(zope_conf), str(REPOSITORY / script)]
    result = subprocess.run(command, cwd=REPOSITORY, env=env)
    if result.returncode != 0:
        raise Failed(f"site: {script} failed (exit {result.returncode})")


def demo_clienthome(cluster):
    """Where site creation left the demo's state (scripts/demo/state.py)."""
    return cluster.instance_dirs()[0] / "var"


def start_demo_mail(cluster):
    """The demo mail catcher, when the site's mail goes to it (as ``make
    start`` runs it, but in the background with the other pieces); returns
    its inbox URL, or None."""
    clienthome = demo_clienthome(cluster)
    status = state.read_status(clienthome)
    if not status or not status.get("mail_catcher_port"):
        return None
    http_port = int(os.environ.get("DEMO_INBOX_PORT") or DEFAULT_INBOX_PORT)
    inbox_url = f"http://127.0.0.1:{http_port}/"
    if processes.pid(cluster.var, "mail") is None:
        command = [sys.executable, "-m", "scripts.demo.catcher", "--maildir", str(clienthome / "demo-mail")]
        command += ["--smtp-port", str(status["mail_catcher_port"]), "--http-port", str(http_port)]
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")])),
        )
        processes.start(cluster.var, "mail", command, env=env, cwd=REPOSITORY)
    if not processes.wait_for(inbox_url, 30, lambda: processes.pid(cluster.var, "mail")):
        raise Failed(
            f"mail: the demo mail catcher does not answer at {inbox_url} (see {cluster.var / 'log'}/mail.log;"
            " another process on the port? DEMO_INBOX_PORT=<free port> make cluster)"
        )
    return inbox_url


def start_instances(cluster, zope_inis, inbox_url=None):
    names = []
    env = dict(os.environ, PTSP_DEMO_INBOX_URL=inbox_url) if inbox_url else None  # for @@coba-portal
    for n, zope_ini in enumerate(zope_inis):
        name = _instance_name(n)
        if processes.pid(cluster.var, name) is None:
            command = [_venv_bin("runwsgi"), str(zope_ini)]
            processes.start(cluster.var, name, command, env=env, cwd=cluster.root)
        names.append(name)
    for name, port in zip(names, cluster.instance_ports(), strict=True):
        url = f"http://127.0.0.1:{port}/{cluster.site_id}/@@ok"
        if not processes.wait_for(
            url, INSTANCE_START_SECONDS, lambda name=name: processes.pid(cluster.var, name)
        ):
            raise Failed(
                f"{name}: no 200 from {url} (see {cluster.var / 'log' / name}.log and its event.log)"
            )


def start_haproxy(cluster):
    config = render.haproxy(cluster)
    check = subprocess.run([HAPROXY, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
    if check.returncode != 0:
        raise Failed(f"haproxy: invalid {config}: {check.stdout}{check.stderr}")
    if processes.pid(cluster.var, "haproxy") is None:
        processes.start(cluster.var, "haproxy", [HAPROXY, "-db", "-f", str(config)])
    host, port = cluster.balancer
    url = f"http://{host}:{port}/{cluster.site_id}/@@ok"
    if not processes.wait_for(url, 60, lambda: processes.pid(cluster.var, "haproxy")):
        raise Failed(f"haproxy: no 200 from {url} (see {cluster.var / 'log'}/haproxy.log)")


def start_varnish(cluster):
    vcl = render.varnish(cluster)
    workdir = cluster.var / "varnish"
    workdir.mkdir(parents=True, exist_ok=True)
    if processes.pid(cluster.var, "varnish") is None:
        host, port = cluster.front
        command = [
            VARNISHD,
            "-F",
            "-j",
            "none",
            "-n",
            str(workdir),
            "-a",
            f"{host}:{port}",
            "-f",
            str(vcl),
            "-s",
            f"malloc,{cluster.options['cache_size']}",
            "-T",
            "127.0.0.1:0",
            "-p",
            "vsl_space=16M",
        ]
        processes.start(cluster.var, "varnish", command)
    url = cluster.front_url("/@@ok")
    if not processes.wait_for(url, 30, lambda: processes.pid(cluster.var, "varnish")):
        raise Failed(f"varnish: no 200 from {url} (see {cluster.var / 'log'}/varnish.log)")


def up(cluster):
    for program, package in ((HAPROXY, "haproxy"), (VARNISHD, "varnish")):
        if not os.access(program, os.X_OK):
            raise Failed(f"{package}: {program} not found (make cluster-deps installs Debian's {package})")
    start_postgresql(cluster)
    zope_confs, zope_inis = render.instances(cluster)
    create_site(cluster, zope_confs[0])
    inbox_url = start_demo_mail(cluster)
    start_instances(cluster, zope_inis, inbox_url)
    start_haproxy(cluster)
    start_varnish(cluster)
    if processes.status(cluster.front_url()) != 200:
        raise Failed(f"front: {cluster.front_url()} does not answer 200")
    print(f"Cluster up: {cluster.public_url()}")
    ports = ", ".join(map(str, cluster.instance_ports()))
    print(f"  {cluster.options['instances']} instances on 127.0.0.1:{ports}")
    print(f"  HAProxy on {cluster.options['balancer_listen']}, Varnish on {cluster.front_listen}")
    print(f"  PostgreSQL {render.redact(cluster.dsn)}; logs in {cluster.var / 'log'}")
    clienthome = demo_clienthome(cluster)
    admin = cluster.instance_context.get("initial_user_name", "admin")
    print(
        banner(
            state.read_status(clienthome),
            state.read_accounts(clienthome),
            cluster.public_url(),
            admin,
            inbox_url,
        )
    )


def down(cluster):
    stopped = []
    names = ["varnish", "haproxy", *(_instance_name(n) for n in range(cluster.options["instances"])), "mail"]
    for name in names:
        if processes.stop(cluster.var, name):
            stopped.append(name)
    if cluster.own_postgresql:
        server = Server(cluster.var / "postgresql", cluster.options["postgresql_port"])
        if server.running():
            server.stop()
            stopped.append("postgresql")
    print("Stopped: " + (", ".join(stopped) if stopped else "nothing was running"))


def status(cluster):
    rows = []
    for n, port in enumerate(cluster.instance_ports()):
        rows.append((_instance_name(n), processes.status(f"http://127.0.0.1:{port}/{cluster.site_id}/@@ok")))
    host, port = cluster.balancer
    rows.append(("haproxy", processes.status(f"http://{host}:{port}/{cluster.site_id}/@@ok")))
    rows.append(("varnish", processes.status(cluster.front_url("/@@ok"))))
    for name, code in rows:
        print(f"  {name:10} {code or 'down'}")
    return 0 if all(code == 200 for _name, code in rows) else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("up", "down", "status"))
    parser.add_argument("--instance", default="instance.yaml")
    parser.add_argument("--config", default="cluster.yaml")
    args = parser.parse_args(argv)
    try:
        cluster = Cluster(args.instance, args.config)
    except (ClusterConfigError, InstanceConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "down":
        down(cluster)
        return 0
    if args.command == "status":
        return status(cluster)
    try:
        up(cluster)
    except (Failed, InstanceConfigError) as exc:
        print(f"make cluster failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
