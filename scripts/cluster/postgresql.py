"""The cluster's own PostgreSQL (Debian's binaries), data kept in
``<directory>/var/postgresql`` across runs.  PostgreSQL refuses to run as
root: as root, the directory belongs to the ``postgres`` account and the
binaries run as it (``runuser``), as in the tests (tests/postgresql.py)."""

from pathlib import Path

import glob
import os
import psycopg2
import pwd
import subprocess

RUN_AS = "postgres"


def bindir():
    def version(directory):
        try:
            return int(directory.split("/")[-2])
        except ValueError:
            return 0

    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if os.access(os.path.join(directory, "pg_ctl"), os.X_OK):
            return directory
    return None


class Server:
    def __init__(self, directory, port):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self.port = port
        self.bindir = bindir()
        self.account = pwd.getpwnam(RUN_AS) if os.geteuid() == 0 else None

    def _run(self, *args, check=True):
        if self.bindir is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        command = [os.path.join(self.bindir, args[0]), *args[1:]]
        if self.account is not None:
            command = ["runuser", "-u", self.account.pw_name, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
        if check and result.returncode != 0:
            tail = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}{tail}")
        return result

    def running(self):
        if not self.data.exists():
            return False
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def start(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        if self.account is not None:
            os.chown(self.directory, self.account.pw_uid, self.account.pw_gid)
        if not (self.data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        if self.running():
            return
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def restart(self):
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "restart")

    def stop(self):
        if self.running():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


def ensure_database(dsn):
    """Create the DSN's database on its server when it does not exist."""
    parameters = psycopg2.extensions.parse_dsn(dsn)
    name = parameters.pop("dbname")
    connection = psycopg2.connect(**{**parameters, "dbname": "postgres"}, connect_timeout=5)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
