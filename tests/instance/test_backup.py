"""``make backup`` / ``make restore`` / ``make pack`` (scripts/instance/backup.py)
run as commands on real storages: the demo instance of ``make start``
(FileStorage with its blob directory) and a RelStorage database on a
throwaway PostgreSQL server with the blobs in the database."""

from pathlib import Path
from scripts.instance.check_blobs import blobs_of
from scripts.instance.check_blobs import contents
from scripts.instance.database import open_database
from scripts.instance.render import write_instance
from tests.instance.test_check_blobs import DemoInstanceLayer
from tests.instance.test_check_blobs import run
from tests.postgresql import POSTGRESQL
from tests.postgresql import server_for
from ZODB.blob import Blob
from ZODB.FileStorage import FileStorage
from ZODB.utils import get_pickle_metadata
from ZODB.utils import u64

import hashlib
import json
import os
import psycopg2
import shutil
import sys
import tempfile
import transaction
import unittest
import yaml
import ZODB


def command(config, *args):
    return run(sys.executable, "-m", "scripts.instance.backup", "--config", config, *args)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def records(storage):
    """{oid: (tid, sha of the record, sha of the blob file or None)} of every
    object's current record, read from the storage itself."""
    found = {}
    next_oid = None
    while True:
        oid, tid, data, next_oid = storage.record_iternext(next_oid)
        blob = None
        if get_pickle_metadata(data) == ("ZODB.blob", "Blob"):
            with open(storage.loadBlob(oid, tid), "rb") as stream:
                blob = sha(stream.read())
        found[u64(oid)] = (tid, sha(data), blob)
        if next_oid is None:
            return found


def applications(root):
    """{tracking number: {document id: {field: sha of the file}}} of the
    applications of the demo site."""
    found = {}
    for application in contents(root["Application"]["ptsp"]["permohonan"]):
        documents = {}
        for document in contents(application):
            fields = {}
            for field, blob in blobs_of(document):
                with blob.open("r") as stream:
                    fields[field] = sha(stream.read())
            documents[document.getId()] = fields
        found[application.tracking_number] = documents
    return found


class TestFileStorageRestoreDrill(unittest.TestCase):
    """Create applications, back up, lose the instance, restore into an
    empty one: every application and document is there, byte for byte."""

    layer = DemoInstanceLayer

    def setUp(self):
        self.dir = self.layer.dir
        self.config = self.dir / "instance.yaml"
        self.var = self.dir / "instance" / "var"
        self.datafs = self.var / "filestorage" / "Data.fs"

    def snapshot(self):
        db = open_database(self.layer.zope_conf, read_only=True)
        try:
            conn = db.open()
            try:
                return applications(conn.root()), records(db.storage)
            finally:
                conn.close()
        finally:
            db.close()

    def lose_instance(self):
        """Move the instance's var/ away (put back when the test ends, for the
        other tests of the layer)."""
        lost = self.dir / "var.lost"
        os.rename(self.var, lost)

        def put_back():
            shutil.rmtree(self.var, ignore_errors=True)
            os.rename(lost, self.var)

        self.addCleanup(put_back)

    def backup(self):
        """Run the backup; its folder (the layer's backups/ holds those of
        the other tests too)."""
        backups = self.dir / "backups"
        earlier = set(backups.iterdir()) if backups.exists() else set()
        result = command(self.config, "backup")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("Backup ", result.stdout)
        (folder,) = set(backups.iterdir()) - earlier
        return folder

    def test_restore_drill(self):
        before_applications, before_records = self.snapshot()
        self.assertGreater(len(before_applications), 0)
        documents = [
            field for docs in before_applications.values() for fields in docs.values() for field in fields
        ]
        self.assertGreater(len(documents), 0)

        folder = self.backup()
        manifest = json.loads((folder / "backup.json").read_text())
        self.assertEqual(manifest["storage"], "direct")
        self.assertGreater(manifest["blob_files"], len(documents))

        self.lose_instance()
        self.assertFalse(self.datafs.exists())
        result = command(self.config, "restore", folder)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

        after_applications, after_records = self.snapshot()
        self.assertEqual(after_applications, before_applications)
        self.assertEqual(after_records, before_records)

        # the restored instance is a target that holds data: refused, untouched
        stat = self.datafs.stat()
        result = command(self.config, "restore", folder)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("the instance holds data", result.stderr)
        self.assertIn("OVERWRITE=1", result.stderr)
        self.assertEqual(self.datafs.stat().st_mtime_ns, stat.st_mtime_ns)

        # told to overwrite, it replaces the data
        result = command(self.config, "restore", folder, "--overwrite")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(self.snapshot(), (before_applications, before_records))

    def test_refuses_blob_files_without_data_fs(self):
        folder = self.backup()
        self.lose_instance()
        blob = self.var / "blobstorage" / "0x00" / "0x01.blob"
        blob.parent.mkdir(parents=True)
        blob.write_bytes(b"a file of another database")
        result = command(self.config, "restore", folder)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("the instance holds data", result.stderr)
        self.assertFalse(self.datafs.exists())
        self.assertEqual(blob.read_bytes(), b"a file of another database")

    def test_refuses_a_running_instance(self):
        folder = self.backup()
        # the running instance: the database open for writing, Data.fs.lock held
        db = open_database(self.layer.zope_conf)
        self.addCleanup(db.close)
        result = command(self.config, "restore", folder, "--overwrite")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("the instance is running", result.stderr)
        # and the backup works while it runs (repozo reads to the last transaction)
        self.backup()

    def test_refuses_a_folder_that_is_not_a_backup(self):
        result = command(self.config, "restore", self.dir / "instance")
        self.assertEqual(result.returncode, 1)
        self.assertIn("is not a complete backup", result.stderr)


class SmallFileStorageCase(unittest.TestCase):
    """An instance.yaml in a temporary directory and a plain FileStorage with
    blobs (no Plone site needed)."""

    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.dir = Path(directory.name)
        self.config = self.dir / "instance.yaml"
        self.config.write_text(yaml.safe_dump({"default_context": {"initial_user_password": "rahasia-123"}}))
        plan = write_instance(self.config)
        self.zope_conf = next(iter(plan["files"]))
        self.datafs = self.dir / "instance" / "var" / "filestorage" / "Data.fs"
        self.blobs = self.dir / "instance" / "var" / "blobstorage"

    def database(self, **kw):
        return ZODB.DB(FileStorage(str(self.datafs), blob_dir=str(self.blobs), **kw))

    def write_history(self, versions=6):
        """One document whose text and file change ``versions`` times."""
        db = self.database()
        try:
            conn = db.open()
            root = conn.root()
            root["file"] = Blob()
            for version in range(versions):
                root["text"] = f"versi {version} " * 20000
                with root["file"].open("w") as stream:
                    stream.write(f"berkas {version} ".encode() * 20000)
                transaction.commit()
            conn.close()
        finally:
            db.close()

    def blob_files(self):
        return sorted(p for p in self.blobs.rglob("*.blob") if ".removed" not in p.parts)


class TestPackFileStorage(SmallFileStorageCase):
    def test_pack_drops_history_and_keeps_the_data(self):
        self.write_history()
        size = self.datafs.stat().st_size
        self.assertEqual(len(self.blob_files()), 6)

        result = command(self.config, "pack", "--days", "0")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("Packed ", result.stdout)
        self.assertIn(" -> ", result.stdout)

        self.assertLess(self.datafs.stat().st_size, size / 3)
        self.assertEqual(len(self.blob_files()), 1)
        db = self.database(read_only=True)
        try:
            conn = db.open()
            self.assertEqual(conn.root()["text"], "versi 5 " * 20000)
            with conn.root()["file"].open("r") as stream:
                self.assertEqual(stream.read(), b"berkas 5 " * 20000)
            conn.close()
        finally:
            db.close()

    def test_pack_keeps_the_days_of_instance_yaml(self):
        self.write_history()
        size = self.datafs.stat().st_size
        # db_pack_days 7 (the default): this history is minutes old, kept
        result = command(self.config, "pack")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("keeping 7 day(s)", result.stdout)
        self.assertEqual(len(self.blob_files()), 6)
        self.assertGreater(self.datafs.stat().st_size, size * 0.9)

    def test_pack_refuses_a_running_instance(self):
        self.write_history(versions=2)
        db = self.database()
        self.addCleanup(db.close)
        size = self.datafs.stat().st_size
        result = command(self.config, "pack", "--days", "0")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("the instance is running", result.stderr)
        self.assertEqual(self.datafs.stat().st_size, size)


class TestBackupFolders(SmallFileStorageCase):
    def test_each_backup_is_complete_and_shares_unchanged_blobs(self):
        self.write_history(versions=3)
        first = command(self.config, "backup")
        self.assertEqual(first.returncode, 0, first.stderr)
        self.write_history(versions=1)  # a new file object: one new blob
        second = command(self.config, "backup")
        self.assertEqual(second.returncode, 0, second.stderr)
        folders = sorted((self.dir / "backups").iterdir())
        self.assertEqual(len(folders), 2)
        manifests = [json.loads((f / "backup.json").read_text()) for f in folders]
        self.assertEqual([m["blob_files"] for m in manifests], [4, 5])  # .layout and the blobs
        self.assertEqual(manifests[1]["blob_files_linked"], 3)

        # the older folder removed, the newer one restores alone
        shutil.rmtree(folders[0])
        shutil.rmtree(self.dir / "instance" / "var")
        result = command(self.config, "restore", folders[1])
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        db = self.database(read_only=True)
        try:
            conn = db.open()
            with conn.root()["file"].open("r") as stream:
                self.assertEqual(stream.read(), b"berkas 0 " * 20000)
            conn.close()
        finally:
            db.close()

    def test_nothing_to_back_up(self):
        result = command(self.config, "backup")
        self.assertEqual(result.returncode, 1)
        self.assertIn("nothing to back up", result.stderr)
        self.assertEqual(list((self.dir / "backups").iterdir()), [])

    def test_zeo_backs_up_on_the_server(self):
        self.config.write_text(
            yaml.safe_dump({"default_context": {"initial_user_password": "rahasia-123", "db_storage": "zeo"}})
        )
        result = command(self.config, "backup")
        self.assertEqual(result.returncode, 1)
        self.assertIn("ZEO server", result.stderr)

    def test_unknown_key_is_a_configuration_error(self):
        self.config.write_text(
            yaml.safe_dump({"default_context": {"initial_user_password": "rahasia-123", "db_pack_dayz": 3}})
        )
        result = command(self.config, "pack")
        self.assertEqual(result.returncode, 2)
        self.assertIn("db_pack_dayz: unknown key", result.stderr)


class TestRelStorageRestoreDrill(unittest.TestCase):
    """RelStorage on PostgreSQL, history-free, blobs in the database
    (db_blob_mode cache): pg_dump is the whole backup."""

    layer = POSTGRESQL

    def setUp(self):
        self.server = server_for(self)
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.dir = Path(directory.name)
        # RelStorage appends to the DSN: the key=value form, not a URI
        self.name = self.server.create_database("ptsp_backup").rsplit("/", 1)[1]
        self.dsn = f"dbname={self.name} user=postgres host=127.0.0.1 port={self.server.port}"
        self.config = self.dir / "instance.yaml"
        context = {
            "initial_user_password": "rahasia-123",
            "db_storage": "relstorage",
            "db_relstorage_postgresql_dsn": self.dsn,
            "db_blob_mode": "cache",
        }
        self.config.write_text(yaml.safe_dump({"default_context": context}))
        plan = write_instance(self.config)
        self.zope_conf = next(iter(plan["files"]))
        self.blob_cache = self.dir / "instance" / "var" / "blobstorage"

    def write(self, count=5):
        db = open_database(self.zope_conf)
        try:
            conn = db.open()
            root = conn.root()
            for number in range(count):
                root[f"berkas-{number}"] = blob = Blob()
                with blob.open("w") as stream:
                    stream.write(os.urandom(50000 + number))
                root[f"data-{number}"] = {"nomor": f"PTSP-{number:04d}", "teks": "x" * number}
            transaction.commit()
            conn.close()
        finally:
            db.close()

    def snapshot(self):
        db = open_database(self.zope_conf, read_only=True)
        try:
            conn = db.open()
            result = {}
            for key, value in conn.root().items():
                if isinstance(value, Blob):
                    with value.open("r") as stream:
                        value = sha(stream.read())
                result[key] = value
            conn.close()
            return result, records(db.storage)
        finally:
            db.close()

    def lose_database(self):
        self.server.execute(f"DROP DATABASE {self.name}")
        self.server.execute(f"CREATE DATABASE {self.name}")
        shutil.rmtree(self.blob_cache)

    def test_restore_drill(self):
        self.write()
        before = self.snapshot()
        self.assertEqual(len(before[0]), 10)

        result = command(self.config, "backup")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        (folder,) = (self.dir / "backups").iterdir()
        self.assertTrue((folder / "relstorage.dump").is_file())
        self.assertFalse((folder / "blobstorage").exists())

        self.lose_database()
        result = command(self.config, "restore", folder)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(self.snapshot(), before)

        result = command(self.config, "restore", folder)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("the database holds data", result.stderr)

        # a connected instance: refused even with OVERWRITE
        connection = psycopg2.connect(self.dsn)
        self.addCleanup(connection.close)
        result = command(self.config, "restore", folder, "--overwrite")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("stop the instance first", result.stderr)
        connection.close()

        self.write(count=7)  # changes after the backup, then undone by it
        self.assertNotEqual(self.snapshot(), before)
        result = command(self.config, "restore", folder, "--overwrite")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        shutil.rmtree(self.blob_cache)  # the cache of the replaced data
        self.assertEqual(self.snapshot(), before)

    def test_failed_backup_leaves_no_folder(self):
        self.server.execute(f"DROP DATABASE {self.name}")
        result = command(self.config, "backup")
        self.assertEqual(result.returncode, 1)
        self.assertIn("failed", result.stderr)
        self.assertEqual(list((self.dir / "backups").iterdir()), [])

    def test_pack_collects_garbage(self):
        self.write()
        db = open_database(self.zope_conf)
        try:
            conn = db.open()
            for number in range(3):
                del conn.root()[f"berkas-{number}"]
            transaction.commit()
            conn.close()
        finally:
            db.close()
        objects = self.server.execute("SELECT count(*) FROM object_state", database=self.name)[0][0]

        count = "SELECT count(*) FROM object_state"
        # db_pack_days 7: garbage younger than that is kept
        result = command(self.config, "pack")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("object records", result.stdout)
        self.assertEqual(self.server.execute(count, database=self.name)[0][0], objects)

        result = command(self.config, "pack", "--days", "0")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"{objects} -> {objects - 3} object records", result.stdout)
        self.assertEqual(self.server.execute(count, database=self.name)[0][0], objects - 3)
        data, _records = self.snapshot()
        self.assertEqual(sorted(k for k in data if k.startswith("berkas")), ["berkas-3", "berkas-4"])
