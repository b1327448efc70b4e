"""cluster.yaml: its keys, their defaults and checks, and what is derived
from them and from instance.yaml (ports, the DSN, the front's address)."""

from pathlib import Path
from scripts.instance.options import LISTEN_RE
from scripts.instance.options import load as load_instance
from scripts.instance.options import SMALLEST_BLOB_CACHE

import yaml


class ClusterConfigError(ValueError):
    def __init__(self, key, message):
        self.key = key
        super().__init__(f"cluster.yaml: {key}: {message}")


DEFAULTS = {
    "directory": "cluster",
    "site_id": "ptsp",
    "instances": 2,
    "instance_base_port": 8091,
    "instance_threads": 1,
    "balancer_listen": "127.0.0.1:8090",
    "postgresql_dsn": "",
    "postgresql_port": 8094,
    "cache_size": "256M",
    "blob_cache_size": 512 * 1024 * 1024,
}
INT_KEYS = ("instances", "instance_base_port", "instance_threads", "postgresql_port", "blob_cache_size")
DATABASE = "ptsp"


def split_listen(listen):
    host, _, port = str(listen).rpartition(":")
    host = host.strip("[]")
    if host in ("", "*", "0.0.0.0", "localhost"):
        host = "127.0.0.1"
    return host, int(port)


class Cluster:
    """Everything ``scripts.cluster`` needs, from both files."""

    def __init__(self, instance_yaml, cluster_yaml):
        self.instance_yaml = Path(instance_yaml).resolve()
        self.cluster_yaml = Path(cluster_yaml).resolve()
        self.instance_context = load_instance(self.instance_yaml)
        data = yaml.safe_load(self.cluster_yaml.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ClusterConfigError("(file)", "must be a mapping of keys")
        for key in data:
            if key not in DEFAULTS:
                raise ClusterConfigError(key, "unknown key")
        options = {**DEFAULTS, **data}
        for key in INT_KEYS:
            value = options[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ClusterConfigError(key, "must be a whole number, 1 or more")
        if options["blob_cache_size"] < SMALLEST_BLOB_CACHE:
            raise ClusterConfigError(
                "blob_cache_size",
                f"at least {SMALLEST_BLOB_CACHE} bytes (100 MB): each instance's cache must hold "
                "every document being read at once",
            )
        if not LISTEN_RE.match(str(options["balancer_listen"])):
            raise ClusterConfigError("balancer_listen", "must be host:port")
        self.options = options
        self.root = self.cluster_yaml.parent
        directory = Path(options["directory"])
        self.directory = directory if directory.is_absolute() else self.root / directory
        self.var = self.directory / "var"
        self.site_id = options["site_id"]
        self.front_listen = self.instance_context.get("wsgi_listen", "localhost:8080")
        self.front = split_listen(self.front_listen)
        self.balancer = split_listen(options["balancer_listen"])
        self.own_postgresql = not str(options["postgresql_dsn"]).strip()
        self.dsn = (
            f"postgresql://postgres@127.0.0.1:{options['postgresql_port']}/{DATABASE}"
            if self.own_postgresql
            else str(options["postgresql_dsn"]).strip()
        )
        ports = {self.front[1], self.balancer[1], *self.instance_ports()}
        if self.own_postgresql:
            ports.add(options["postgresql_port"])
        if len(ports) != 3 + options["instances"]:
            raise ClusterConfigError(
                "instance_base_port", "the front, balancer, instances and database need distinct ports"
            )

    def instance_ports(self):
        base = self.options["instance_base_port"]
        return [base + n for n in range(self.options["instances"])]

    def instance_dirs(self):
        return [self.directory / f"instance{n + 1}" for n in range(self.options["instances"])]

    def front_url(self, path=""):
        host, port = self.front
        return f"http://{host}:{port}/{self.site_id}{path}"

    def public_url(self):
        """The portal's address, as ``make start`` prints it."""
        return f"http://{self.front_listen}/{self.site_id}".replace("http://*:", "http://localhost:")
