"""A throwaway PostgreSQL server for the tests, from Debian's packages.

``initdb`` in a temporary directory, ``pg_ctl start`` on a free port of
127.0.0.1 (trust authentication, no fsync), a database per test
(``create_database``), everything removed at the end.  PostgreSQL refuses to
run as root: as root, the directory belongs to the ``postgres`` account and
the binaries run as that account (``runuser``).  ``make test-deps`` installs
the ``postgresql`` package when no ``initdb`` is found; without it, the
tests that need the server are skipped with the reason.
"""

from plone.testing import Layer

import atexit
import glob
import itertools
import os
import psycopg2
import pwd
import shutil
import socket
import subprocess
import tempfile

RUN_AS = "postgres"


def binaries():
    """The directory of ``initdb`` and ``pg_ctl`` (the newest Debian
    version), or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(os.path.dirname(found))
    for directory in candidates:
        if all(os.access(os.path.join(directory, name), os.X_OK) for name in ("initdb", "pg_ctl")):
            return directory
    return None


def _version(directory):
    try:
        return int(directory.split("/")[-2])
    except ValueError:
        return 0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgreSQLServer:
    def __init__(self, bindir):
        self.bindir = bindir
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="ptsp-postgresql-")
        self.data = os.path.join(self.directory, "data")
        self.log = os.path.join(self.directory, "server.log")
        self.account = None
        if os.geteuid() == 0:
            self.account = pwd.getpwnam(RUN_AS)
            os.chown(self.directory, self.account.pw_uid, self.account.pw_gid)
        self._names = itertools.count(1)
        self.running = False

    def _run(self, *args):
        # the server started by pg_ctl writes to ``-l`` (never our pipes, or
        # ``run`` would wait for the server to end)
        command = [os.path.join(self.bindir, args[0]), *args[1:]]
        if self.account is not None:
            command = ["runuser", "-u", self.account.pw_name, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = open(self.log).read() if os.path.exists(self.log) else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}{log}")
        return result

    def start(self):
        self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self.running = True
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-o", options, "start")
        return self

    def restart(self):
        """Stop and start again: every open connection is closed by the server."""
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-m", "fast", "-w", "restart")

    def stop(self):
        if self.running:
            self.running = False
            try:
                self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
            except RuntimeError:
                pass
        shutil.rmtree(self.directory, ignore_errors=True)

    def dsn(self, database="postgres", user="postgres"):
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql, database="postgres", params=None):
        """Run one statement as the superuser, in autocommit."""
        connection = psycopg2.connect(self.dsn(database))
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()

    def create_database(self, prefix="ptsp_test"):
        """A new empty database; its DSN."""
        name = f"{prefix}_{next(self._names)}"
        self.execute(f"CREATE DATABASE {name}")
        return self.dsn(name)


class PostgreSQLLayer(Layer):
    """``self["postgresql"]``: the running server, or None with
    ``self["postgresql_missing"]`` saying why (the tests then skip)."""

    def setUp(self):
        bindir = binaries()
        if bindir is None:
            self["postgresql"] = None
            self["postgresql_missing"] = (
                "PostgreSQL is not installed (no initdb): run `make test-deps` (apt-get install postgresql)"
            )
            return
        server = PostgreSQLServer(bindir)
        atexit.register(server.stop)
        try:
            server.start()
        except BaseException:
            server.stop()
            raise
        self["postgresql"] = server

    def tearDown(self):
        server = self["postgresql"]
        if server is not None:
            server.stop()
        del self["postgresql"]


POSTGRESQL = PostgreSQLLayer(name="PostgreSQL")


def server_for(test):
    """The layer's server, or skip ``test`` with the reason."""
    server = test.layer["postgresql"]
    if server is None:
        test.skipTest(test.layer["postgresql_missing"])
    return server
