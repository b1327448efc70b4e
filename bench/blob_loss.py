"""ZODB's ``<blobstorage>`` proxy deletes blob files of committed transactions.

Reproduction in pure ZODB (no Plone), for reporting to ZODB and to
plone.recipe.zope2instance. Run from the repository root:

    .venv/bin/python bench/blob_loss.py                 # 4 threads x 20 commits x 7 blobs
    .venv/bin/python bench/blob_loss.py --threads 8 --commits 40 --blobs 7 --runs 3

Each thread commits, ``--commits`` times, ``--blobs`` new blobs plus a change
of one shared counter, so that concurrent transactions conflict on it and
some of them abort (each aborted transaction is retried, as Zope retries a
request). Afterwards every blob that a *committed* record references is
opened again. The same load runs against the two configurations a
``zope.conf`` can describe for FileStorage with blobs:

- ``<blobstorage> blob-dir ... <filestorage> path ... </filestorage> </blobstorage>``:
  ``ZODB.blob.BlobStorage``, a proxy around a FileStorage without blob
  support. plone.recipe.zope2instance renders this for ``blob-storage``, and
  so did this project's instance renderer before.
- ``<filestorage> path ... blob-dir ... </filestorage>``: ``FileStorage`` with
  its own blob support, what cookiecutter-zope-instance renders.

It prints, per configuration and run, the commits, the aborted (conflicting)
attempts and the committed blob records whose file is gone.

The mechanism
-------------
The proxy keeps one list of the blob files stored by the transaction being
committed, ``dirty_oids``, shared by all connections of the database, and
overrides ``tpc_abort`` as::

    def tpc_abort(self, *arg, **kw):
        self.__storage.tpc_abort(*arg, **kw)   # FileStorage (BaseStorage.tpc_abort)
        self._blob_tpc_abort()                 # deletes every file in dirty_oids

``BaseStorage.tpc_abort`` releases the storage's commit lock in its
``finally`` clause. So when transaction A aborts (a ConflictError raised by
``store`` while A held the commit lock), the lock is already free when the
proxy empties ``dirty_oids``. Transaction B, which was waiting in
``tpc_begin``, takes the lock at that moment and starts storing its blobs:
each ``storeBlob`` moves B's file into the blob directory and appends
``(oid, tid)`` to the same ``dirty_oids``. A's ``_blob_tpc_abort`` pops and
*removes* those files, then B votes and finishes: its records are committed,
the files they point to are gone (``POSKeyError: No blob file`` on every
later read). Nothing logs an error; the client of B was told "saved".

``_blob_tpc_abort`` is also not conditioned on the aborting transaction
being the one the storage is committing: the storage interface says
``tpc_abort`` "is ignored if the given transaction is not the same as the
transaction the storage is committing", and FileStorage does ignore it, but
the proxy still removes the files of the current transaction.

FileStorage with its own ``blob_dir`` runs the same cleanup inside
``_abort``, that is under its ``_lock`` and only for the transaction that
holds the commit lock, before releasing it; so it never sees another
transaction's files. Hence: render ``blob-dir`` inside ``<filestorage>``.
The test ``tests/instance/test_blob_storage.py`` drives the interleaving
step by step with two connections, so that it does not depend on luck.
"""

from persistent.mapping import PersistentMapping
from ZODB.POSException import ConflictError
from ZODB.POSException import POSKeyError

import argparse
import logging
import shutil
import sys
import tempfile
import threading
import time
import transaction
import ZODB
import ZODB.blob
import ZODB.config

CONFIGS = {
    "<blobstorage> proxy": """
        <blobstorage>
          blob-dir {dir}/blobs
          <filestorage>
            path {dir}/Data.fs
          </filestorage>
        </blobstorage>""",
    "<filestorage> blob-dir": """
        <filestorage>
          path {dir}/Data.fs
          blob-dir {dir}/blobs
        </filestorage>""",
}


def open_db(config, directory):
    storage = ZODB.config.storageFromString(config.format(dir=directory))
    return ZODB.DB(storage)


def run(config, threads, commits, blobs):
    directory = tempfile.mkdtemp(prefix="ptsp-blob-loss-")
    try:
        db = open_db(config, directory)
        with db.transaction() as conn:
            conn.root()["counter"] = 0
        # One mapping per thread, so that only the counter is shared.
        with db.transaction() as conn:
            for index in range(threads):
                conn.root()[f"bucket-{index}"] = PersistentMapping()
        counts = {"commits": 0, "aborted": 0}
        lock = threading.Lock()
        started = time.perf_counter()

        pool = [
            threading.Thread(target=worker, args=(db, i, commits, blobs, counts, lock))
            for i in range(threads)
        ]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        elapsed = time.perf_counter() - started
        checked = missing = 0
        conn = db.open()
        for index in range(threads):
            for blob in conn.root()[f"bucket-{index}"].values():
                checked += 1
                try:
                    with blob.open("r") as stream:
                        stream.read(1)
                except POSKeyError:
                    missing += 1
        conn.close()
        db.close()
        return {**counts, "blobs": checked, "missing": missing, "seconds": elapsed}
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def worker(db, index, commits, blobs, counts, lock):
    """Commit ``commits`` times: new blobs in the thread's own mapping, and
    the shared counter; a conflicting attempt is aborted and retried."""
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    root = conn.root()
    done = aborted = 0
    while done < commits:
        try:
            tm.begin()
            bucket = root[f"bucket-{index}"]
            for n in range(blobs):
                blob = ZODB.blob.Blob()
                with blob.open("w") as stream:
                    stream.write(f"thread {index} commit {done} blob {n}\n".encode() * 64)
                bucket[f"{done}-{n}"] = blob
            root["counter"] = root["counter"] + 1  # the contended object
            tm.commit()
            done += 1
        except ConflictError:
            tm.abort()
            aborted += 1
    conn.close()
    with lock:
        counts["commits"] += done
        counts["aborted"] += aborted


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--commits", type=int, default=20, help="commits per thread")
    parser.add_argument("--blobs", type=int, default=7, help="new blobs per commit")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    # ZODB logs every blob it cannot load; the table below counts them.
    logging.getLogger("ZODB.Connection").setLevel(logging.CRITICAL)
    print(
        f"{args.threads} threads x {args.commits} commits x {args.blobs} blobs, "
        f"one contended object; {args.runs} runs per configuration\n"
    )
    header = (
        f"{'configuration':<24} {'run':>3} {'commits':>8} {'aborted':>8} {'blobs':>6} {'missing':>8} {'s':>6}"
    )
    print(header)
    print("-" * len(header))
    totals = {}
    for run_number in range(1, args.runs + 1):
        for name, config in CONFIGS.items():
            result = run(config, args.threads, args.commits, args.blobs)
            total = totals.setdefault(name, {"blobs": 0, "missing": 0})
            total["blobs"] += result["blobs"]
            total["missing"] += result["missing"]
            print(
                f"{name:<24} {run_number:>3} {result['commits']:>8} {result['aborted']:>8} "
                f"{result['blobs']:>6} {result['missing']:>8} {result['seconds']:>6.2f}"
            )
    print()
    for name, total in totals.items():
        share = total["missing"] / total["blobs"] if total["blobs"] else 0
        print(f"{name:<24} lost {total['missing']} of {total['blobs']} committed blob files ({share:.0%})")
    return 1 if totals["<filestorage> blob-dir"]["missing"] else 0


if __name__ == "__main__":
    sys.exit(main())
