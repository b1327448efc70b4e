"""`make check-blobs` on a real instance: the demo site, its stored documents,
and one blob file removed behind the database's back."""

from pathlib import Path
from scripts.instance.check_blobs import blobs_of
from scripts.instance.check_blobs import contents
from scripts.instance.database import open_database
from scripts.instance.render import write_instance

import os
import re
import subprocess
import sys
import tempfile
import unittest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args, **kw):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=ROOT, timeout=600, **kw)


class DemoInstanceLayer:
    """A rendered instance (FileStorage with blob-dir) holding the demo site,
    made as `make start` makes it."""

    @classmethod
    def setUp(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls._tmp.name)
        config = cls.dir / "instance.yaml"
        config.write_text(yaml.safe_dump({"default_context": {"initial_user_password": "rahasia-123"}}))
        write_instance(config)
        cls.zope_conf = cls.dir / "instance" / "etc" / "zope.conf"
        created = run(
            BIN / "zconsole",
            "run",
            cls.zope_conf,
            ROOT / "scripts" / "create_site.py",
            env=dict(os.environ, PUBLIC_SITE_URL="http://localhost:8080/ptsp"),
        )
        assert created.returncode == 0, created.stdout + created.stderr

    @classmethod
    def tearDown(cls):
        cls._tmp.cleanup()


class TestCheckBlobs(unittest.TestCase):
    layer = DemoInstanceLayer

    def setUp(self):
        self.dir = self.layer.dir
        self.zope_conf = self.layer.zope_conf

    def check(self):
        return run(sys.executable, "-m", "scripts.instance.check_blobs", self.zope_conf)

    def test_clean_then_a_lost_file_is_reported(self):
        result = self.check()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("Every document has its file.", result.stdout)
        checked = re.search(r"Checked (\d+) documents of (\d+) applications", result.stdout)
        self.assertIsNotNone(checked, result.stdout)
        self.assertGreater(int(checked.group(1)), 0)
        self.assertGreater(int(checked.group(2)), 0)

        # Remove the file of one application's document, as the <blobstorage>
        # proxy did, behind the database's back.
        number, document, path = self.first_document()
        os.unlink(path)

        result = self.check()
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("1 application(s) have documents without their file:", result.stdout)
        self.assertIn(f"\n  ptsp  {number}: {document} (file)", result.stdout)

    def first_document(self):
        """(tracking number, document id, blob file path) of a demo document."""
        db = open_database(self.zope_conf, read_only=True)
        try:
            conn = db.open()
            site = conn.root()["Application"]["ptsp"]
            application = next(iter(contents(site["permohonan"])))
            document = next(iter(contents(application)))
            _, blob = next(blobs_of(document))
            blob._p_activate()
            path = conn._storage.loadBlob(blob._p_oid, blob._p_serial)
            result = application.tracking_number, document.getId(), path
            conn.close()
            return result
        finally:
            db.close()

    def test_unreadable_configuration(self):
        result = run(sys.executable, "-m", "scripts.instance.check_blobs", self.dir / "nope.conf")
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot open the database", result.stderr)
