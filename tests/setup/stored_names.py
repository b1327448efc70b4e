"""Dotted names of ptsp_portal that a site stores in its database.

A site made by one commit keeps, in its pickles, names that the code of every
later commit must still import (or an upgrade step must migrate):

- classes and interfaces referenced by the pickles themselves (persistent
  classes of content, marker interfaces given with ``alsoProvides``, the
  browser layer in the local component registry, ...): the GLOBAL and
  STACK_GLOBAL opcodes of both pickles of every record (ZODB writes the class
  metadata and the state as two pickles back to back, ZODB/serialize.py);
- dotted names inside stored strings: FTI ``schema``/``klass``/``behaviors``,
  registry record names and their ``interfaceName``, the field and action
  types in every EasyForm's ``fields_model``/``actions_model`` XML, catalog
  values of ``object_provides``, ...

The committed list ``tests/setup/stored_names.txt`` was made with::

    .venv/bin/python -m tests.setup.stored_names > tests/setup/stored_names.txt

which renders a throwaway instance, creates the demo site as ``make start``
does (``scripts/create_site.py``), scans its Data.fs and prints the sorted
names. Once names are listed, add new ones with ``--update`` instead: it keeps
the names already listed (sites made before still store them) and rewrites the
file in place. ``python -m tests.setup.stored_names path/to/Data.fs`` scans an
existing FileStorage (read-only), e.g. a copy of a production database.
"""

from pathlib import Path

import io
import os
import pickletools
import re
import subprocess
import sys
import tempfile

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PREFIX = "ptsp_portal"
# ptsp_portal followed by at least one ".identifier": permission titles
# ("ptsp_portal: ..."), profile ids ("ptsp_portal:default") and the i18n domain
# are not dotted names.
DOTTED = re.compile(r"\bptsp_portal(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
STRING_OPS = {
    "STRING",
    "BINSTRING",
    "SHORT_BINSTRING",
    "UNICODE",
    "BINUNICODE",
    "SHORT_BINUNICODE",
    "BINUNICODE8",
    "BINBYTES",
    "SHORT_BINBYTES",
    "BINBYTES8",
}


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def names_in_pickle(stream):
    """(globals, dotted strings) in the pickle at ``stream``'s position (the
    stream is left after its STOP); globals as "module.qualname"."""
    globals_, strings = set(), set()
    memo = {}
    recent = []  # string values pushed, in order (for STACK_GLOBAL)
    last = None
    for opcode, arg, _pos in pickletools.genops(stream):
        name = opcode.name
        if name == "GLOBAL":  # protocols 0-3: "module qualname"
            module, qualname = arg.split(" ", 1)
            globals_.add(f"{module}.{qualname}")
        elif name == "STACK_GLOBAL":  # protocol 4+: module and name pushed before
            if len(recent) >= 2:
                globals_.add(f"{recent[-2]}.{recent[-1]}")
        elif name in STRING_OPS:
            last = _text(arg)
            recent.append(last)
            if PREFIX in last:
                strings.update(DOTTED.findall(last))
            continue
        elif name in ("PUT", "BINPUT", "LONG_BINPUT"):
            if last is not None:
                memo[arg] = last
            continue
        elif name == "MEMOIZE":
            if last is not None:
                memo[len(memo)] = last
            continue
        elif name in ("GET", "BINGET", "LONG_BINGET"):
            last = memo.get(arg)
            if last is not None:
                recent.append(last)
            continue
        last = None
    return globals_, strings


def names_in_record(data):
    """(globals, dotted strings) in one ZODB data record: its class pickle and
    its state pickle."""
    stream = io.BytesIO(data)
    globals_, strings = names_in_pickle(stream)  # class metadata
    if stream.tell() < len(data):
        more_globals, more_strings = names_in_pickle(stream)  # state
        globals_ |= more_globals
        strings |= more_strings
    return globals_, strings


def current_records(storage):
    """(oid, data) of the current revision of every object in ``storage``."""
    next_ = None
    while True:
        oid, _tid, data, next_ = storage.record_iternext(next_)
        if data:  # None/empty: a deleted object (undone creation)
            yield oid, data
        if next_ is None:
            break


def ours(name):
    return name == PREFIX or name.startswith(PREFIX + ".")


def scan(data_fs):
    """(globals, dotted strings) of ptsp_portal stored in the FileStorage
    ``data_fs``, opened read-only."""
    from ZODB.FileStorage import FileStorage

    import logging

    # a read-only FileStorage without its .index logs "Ignoring index" and builds one
    logger = logging.getLogger("ZODB.FileStorage")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        storage = FileStorage(str(data_fs), read_only=True)
    finally:
        logger.setLevel(level)
    try:
        globals_, strings = set(), set()
        for _oid, data in current_records(storage):
            more_globals, more_strings = names_in_record(data)
            globals_ |= more_globals
            strings |= more_strings
    finally:
        storage.close()
    return {n for n in globals_ if ours(n)}, {n for n in strings if ours(n)}


def resolve(name):
    """The object a stored dotted name stands for: a module attribute, or the
    field of an interface ("<interface>.<field>", as registry records of an
    interface without prefix are named). ImportError when there is none."""
    from zope.dottedname.resolve import resolve as dotted
    from zope.interface.interface import InterfaceClass

    try:
        return dotted(name)
    except (ImportError, AttributeError, ValueError) as error:
        parent, _, last = name.rpartition(".")
        try:
            interface = dotted(parent)
        except (ImportError, AttributeError, ValueError):
            raise ImportError(f"{name}: {error}") from None
        if isinstance(interface, InterfaceClass) and last in interface:
            return interface[last]
        raise ImportError(f"{name}: {error}") from None


# The kinds of names in the list.
REFERENCE = "reference"  # names an object the site loads by that name: must resolve
KEY = "key"  # an identifier that only looks dotted: registry record, permission id,
# annotation key, vocabulary or validator name, a module named in a text


def classify(globals_, strings):
    """{name: kind}: a pickle global is a reference; a dotted string is one when,
    with this code, it names an object that is not a module (a module is never
    stored by reference: a string naming one, such as the annotation key
    "ptsp_portal.numbering", is a key)."""
    import types

    kinds = {name: REFERENCE for name in globals_}
    for name in strings - globals_:
        try:
            found = resolve(name)
        except ImportError:
            kinds[name] = KEY
        else:
            kinds[name] = KEY if isinstance(found, types.ModuleType) else REFERENCE
    return kinds


def stored_names(data_fs):
    """{name: kind} of the ptsp_portal names stored in ``data_fs``."""
    return classify(*scan(data_fs))


LIST = Path(__file__).with_name("stored_names.txt")


def read_list(path=LIST):
    """{name: kind} of a list written by this script."""
    kinds = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, kind = line.split()
            kinds[name] = kind
    return kinds


def make_demo_site(directory):
    """Render an instance in ``directory`` and create the demo site in it, as
    ``make start`` does; return the path of its Data.fs."""
    directory = Path(directory)
    config = directory / "instance.yaml"
    config.write_text("default_context:\n  initial_user_password: rahasia-123\n")

    def run(*args, **kw):
        result = subprocess.run(
            [str(a) for a in args],
            capture_output=True,
            text=True,
            cwd=directory,
            timeout=600,
            env=dict(os.environ, PYTHONPATH=str(ROOT), PUBLIC_SITE_URL="http://localhost:8080/ptsp"),
            **kw,
        )
        if result.returncode:
            raise RuntimeError(f"{args} failed:\n{result.stdout}{result.stderr}")
        return result

    run(sys.executable, "-m", "scripts.instance.render", config)
    run(
        BIN / "zconsole",
        "run",
        directory / "instance" / "etc" / "zope.conf",
        ROOT / "scripts" / "create_site.py",
    )
    return directory / "instance" / "var" / "filestorage" / "Data.fs"


def commit():
    result = subprocess.run(
        ["git", "describe", "--always", "--dirty", "--abbrev=12"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return result.stdout.strip() or "unknown"


def merge(old, new):
    """Names of both lists; a name that is a reference in either stays one."""
    merged = dict(old)
    for name, kind in new.items():
        if merged.get(name) != REFERENCE:
            merged[name] = kind
    return merged


def write_list(kinds, source, out):
    width = max(len(name) for name in kinds)
    print("# Dotted names of ptsp_portal stored in the database of a site. A site made", file=out)
    print("# with an older commit keeps them: every reference must stay importable", file=out)
    print("# (tests/setup/test_stored_names.py), or an upgrade step must migrate what", file=out)
    print("# is stored before the name goes away.", file=out)
    print("#   reference: a pickle global (class, marker interface, browser layer, ...)", file=out)
    print("#              or a stored string naming a class/interface (FTI klass, schema,", file=out)
    print("#              behaviors; registry interfaceName; EasyForm field/action types)", file=out)
    print("#   key:       a stored string that only looks dotted (registry record name,", file=out)
    print("#              permission id, annotation key, vocabulary, a module in a text)", file=out)
    print("# Made with `python -m tests.setup.stored_names` (tests/setup/stored_names.py):", file=out)
    print("# pickle globals and ptsp_portal.* strings of every current record of", file=out)
    print(f"# {source}.", file=out)
    for name in sorted(kinds):
        print(f"{name:<{width}}  {kinds[name]}", file=out)


def main(argv):
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m tests.setup.stored_names", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("data_fs", nargs="?", help="scan this FileStorage instead of a new demo site")
    parser.add_argument(
        "--update",
        action="store_true",
        help=f"add what is found to {LIST.relative_to(ROOT)} (keeping its names: older "
        "sites still store them) instead of printing the list",
    )
    args = parser.parse_args(argv)
    if args.data_fs:
        kinds = stored_names(args.data_fs)
        source = f"the FileStorage {args.data_fs}"
    else:
        with tempfile.TemporaryDirectory() as directory:
            kinds = stored_names(make_demo_site(directory))
        source = f"the demo site scripts/create_site.py makes at commit {commit()}"
    if not args.update:
        write_list(kinds, source, sys.stdout)
        return
    old = read_list() if LIST.exists() else {}
    source += ", added to the names listed before"
    merged = merge(old, kinds)
    for name in sorted(set(merged) - set(old)):
        print(f"added: {name} ({merged[name]})", file=sys.stderr)
    with open(LIST, "w") as out:
        write_list(merged, source, out)


if __name__ == "__main__":
    main(sys.argv[1:])
