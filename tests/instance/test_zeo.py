"""``db_storage: zeo`` works with both blob modes (issue 14, section 1).

The instance renders the ZEO server's configuration (``etc/zeo.conf``)
next to the client's: the same FileStorage, and the blob directory the
chosen ``db_blob_mode`` needs (the clients' own directory with ``shared``,
one of the server's with ``cache``).  A real ZEO server (``runzeo``, as
``make zeo`` runs it) serves two clients, as two instances would be: what
one stores, blob included, the other reads back byte for byte.
"""

from pathlib import Path
from scripts.instance import zeo
from scripts.instance.database import open_database
from scripts.instance.render import write_instance

import socket
import subprocess
import sys
import tempfile
import time
import transaction
import unittest
import yaml
import ZODB.blob

PAYLOAD = b"%PDF-1.4 dokumen KTP " * 4096


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestZEO(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self._tmp.cleanup)
        self.dir = Path(self._tmp.name)
        self.server = f"127.0.0.1:{free_port()}"

    def render(self, name, **context):
        """An instance in ``<tmp>/<name>``: FileStorage and (shared) blobs
        in ``<tmp>/data``, as two instances on one host would share them."""
        directory = self.dir / name
        directory.mkdir()
        context = {
            "initial_user_password": "rahasia-123",
            "db_storage": "zeo",
            "db_zeo_server": self.server,
            "db_filestorage_location": str(self.dir / "data" / "Data.fs"),
            **context,
        }
        path = directory / "instance.yaml"
        path.write_text(yaml.safe_dump({"default_context": context}))
        write_instance(path)
        return path, directory / "instance" / "etc"

    def start_server(self, etc):
        runzeo = Path(sys.executable).parent / "runzeo"
        log = open(self.dir / "runzeo.out", "w")  # noqa: SIM115 - closed in cleanup
        self.addCleanup(log.close)
        process = subprocess.Popen([str(runzeo), "-C", str(etc / "zeo.conf")], stdout=log, stderr=log)

        def stop():
            process.terminate()  # only the server this test started
            process.wait(30)

        self.addCleanup(stop)
        deadline = time.monotonic() + 60
        while not zeo.answers(zeo.address(self.server)):
            self.assertIsNone(process.poll(), (self.dir / "runzeo.out").read_text())
            self.assertLess(time.monotonic(), deadline, "the ZEO server did not start")
            time.sleep(0.2)

    def store_and_read_back(self, writer_etc, reader_etc):
        manager = transaction.TransactionManager()
        db = open_database(writer_etc / "zope.conf")
        try:
            connection = db.open(manager)
            blob = ZODB.blob.Blob(PAYLOAD)
            connection.root()["ktp"] = blob
            manager.commit()
        finally:
            db.close()
        db = open_database(reader_etc / "zope.conf")
        try:
            connection = db.open(transaction.TransactionManager())
            with connection.root()["ktp"].open() as stream:
                self.assertEqual(stream.read(), PAYLOAD)
        finally:
            db.close()

    def test_shared_blobs(self):
        blobs = self.dir / "data" / "blobs"
        path, etc = self.render("a", db_blob_mode="shared", db_blob_location=str(blobs))
        _, etc_b = self.render("b", db_blob_mode="shared", db_blob_location=str(blobs))
        server_conf = (etc / "zeo.conf").read_text()
        # the clients write blob files the server must find: one directory
        self.assertIn(f"blob-dir {blobs}\n", server_conf)
        self.assertIn(f"path {self.dir}/data/Data.fs\n", server_conf)
        self.assertIn("shared-blob-dir true", (etc / "zope.conf").read_text())
        self.assertEqual(zeo.wait(path, seconds=0), 2)  # not started yet: make site stops
        self.start_server(etc)
        self.assertEqual(zeo.wait(path, seconds=0), 0)
        self.store_and_read_back(etc, etc_b)

    def test_cached_blobs(self):
        _, etc = self.render("a", db_blob_mode="cache", db_blob_location=str(self.dir / "cache-a"))
        _, etc_b = self.render("b", db_blob_mode="cache", db_blob_location=str(self.dir / "cache-b"))
        client_conf = (etc / "zope.conf").read_text()
        self.assertIn("shared-blob-dir false", client_conf)
        self.assertIn("blob-cache-size 6312427520", client_conf)  # never a 0-byte cache
        # the server keeps the blobs in a directory of its own
        self.assertIn(f"blob-dir {self.dir}/data/blobstorage\n", (etc / "zeo.conf").read_text())
        self.start_server(etc)
        self.store_and_read_back(etc, etc_b)
        # the second client fetched the blob into its own cache
        self.assertTrue(any(p.is_file() and p.suffix == ".blob" for p in (self.dir / "cache-b").rglob("*")))

    def test_serve_refuses_another_storage(self):
        directory = self.dir / "direct"
        directory.mkdir()
        path = directory / "instance.yaml"
        path.write_text(yaml.safe_dump({"default_context": {"initial_user_password": "rahasia-123"}}))
        self.assertEqual(zeo.main(["serve", str(path)]), 2)
        self.assertEqual(zeo.main(["wait", str(path)]), 0)  # nothing to wait for
