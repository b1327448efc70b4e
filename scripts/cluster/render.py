"""The cluster's files: the instances (scripts.instance.render, from
instance.yaml with the cluster's overrides), haproxy.cfg and varnish.vcl."""

from pathlib import Path
from scripts.instance.options import trusted_proxies
from scripts.instance.render import write_options
from string import Template

import psycopg2
import re

TEMPLATES = Path(__file__).parent / "templates"
# the balancer and the cache run on this host: Zope takes the client from
# X-Forwarded-For past them (several proxies: Zope's trusted-proxy does it)
LOOPBACK = ("127.0.0.1", "::1")


def keyword_dsn(dsn):
    """RelStorage appends ``application_name=...`` to its DSN: it needs the
    ``key=value`` form, not a URL."""
    parameters = psycopg2.extensions.parse_dsn(dsn)
    return " ".join(f"{key}={value}" for key, value in parameters.items())


def redact(dsn):
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", dsn)


def instance_context(cluster, n, port):
    """instance.yaml's settings for instance ``n``, with the cluster's storage,
    port and threads (``instance_threads``: the balancer, not the threads,
    spreads the requests)."""
    context = dict(cluster.instance_context)
    target = cluster.directory / f"instance{n + 1}"
    proxies = [
        *LOOPBACK,
        *(p for p in trusted_proxies(context.get("trusted_proxy", "")) if p not in LOOPBACK),
    ]
    environment = dict(context.get("environment") or {})
    # limits that must hold across the instances (security/sharedlimits.py)
    environment.setdefault("PTSP_SHARED_LIMITS", cluster.dsn)
    context.update(
        target=str(target),
        location_clienthome=str(target / "var"),
        location_log=str(target / "var" / "log"),
        wsgi_listen=f"127.0.0.1:{port}",
        wsgi_fast_listen="",
        wsgi_threads=cluster.options["instance_threads"],
        trusted_proxy=",".join(proxies),
        wsgi_clear_untrusted_proxy_headers=False,
        db_storage="relstorage",
        db_relstorage="postgresql",
        db_relstorage_postgresql_dsn=keyword_dsn(cluster.dsn),
        db_relstorage_keep_history=False,
        # blobs in PostgreSQL; this directory is only the instance's cache
        db_blob_mode="cache",
        db_blob_location=str(target / "var" / "blobcache"),
        db_blob_cache_size=cluster.options["blob_cache_size"],
        environment=environment,
    )
    return context


def instances(cluster):
    """Render every instance; ``([zope.conf], [zope.ini])``."""
    confs, inis = [], []
    for n, port in enumerate(cluster.instance_ports()):
        plan = write_options(instance_context(cluster, n, port), cluster.root)
        files = list(plan["files"])
        confs.append(files[0])
        inis.append(files[1])
    return confs, inis


def _write(cluster, name, text):
    path = cluster.directory / "etc" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def haproxy(cluster):
    threads = cluster.options["instance_threads"]
    servers = "\n".join(
        f"    server instance{n + 1} 127.0.0.1:{port} check"
        for n, port in enumerate(cluster.instance_ports())
    )
    text = Template((TEMPLATES / "haproxy.cfg").read_text(encoding="utf-8")).substitute(
        balancer_listen=cluster.options["balancer_listen"],
        site_id=cluster.site_id,
        maxconn=threads,
        servers=servers,
    )
    return _write(cluster, "haproxy.cfg", text)


def vcl(balancer_host, balancer_port, purgers=LOOPBACK):
    """The VCL in front of the balancer (the tests put it in front of a test server)."""
    return Template((TEMPLATES / "varnish.vcl").read_text(encoding="utf-8")).substitute(
        balancer_host=balancer_host,
        balancer_port=balancer_port,
        purgers="\n".join(f'    "{address}";' for address in purgers),
    )


def varnish(cluster):
    host, port = cluster.balancer
    return _write(cluster, "varnish.vcl", vcl(host, port))
