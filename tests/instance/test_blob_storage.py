"""Committed blob files survive a concurrent transaction's conflict.

Two connections are driven step by step through the interleaving that lost
citizens' documents with ZODB's ``<blobstorage>`` proxy (see
``bench/blob_loss.py``): transaction B conflicts and aborts; right after the
FileStorage has released its commit lock for B, transaction C stores its
blobs; then B's abort finishes, and C commits. Every committed blob must be
readable afterwards, byte for byte.
"""

from pathlib import Path
from persistent.mapping import PersistentMapping
from scripts.instance.database import open_storage
from scripts.instance.render import write_instance
from ZODB.POSException import ConflictError
from ZODB.POSException import POSKeyError

import logging
import tempfile
import threading
import transaction
import unittest
import yaml
import ZODB
import ZODB.blob

WAIT = 20  # seconds; only reached if the interleaving breaks down

# What the renderer wrote before: ZODB's BlobStorage proxy around FileStorage
# (and what plone.recipe.zope2instance writes for ``blob-storage``).
PROXY = """\
  <blobstorage>
    blob-dir {blobs}
    <filestorage>
      path {data}
    </filestorage>
  </blobstorage>"""


class VoteBarrier:
    """A data manager that sorts after the ZODB connection: in its vote, the
    connection has stored everything (blob files are in the blob directory)
    but the transaction is not finished. It says so and waits."""

    def __init__(self, stored, resume):
        self.stored = stored
        self.resume = resume

    def sortKey(self):
        return "~ptsp-test-barrier"  # after the connection's storage path

    def tpc_vote(self, txn):
        self.stored.set()
        if not self.resume.wait(WAIT):
            raise AssertionError("the conflicting transaction never finished its abort")

    def abort(self, txn):
        pass

    tpc_begin = commit = tpc_finish = tpc_abort = abort


def lost_blobs(storage):
    """Run the interleaving on ``storage``; return (commits of C, names of C's
    blobs whose file is missing or differs)."""
    base = getattr(storage, "_BlobStorage__storage", storage)  # the FileStorage
    released = threading.Event()  # B's abort has released the commit lock
    c_stored = threading.Event()  # C has stored its blob files, not finished
    b_done = threading.Event()  # B's commit call has returned (ConflictError)
    state = {"b_thread": None, "b_conflict": False}
    payload = {f"doc-{n}": (f"dokumen {n} " * 2000).encode() for n in range(7)}

    real_tpc_abort = base.tpc_abort

    def tpc_abort_then_let_c_store(txn):
        real_tpc_abort(txn)  # FileStorage: aborts B and frees its locks
        if threading.current_thread() is state["b_thread"]:
            released.set()
            if not c_stored.wait(WAIT):
                raise AssertionError("the second transaction never stored its blobs")

    # Before the first connection exists: connections copy bound methods.
    base.tpc_abort = tpc_abort_then_let_c_store
    db = ZODB.DB(storage)
    try:
        with db.transaction() as conn:
            root = conn.root()
            root["counter"] = 0
            root["b"] = PersistentMapping()
            root["c"] = PersistentMapping()

        tm_b = transaction.TransactionManager()
        conn_b = db.open(transaction_manager=tm_b)
        tm_b.begin()
        conn_b.root()["counter"]  # B reads the shared object ...
        with db.transaction() as conn:  # ... someone else changes it ...
            conn.root()["counter"] = 1

        def run_b():
            state["b_thread"] = threading.current_thread()
            root = conn_b.root()
            blob = ZODB.blob.Blob(b"B's own document")
            root["b"]["doc"] = blob
            root["counter"] = root["counter"] + 10  # ... and B writes it: conflict
            try:
                tm_b.commit()
            except ConflictError:
                state["b_conflict"] = True
                tm_b.abort()
            finally:
                b_done.set()

        def run_c():
            if not released.wait(WAIT):
                return
            tm_c = transaction.TransactionManager()
            conn_c = db.open(transaction_manager=tm_c)
            tm_c.begin()
            for name, data in payload.items():
                conn_c.root()["c"][name] = ZODB.blob.Blob(data)
            tm_c.get().join(VoteBarrier(c_stored, b_done))
            tm_c.commit()
            conn_c.close()

        threads = [threading.Thread(target=run_b), threading.Thread(target=run_c)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(2 * WAIT)
        conn_b.close()
        assert state["b_conflict"], "B was meant to conflict and abort"
        assert c_stored.is_set(), "C never committed"

        missing = []
        with db.transaction() as conn:
            stored = conn.root()["c"]
            for name, data in payload.items():
                try:
                    with stored[name].open("r") as stream:
                        if stream.read() != data:
                            missing.append(name)
                except POSKeyError:
                    missing.append(name)
        return len(stored), missing
    finally:
        db.close()


class TestBlobStorage(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self._tmp.cleanup)
        self.dir = Path(self._tmp.name)
        # ZODB logs each blob it cannot load; the assertions say it better.
        logger = logging.getLogger("ZODB.Connection")
        self.addCleanup(logger.setLevel, logger.level)
        logger.setLevel(logging.CRITICAL)

    def render(self):
        config = self.dir / "instance.yaml"
        config.write_text(yaml.safe_dump({"default_context": {"initial_user_password": "rahasia-123"}}))
        write_instance(config)
        return self.dir / "instance" / "etc" / "zope.conf"

    def test_rendered_filestorage_keeps_every_committed_blob(self):
        zope_conf = self.render()
        committed, missing = lost_blobs(open_storage(zope_conf))
        self.assertEqual(committed, 7)
        self.assertEqual(missing, [])

    def test_blobstorage_proxy_loses_them(self):
        """The same steps against the old configuration lose C's files: the
        test above would catch the proxy if it came back."""
        zope_conf = self.render()
        text = zope_conf.read_text()
        start = text.index("  <filestorage>")
        end = text.index("</filestorage>") + len("</filestorage>")
        zope_conf.write_text(
            text[:start]
            + PROXY.format(
                blobs=self.dir / "instance" / "var" / "blobstorage",
                data=self.dir / "instance" / "var" / "filestorage" / "Data.fs",
            )
            + text[end:]
        )
        committed, missing = lost_blobs(open_storage(zope_conf))
        self.assertEqual(committed, 7)
        self.assertEqual(sorted(missing), sorted(f"doc-{n}" for n in range(7)))
