"""Back up, restore and pack the database of an ``instance.yaml``.

    make backup                           # a new folder in db_backup_location
    make restore FROM=backups/<folder>    # into an empty instance (OVERWRITE=1: replace)
    make pack                             # drop history older than db_pack_days, collect garbage

    .venv/bin/python -m scripts.instance.backup [--config instance.yaml] backup
    .venv/bin/python -m scripts.instance.backup restore <folder> [--overwrite]
    .venv/bin/python -m scripts.instance.backup pack [--days N]

A development and operations tool of this repository (run from the
repository root), not part of the add-on.  The storage is the one
``instance.yaml`` describes (scripts/instance/options.py):

- ``db_storage: direct`` (FileStorage): a full, gzipped ``repozo`` backup of
  ``Data.fs`` (taken while the instance runs: repozo copies up to the last
  complete transaction), then a copy of the blob directory.  Blob files are
  written once and never changed, so a copy taken after the repozo snapshot
  holds every blob the snapshot references (a blob committed later is merely
  unreferenced).  A blob file that the previous backup already holds is
  hard-linked to it: every backup folder is complete on its own and costs
  only the blobs that are new.
- ``db_storage: relstorage``: ``pg_dump --format=custom`` of the database.
  With blobs in the database (``db_blob_mode: cache``) that is complete; in
  ``shared`` mode the blob directory is copied as for FileStorage.
- ``db_storage: zeo``: the data lives on the ZEO server; back up there.

Each backup is one folder ``<UTC time>-<storage>`` with a ``backup.json``
manifest; it is written under a ``.partial`` name and renamed when complete,
so an interrupted backup never looks like one.

``restore`` refuses a target that holds data (a non-empty Data.fs, blob
files, tables in the PostgreSQL database) unless ``--overwrite``, and refuses
while the instance runs (FileStorage: Data.fs.lock is held; RelStorage:
other sessions are connected to the database).  It holds the lock while it
restores, so the instance cannot start half-way.

``pack`` on FileStorage needs the instance stopped (FileStorage is locked by
the running instance; pack a running one from the ZMI, Control_Panel →
Database → main).  On RelStorage it runs ``zodbpack`` with a configuration
made from instance.yaml; history-free, that is the garbage collection.

Exit status: 0 done, 1 refused or failed (the reason on stderr), 2 bad
configuration or arguments.
"""

from datetime import datetime
from datetime import UTC
from pathlib import Path
from scripts.instance.options import InstanceConfigError
from scripts.instance.options import load
from scripts.instance.options import validate
from scripts.instance.render import blob_cache_size_line
from scripts.instance.render import template
from ZODB.FileStorage import FileStorage

import argparse
import glob
import json
import os
import psycopg2
import shutil
import subprocess
import sys
import tempfile
import time
import zc.lockfile
import ZODB

MANIFEST = "backup.json"
PARTIAL = ".partial"


class Refused(Exception):
    """The operation was refused or failed; the message says why."""


class Target:
    """The storage of an instance.yaml: its kind and resolved paths."""

    def __init__(self, config_path):
        config_path = Path(config_path).resolve()
        self.base = config_path.parent
        self.options = validate(load(config_path))
        self.kind = self.options["db_storage"]
        self.filestorage = self._path("db_filestorage_location")
        self.blobs = self._path("db_blob_location")
        self.backups = self._path("db_backup_location")
        self.dsn = str(self.options["db_relstorage_postgresql_dsn"])
        self.pack_days = self.options["db_pack_days"]

    def _path(self, key):
        path = Path(self.options[key])
        return path if path.is_absolute() else self.base / path

    @property
    def blobs_authoritative(self):
        """Whether the blob directory holds the only copy of the blobs."""
        return self.kind == "direct" or (
            self.kind == "relstorage" and self.options["db_blob_mode"] == "shared"
        )


# -- helpers -----------------------------------------------------------------


def run(command):
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True)
    if result.returncode != 0:
        raise Refused(f"{' '.join(str(c) for c in command[:3])} ... failed:\n{result.stdout}{result.stderr}")
    return result


def postgresql_tool(name):
    """``pg_dump``/``pg_restore``: the newest Debian version, else PATH."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    found = candidates[-1] if candidates else shutil.which(name)
    if not found:
        raise Refused(f"{name} not found: install the PostgreSQL client (apt-get install postgresql-client)")
    return found


def blob_files(directory):
    """Relative paths of the files of a blob directory: ``.layout`` and the
    ``.blob`` files."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    files = []
    for root, dirs, names in os.walk(directory):
        if Path(root) == directory:
            # tmp/: uploads not committed; .removed/: what a pack removed
            # (kept with pack-keep-old)
            dirs[:] = [d for d in dirs if d != "tmp" and not d.startswith(".")]
        for name in names:
            if name.endswith(".blob") or name == ".layout":
                files.append(Path(root, name).relative_to(directory))
    return sorted(files)


def tree_size(directory):
    total = 0
    for root, _dirs, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                total += os.stat(path).st_size
    return total


def human(size):
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{size} B"
        size /= 1024
    return None


def copy_blobs(source, target, previous=None):
    """Copy the blob files of ``source`` into ``target``; a file that
    ``previous`` holds under the same name and size is hard-linked to it
    (a blob file's name is its object and transaction id, written once).
    Returns (files, linked)."""
    files = blob_files(source)
    linked = 0
    for relative in files:
        destination = Path(target) / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        origin = Path(source) / relative
        if previous is not None and relative.suffix == ".blob":
            earlier = Path(previous) / relative
            try:
                if earlier.stat().st_size == origin.stat().st_size:
                    os.link(earlier, destination)
                    linked += 1
                    continue
            except OSError:
                pass  # not there, or another filesystem: copy
        shutil.copy2(origin, destination)
    return len(files), linked


def manifests(directory):
    """(folder, manifest) of the complete backups in ``directory``, oldest first."""
    found = []
    for folder in Path(directory).glob("*") if Path(directory).is_dir() else []:
        manifest = folder / MANIFEST
        if folder.is_dir() and not folder.name.endswith(PARTIAL) and manifest.is_file():
            found.append((folder, json.loads(manifest.read_text(encoding="utf-8"))))
    return sorted(found, key=lambda item: item[1].get("created", ""))


class InstanceLock:
    """FileStorage's own lock (zc.lockfile on ``Data.fs.lock``): taken, the
    instance is not running and cannot start until it is released."""

    def __init__(self, datafs):
        self.path = f"{datafs}.lock"

    def __enter__(self):
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.lock = zc.lockfile.LockFile(self.path)
        except zc.lockfile.LockError:
            raise Refused(f"the instance is running ({self.path} is locked): stop it first") from None
        return self

    def __exit__(self, *exc):
        self.lock.close()


def connect(dsn):
    try:
        return psycopg2.connect(dsn)
    except psycopg2.Error as exc:
        raise Refused(f"cannot connect to the PostgreSQL database: {exc}".strip()) from None


def database_state(dsn):
    """(tables, large objects, other sessions, size in bytes) of the database."""
    connection = connect(dsn)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_catalog.pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            )
            tables = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM pg_catalog.pg_largeobject_metadata")
            large_objects = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM pg_catalog.pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            sessions = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        return tables, large_objects, sessions, size
    finally:
        connection.close()


# -- backup ------------------------------------------------------------------


def backup(target, out=print):
    """Write a new backup folder; return its path."""
    if target.kind == "zeo":
        raise Refused(
            "db_storage is zeo: the data lives on the ZEO server; run the backup on that host "
            "(its FileStorage, with db_storage: direct)"
        )
    started = time.monotonic()
    now = datetime.now(UTC)
    name = f"{now:%Y%m%dT%H%M%SZ}-{target.kind}"
    target.backups.mkdir(parents=True, exist_ok=True)
    final, count = target.backups / name, 1
    while final.exists() or final.with_name(final.name + PARTIAL).exists():
        count += 1
        final = target.backups / f"{name}-{count}"
    work = final.with_name(final.name + PARTIAL)
    work.mkdir()
    manifest = {"storage": target.kind, "created": now.isoformat()}
    previous = [f for f, m in manifests(target.backups) if m.get("storage") == target.kind]
    try:
        if target.kind == "direct":
            if not target.filestorage.is_file():
                raise Refused(f"no database at {target.filestorage}: nothing to back up")
            repository = work / "filestorage"
            repository.mkdir()
            repozo = [sys.executable, "-m", "ZODB.scripts.repozo"]
            run([*repozo, "-B", "-F", "-z", "-r", repository, "-f", target.filestorage])
            run([*repozo, "-V", "-r", repository])
            manifest["data_fs_size"] = target.filestorage.stat().st_size
        else:
            dump = work / "relstorage.dump"
            run([postgresql_tool("pg_dump"), "--format=custom", "--file", dump, "--dbname", target.dsn])
            manifest["dump"] = dump.name
        if target.blobs_authoritative:
            earlier = previous[-1] / "blobstorage" if previous else None
            files, linked = copy_blobs(target.blobs, work / "blobstorage", earlier)
            manifest.update(blob_files=files, blob_files_linked=linked)
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        os.replace(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    seconds = time.monotonic() - started
    blobs = ""
    if "blob_files" in manifest:
        linked = manifest["blob_files_linked"]
        blobs = f", {manifest['blob_files']} blob files ({linked} linked to the previous backup)"
    out(f"Backup {final} ({human(tree_size(final))} of files{blobs}) in {seconds:.1f} s")
    return final


# -- restore -----------------------------------------------------------------


def read_manifest(source):
    source = Path(source)
    manifest = source / MANIFEST
    if not manifest.is_file():
        raise Refused(f"{source} is not a complete backup (no {MANIFEST})")
    return json.loads(manifest.read_text(encoding="utf-8"))


def restore(target, source, overwrite=False, out=print):
    source = Path(source).resolve()
    manifest = read_manifest(source)
    if manifest.get("storage") != target.kind:
        raise Refused(
            f"{source} is a backup of a {manifest.get('storage')} storage, the instance uses "
            f"{target.kind} (convert with zodbconvert instead)"
        )
    started = time.monotonic()
    if target.kind == "direct":
        with InstanceLock(target.filestorage):
            _restore_filestorage(target, source, overwrite)
    else:
        _restore_relstorage(target, source, overwrite)
    if target.blobs_authoritative and (source / "blobstorage").is_dir() and target.kind != "direct":
        _restore_blobs(target, source)
    seconds = time.monotonic() - started
    out(f"Restored {source.name} into the {target.kind} storage of the instance in {seconds:.1f} s")


def _blobs_present(target):
    return any(p.suffix == ".blob" for p in blob_files(target.blobs))


def _restore_blobs(target, source):
    """Copy the backup's blobs beside the blob directory, then swap it in."""
    staging = target.blobs.with_name(target.blobs.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    copy_blobs(source / "blobstorage", staging)
    if target.blobs.exists():
        shutil.rmtree(target.blobs)
    os.replace(staging, target.blobs)


def _restore_filestorage(target, source, overwrite):
    datafs = target.filestorage
    # a new FileStorage is its 4-byte magic only
    holds = (datafs.is_file() and datafs.stat().st_size > 4) or _blobs_present(target)
    if holds and not overwrite:
        raise Refused(
            f"the instance holds data ({datafs} or blob files in {target.blobs}); "
            "restore into an empty instance, or OVERWRITE=1 to replace it"
        )
    datafs.parent.mkdir(parents=True, exist_ok=True)
    staging = datafs.with_name(datafs.name + ".restoring")
    for stale in (staging, Path(f"{staging}.index")):
        stale.unlink(missing_ok=True)
    run(
        [sys.executable, "-m", "ZODB.scripts.repozo", "-R", "-w", "-r", source / "filestorage", "-o", staging]
    )
    # the index, temporary and pack files of the replaced Data.fs must not
    # outlive it
    for stale in (".index", ".tmp", ".old", ".pack"):
        Path(f"{datafs}{stale}").unlink(missing_ok=True)
    _restore_blobs(target, source)
    if Path(f"{staging}.index").exists():
        os.replace(f"{staging}.index", f"{datafs}.index")
    os.replace(staging, datafs)


def _restore_relstorage(target, source, overwrite):
    tables, large_objects, sessions, _size = database_state(target.dsn)
    if sessions:
        raise Refused(f"{sessions} other session(s) are connected to the database: stop the instance first")
    blobs = target.blobs_authoritative and _blobs_present(target)
    if (tables or large_objects or blobs) and not overwrite:
        raise Refused(
            f"the database holds data ({tables} tables, {large_objects} large objects"
            f"{', blob files in ' + str(target.blobs) if blobs else ''}); "
            "restore into an empty database, or OVERWRITE=1 to replace it"
        )
    command = [postgresql_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction"]
    if overwrite:
        command += ["--clean", "--if-exists"]
    run([*command, "--dbname", target.dsn, source / manifest_dump(source)])


def manifest_dump(source):
    return read_manifest(source).get("dump", "relstorage.dump")


# -- pack --------------------------------------------------------------------


def pack(target, days=None, out=print):
    days = target.pack_days if days is None else days
    started = time.monotonic()
    if target.kind == "direct":
        datafs = target.filestorage
        if not datafs.is_file():
            raise Refused(f"no database at {datafs}: nothing to pack")
        before = datafs.stat().st_size, tree_size(target.blobs)
        with InstanceLock(datafs):
            pass  # refuse early, with the message, when the instance runs
        storage = FileStorage(
            str(datafs),
            blob_dir=str(target.blobs),
            pack_keep_old=target.options["db_filestorage_pack_keep_old"],
        )
        db = ZODB.DB(storage)
        try:
            db.pack(days=days)
        finally:
            db.close()
        after = datafs.stat().st_size, tree_size(target.blobs)
        seconds = time.monotonic() - started
        out(
            f"Packed {datafs} keeping {days} day(s) of history in {seconds:.1f} s: "
            f"Data.fs {human(before[0])} -> {human(after[0])}, blobs {human(before[1])} -> {human(after[1])}"
        )
        if target.options["db_filestorage_pack_keep_old"]:
            out(f"The previous file is kept as {datafs}.old (db_filestorage_pack_keep_old).")
        return before, after
    if target.kind == "zeo":
        raise Refused("db_storage is zeo: pack on the ZEO server (or from the ZMI, Control_Panel → Database)")
    before = _relstorage_objects(target.dsn), database_state(target.dsn)[3]
    with tempfile.TemporaryDirectory() as directory:
        config = Path(directory) / "zodbpack.conf"
        storage = template("relstorage.conf").substitute(
            blob_location=target.blobs,
            shared_blob="true" if target.options["db_blob_mode"] == "shared" else "false",
            blob_cache_size=blob_cache_size_line(target.options),
            keep_history="true" if target.options["db_relstorage_keep_history"] else "false",
            cache_local_mb=target.options["db_relstorage_cache_local_mb"],
            dsn=target.dsn,
        )
        config.write_text(f"%import relstorage\n{storage}\n", encoding="utf-8")
        run([sys.executable, "-m", "relstorage.zodbpack", "--days", days, config])
    after = _relstorage_objects(target.dsn), database_state(target.dsn)[3]
    seconds = time.monotonic() - started
    out(
        f"Packed the RelStorage database ({days} day(s) of history) in {seconds:.1f} s: "
        f"{before[0]} -> {after[0]} object records, database {human(before[1])} -> {human(after[1])} "
        "(PostgreSQL reuses the freed space; VACUUM FULL returns it to the disk)"
    )
    return before, after


def _relstorage_objects(dsn):
    connection = connect(dsn)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM object_state")
            return cursor.fetchone()[0]
    finally:
        connection.close()


# -- command line ------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="instance.yaml", help="the instance.yaml (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="write a new backup folder")
    restoring = commands.add_parser("restore", help="restore a backup folder into the instance")
    restoring.add_argument("source", help="the backup folder")
    restoring.add_argument("--overwrite", action="store_true", help="replace the data the instance holds")
    packing = commands.add_parser("pack", help="pack the database")
    packing.add_argument("--days", type=int, help="days of history to keep (default: db_pack_days)")
    args = parser.parse_args(argv)
    try:
        target = Target(args.config)
        if args.command == "backup":
            backup(target)
        elif args.command == "restore":
            restore(target, args.source, overwrite=args.overwrite)
        else:
            if args.days is not None and args.days < 0:
                raise InstanceConfigError("--days", "must be 0 or more")
            pack(target, days=args.days)
    except InstanceConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc.filename} not found", file=sys.stderr)
        return 2
    except Refused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
