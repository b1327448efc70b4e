"""Name the objects of a ZODB by where they hang: ``0x2b8a`` becomes
``ptsp.portal_catalog._catalog.indexes['modified']._index<OOBucket>``.

Used by ``bench/apply.py`` to say what conflicted.  It walks the database
breadth-first from the root, reading raw records (no class is imported, no
object is loaded through a connection), and gives every persistent object
the path of its first (shortest) reference: attribute names and mapping
keys, with the inner nodes and buckets of a BTree folded into one
``<OOBucket>`` step, so that all the buckets of one tree share one name.

    .venv/bin/python -m bench.oids instance/etc/zope.conf 0x2b8a 0x2c3f
"""

import io
import pickle
import sys

BTREE_PARTS = ("BTree", "Bucket", "TreeSet", "Set")
SCALARS = (str, int, float, bytes, type(None))
MAX_LABEL = 160


class Ref:
    __slots__ = ("oid",)

    def __init__(self, oid):
        self.oid = oid


class Anything:
    """Any class of a pickle: records what ``__setstate__``/``__reduce__`` give."""

    def __init__(self, *args, **kw):
        self.args = args

    def __setstate__(self, state):
        self.state = state

    def __reduce__(self):  # pragma: no cover - never pickled again
        return (Anything, ())


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        cls = type(name, (Anything,), {"__module__": module})
        return cls

    def persistent_load(self, pid):
        if isinstance(pid, tuple):
            oid = pid[0]
        elif isinstance(pid, list):  # ['w', (oid,)] weak or ['m', (db, oid, cls)]
            oid = pid[1][1] if pid[0] == "m" else pid[1][0]
        else:
            oid = pid
        return Ref(oid)


def _record(data):
    """(module.class, state) of a raw record."""
    unpickler = _Unpickler(io.BytesIO(data))
    klass = unpickler.load()
    if isinstance(klass, tuple):
        klass = klass[0]
    if isinstance(klass, type):
        name = f"{klass.__module__}.{klass.__name__}"
    elif isinstance(klass, Anything):
        name = type(klass).__module__ + "." + type(klass).__name__
    else:
        name = repr(klass)
    try:
        state = unpickler.load()
    except Exception:  # an exotic state: references without names
        state = None
    return name, state


def _children(state, path=""):
    """Yield (step, oid) for every reference in ``state``."""
    if isinstance(state, Ref):
        yield path, state.oid
    elif isinstance(state, dict):
        for key, value in state.items():
            step = f".{key}" if isinstance(key, str) and key.isidentifier() else f"[{key!r}]"
            yield from _children(value, path + step)
    elif isinstance(state, list | tuple):
        # a bucket's state is (k1, v1, k2, v2, ...): name the values by their key
        keyed = len(state) % 2 == 0 and all(isinstance(k, SCALARS) for k in state[::2])
        for index, value in enumerate(state):
            if keyed and index % 2:
                key = state[index - 1]
                yield from _children(value, path + f"[{key!r}]")
            else:
                yield from _children(value, path)
    elif isinstance(state, Anything):
        yield from _children(getattr(state, "state", None), path)
        yield from _children(getattr(state, "args", ()), path)


def _short(name):
    return name.rsplit(".", 1)[-1]


def describe(storage, wanted):
    """{oid: label} for the oids of ``wanted`` (bytes), walking from the root."""
    wanted = set(wanted)
    labels = {b"\0" * 8: "root"}
    queue = [b"\0" * 8]
    found = {}
    while queue and len(found) < len(wanted):
        next_queue = []
        for oid in queue:
            try:
                data, _serial = storage.load(oid)
            except Exception:
                continue
            class_name, state = _record(data)
            label = labels[oid]
            if oid in wanted:
                found[oid] = f"{label}<{_short(class_name)}>"
            in_tree = any(part in _short(class_name) for part in BTREE_PARTS)
            for step, child in _children(state):
                if child in labels:
                    continue
                if in_tree and not step:
                    # a node or bucket of the same tree: fold it into one name
                    labels[child] = label
                else:
                    text = label + step if label != "root" else step.lstrip(".")
                    labels[child] = text if len(text) <= MAX_LABEL else "…" + text[-MAX_LABEL:]
                next_queue.append(child)
        queue = next_queue
    return found


def main(argv=None):
    from scripts.instance.database import open_storage

    argv = sys.argv[1:] if argv is None else argv
    storage = open_storage(argv[0], read_only=True)
    try:
        oids = [int(text, 16).to_bytes(8, "big") for text in argv[1:]]
        for oid, label in describe(storage, oids).items():
            print(f"0x{oid.hex().lstrip('0')}  {label}")
    finally:
        storage.close()


if __name__ == "__main__":
    main()
