"""instance.yaml -> etc/zope.conf, zope.ini, site.zcml and inituser."""

from pathlib import Path
from scripts.instance.options import InstanceConfigError
from scripts.instance.render import main
from scripts.instance.render import write_instance

import configparser
import io
import tempfile
import textwrap
import unittest
import yaml


def load_zope_conf(path):
    from Zope2.Startup.options import ZopeWSGIOptions

    return ZopeWSGIOptions(configfile=str(path))().configroot


class RenderCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self._tmp.name)
        self.addCleanup(self._tmp.cleanup)

    def write_yaml(self, **context):
        context.setdefault("initial_user_password", "rahasia-123")
        path = self.dir / "instance.yaml"
        path.write_text(yaml.safe_dump({"default_context": context}))
        return path

    def conf(self):
        return (self.dir / "instance" / "etc" / "zope.conf").read_text()


class TestStorages(RenderCase):
    def test_direct_filestorage_with_blobs(self):
        write_instance(self.write_yaml(db_storage="direct"))
        text = self.conf()
        # FileStorage's own blob support, never ZODB's <blobstorage> proxy
        self.assertNotIn("blobstorage>", text)
        self.assertIn(
            "  <filestorage>\n"
            f"    path {self.dir}/instance/var/filestorage/Data.fs\n"
            f"    blob-dir {self.dir}/instance/var/blobstorage\n",
            text,
        )
        config = load_zope_conf(self.dir / "instance" / "etc" / "zope.conf")
        db = config.databases[0]
        self.assertEqual(db.config.storage.config.blob_dir, f"{self.dir}/instance/var/blobstorage")
        self.assertTrue((self.dir / "instance" / "var" / "filestorage").is_dir())

    def test_relstorage_postgresql(self):
        dsn = "dbname='ptsp' user='ptsp' host='localhost' password='x'"
        write_instance(
            self.write_yaml(
                db_storage="relstorage",
                db_relstorage_postgresql_dsn=dsn,
                db_blob_mode="cache",
                db_blob_cache_size=200000000,
            )
        )
        text = self.conf()
        self.assertIn("%import relstorage", text)
        self.assertIn(f"dsn {dsn}", text)
        self.assertIn("shared-blob-dir false", text)
        self.assertIn("blob-cache-size 200000000", text)
        config = load_zope_conf(self.dir / "instance" / "etc" / "zope.conf")
        storage = config.databases[0].config.storage
        self.assertEqual(storage.config.adapter.config.dsn, dsn)
        self.assertFalse(storage.config.shared_blob_dir)

    def test_zeo_client(self):
        write_instance(self.write_yaml(db_storage="zeo", db_zeo_server="127.0.0.1:8100"))
        text = self.conf()
        self.assertIn("%import ZEO", text)
        self.assertIn("server 127.0.0.1:8100", text)
        config = load_zope_conf(self.dir / "instance" / "etc" / "zope.conf")
        storage = config.databases[0].config.storage
        self.assertEqual(storage.config.blob_dir, f"{self.dir}/instance/var/blobstorage")


class TestConflictRetries(RenderCase):
    """``max_conflict_retries`` reaches Zope (it was accepted and dropped)."""

    def test_rendered(self):
        write_instance(self.write_yaml(max_conflict_retries=6))
        self.assertIn("\nmax-conflict-retries 6\n", self.conf())
        config = load_zope_conf(self.dir / "instance" / "etc" / "zope.conf")
        self.assertEqual(config.max_conflict_retries, 6)

    def test_default_is_zopes(self):
        """As cookiecutter-zope-instance: no line for Zope's own default, 3."""
        write_instance(self.write_yaml())
        self.assertNotIn("max-conflict-retries", self.conf())
        config = load_zope_conf(self.dir / "instance" / "etc" / "zope.conf")
        self.assertEqual(config.max_conflict_retries, 3)

    def test_zero(self):
        write_instance(self.write_yaml(max_conflict_retries=0))
        config = load_zope_conf(self.dir / "instance" / "etc" / "zope.conf")
        self.assertEqual(config.max_conflict_retries, 0)


class TestFiles(RenderCase):
    def test_zope_ini_listen_and_threads(self):
        write_instance(self.write_yaml(wsgi_listen="127.0.0.1:9090", wsgi_threads=2))
        ini = configparser.RawConfigParser()
        ini.read(self.dir / "instance" / "etc" / "zope.ini")
        self.assertEqual(ini["server:main"]["listen"], "127.0.0.1:9090")
        self.assertEqual(ini["server:main"]["threads"], "2")
        self.assertTrue(ini["app:zope"]["zope_conf"].endswith("zope.conf"))

    def test_site_zcml(self):
        write_instance(self.write_yaml())
        zcml = (self.dir / "instance" / "etc" / "site.zcml").read_text()
        self.assertIn("five:loadProducts", zcml)

    def test_inituser_hashed_and_only_on_first_render(self):
        path = self.write_yaml(initial_user_name="kepala", initial_user_password="rahasia-123")
        write_instance(path)
        inituser = self.dir / "instance" / "inituser"
        name, hashed = inituser.read_text().strip().split(":", 1)
        self.assertEqual(name, "kepala")
        self.assertTrue(hashed.startswith("{SHA}"))
        self.assertNotIn("rahasia", hashed)
        inituser.unlink()  # Zope removes it once the user exists
        write_instance(path)
        self.assertFalse(inituser.exists())

    def test_environment(self):
        write_instance(self.write_yaml(environment={"TZ": "Asia/Jakarta"}))
        self.assertIn("  TZ Asia/Jakarta", self.conf())

    def test_cookiecutter_references(self):
        write_instance(
            self.write_yaml(
                location_clienthome="data",
                db_filestorage_location="{{ cookiecutter.location_clienthome }}/Data.fs",
            )
        )
        self.assertIn(f"path {self.dir}/data/Data.fs", self.conf())


class TestBadInput(RenderCase):
    def assertRefused(self, key, **context):
        path = self.write_yaml(**context)
        with self.assertRaises(InstanceConfigError) as raised:
            write_instance(path)
        self.assertEqual(raised.exception.key, key)
        self.assertIn(key, str(raised.exception))
        self.assertFalse((self.dir / "instance").exists(), "nothing may be written")

    def test_unknown_key(self):
        self.assertRefused("db_storrage", db_storrage="direct")

    def test_unknown_storage(self):
        self.assertRefused("db_storage", db_storage="mongodb")

    def test_relstorage_needs_dsn(self):
        self.assertRefused("db_relstorage_postgresql_dsn", db_storage="relstorage")

    def test_threads_must_be_a_number(self):
        self.assertRefused("wsgi_threads", wsgi_threads="four")

    def test_listen_address(self):
        self.assertRefused("wsgi_listen", wsgi_listen="localhost")

    def test_boolean(self):
        self.assertRefused("debug_mode", debug_mode="yes please")

    def test_password_required(self):
        self.assertRefused("initial_user_password", initial_user_password="")

    def test_bad_size(self):
        self.assertRefused("dos_protection_form_memory_limit", dos_protection_form_memory_limit="lots")

    def test_pack_days_must_be_a_number(self):
        self.assertRefused("db_pack_days", db_pack_days="a week")
        self.assertRefused("db_pack_days", db_pack_days=-1)

    def test_backup_location_must_be_a_path(self):
        self.assertRefused("db_backup_location", db_backup_location="")
        self.assertRefused("db_backup_location", db_backup_location=["backups"])

    def test_retries_must_be_a_number(self):
        self.assertRefused("max_conflict_retries", max_conflict_retries="banyak")
        self.assertRefused("max_conflict_retries", max_conflict_retries=-1)

    def test_blob_cache_too_small(self):
        """A blob cache of 0 bytes lost downloads; 0 no longer means "none"."""
        for storage in (
            {"db_storage": "zeo"},
            {"db_storage": "relstorage", "db_relstorage_postgresql_dsn": "x"},
        ):
            for size in (0, 1000000):
                self.assertRefused(
                    "db_blob_cache_size", db_blob_mode="cache", db_blob_cache_size=size, **storage
                )

    def test_missing_default_context(self):
        path = self.dir / "instance.yaml"
        path.write_text("wsgi_listen: localhost:8080\n")
        with self.assertRaises(InstanceConfigError) as raised:
            write_instance(path)
        self.assertEqual(raised.exception.key, "default_context")

    def test_bad_value_keeps_existing_instance(self):
        path = self.write_yaml(wsgi_threads=2)
        write_instance(path)
        before = self.conf()
        path.write_text(
            yaml.safe_dump(
                {"default_context": {"initial_user_password": "rahasia-123", "db_storage": "nope"}}
            )
        )
        with self.assertRaises(InstanceConfigError):
            write_instance(path)
        self.assertEqual(self.conf(), before)
        leftovers = [p.name for p in (self.dir / "instance" / "etc").iterdir() if p.name.startswith(".")]
        self.assertEqual(leftovers, [])

    def test_command_line_names_the_key(self):
        path = self.write_yaml(wsgi_threads=-1)
        stderr = io.StringIO()
        from contextlib import redirect_stderr

        with redirect_stderr(stderr):
            self.assertEqual(main([str(path)]), 2)
        self.assertIn("wsgi_threads", stderr.getvalue())


class TestShippedConfig(unittest.TestCase):
    def test_project_instance_yaml_is_valid(self):
        from scripts.instance.options import load
        from scripts.instance.options import validate

        root = Path(__file__).resolve().parents[2]
        options = validate(load(root / "instance.yaml"))
        self.assertEqual(options["db_storage"], "direct")
        self.assertEqual(textwrap.dedent(options["wsgi_listen"]), "localhost:8080")


class TestMakeRerenders(unittest.TestCase):
    """`make start` renders again when instance.yaml or the renderer changed,
    so an existing instance picks up a corrected storage configuration."""

    ROOT = Path(__file__).resolve().parents[2]

    def dry_run(self, instance_dir, *extra):
        import subprocess

        result = subprocess.run(
            ["make", "-n", f"INSTANCE={instance_dir}", *extra, f"{instance_dir}/etc/zope.conf"],
            cwd=self.ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_renderer_or_yaml_change_renders_again(self):
        import os
        import time

        with tempfile.TemporaryDirectory() as tmp:
            conf = Path(tmp) / "etc" / "zope.conf"
            conf.parent.mkdir()
            conf.write_text("# rendered\n")
            future = time.time() + 3600  # newer than every prerequisite
            os.utime(conf, (future, future))
            self.assertNotIn("scripts.instance.render", self.dry_run(tmp))
            for changed in ("scripts/instance/render.py", "instance.yaml"):
                self.assertIn("scripts.instance.render instance.yaml", self.dry_run(tmp, "-W", changed))
