"""A throwaway PostgreSQL server for the RelStorage benchmark runs.

Debian's PostgreSQL binaries (``initdb``, ``pg_ctl``) on ``PATH`` or in
``/usr/lib/postgresql/*/bin``; a cluster in a temporary directory of its
own, listening on a Unix socket there and on a free loopback port, stopped
and removed by ``stop()``.  PostgreSQL refuses to run as root: as root,
the cluster belongs to the ``postgres`` system user.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile


def _binary(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise SystemExit(f"PostgreSQL's {name} not found (apt-get install postgresql)")
    return candidates[-1]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgreSQL:
    def __init__(self):
        # a directory of its own: the postgres user must be able to reach it
        self.directory = tempfile.mkdtemp(prefix="ptsp-bench-pg-")
        self.data = os.path.join(self.directory, "data")
        self.port = _free_port()
        self.prefix = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.makedirs(self.data, exist_ok=True)
            for path in (self.directory, self.data):
                os.chown(path, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
            self.user = "postgres"
        else:
            self.user = pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *cmd):
        subprocess.run([*self.prefix, *cmd], check=True, capture_output=True)

    def start(self):
        self._run(_binary("initdb"), "-D", self.data, "-A", "trust", "-U", self.user, "-E", "UTF8")
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.directory} -c max_connections=200 "
            "-c fsync=off -c synchronous_commit=off"
        )
        self._run(
            _binary("pg_ctl"), "-D", self.data, "-o", options, "-w", "-l", f"{self.directory}/pg.log", "start"
        )
        self._run(
            _binary("psql"),
            "-h",
            self.directory,
            "-p",
            str(self.port),
            "-U",
            self.user,
            "-d",
            "postgres",
            "-c",
            "CREATE DATABASE ptsp",
        )
        return self

    @property
    def dsn(self):
        return f"host={self.directory} port={self.port} dbname=ptsp user={self.user}"

    def stop(self):
        subprocess.run(
            [*self.prefix, _binary("pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.directory, ignore_errors=True)
