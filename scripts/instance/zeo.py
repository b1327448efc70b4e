"""The ZEO server of ``db_storage: zeo``: ``make zeo`` serves it, ``make
site`` waits for it.

    .venv/bin/python -m scripts.instance.zeo serve instance.yaml   # runzeo -C <target>/etc/zeo.conf
    .venv/bin/python -m scripts.instance.zeo wait instance.yaml    # exit 2 if it does not answer

The server's configuration ``<target>/etc/zeo.conf`` is rendered with the
instance (``scripts/instance/render.py``): the clients' FileStorage and
blob directory as the server must have them for the chosen
``db_blob_mode``.  ``wait`` does nothing for the other storages.
"""

from pathlib import Path
from scripts.instance.options import InstanceConfigError
from scripts.instance.options import load
from scripts.instance.options import validate

import argparse
import os
import socket
import sys
import time

WAIT_SECONDS = 30


def _options(config):
    config = Path(config).resolve()
    return validate(load(config)), config.parent


def address(value):
    """``host:port`` -> (host, port); a Unix socket path stays a string."""
    value = str(value)
    if value.startswith("/"):
        return value
    host, _, port = value.rpartition(":")
    return (host.strip("[]") or "localhost", int(port))


def answers(server, timeout=2.0):
    family = socket.AF_UNIX if isinstance(server, str) else socket.AF_INET
    if family == socket.AF_INET and ":" in server[0]:
        family = socket.AF_INET6
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(server)
        return True
    except OSError:
        return False


def wait(config, seconds=WAIT_SECONDS):
    options, _base = _options(config)
    if options["db_storage"] != "zeo":
        return 0
    server = address(options["db_zeo_server"])
    deadline = time.monotonic() + seconds
    while True:
        if answers(server):
            return 0
        if time.monotonic() >= deadline:
            print(
                f"error: the ZEO server at {options['db_zeo_server']} does not answer "
                "(db_storage: zeo). Start it first, in another terminal: make zeo",
                file=sys.stderr,
            )
            return 2
        time.sleep(1)


def serve(config):
    options, base = _options(config)
    if options["db_storage"] != "zeo":
        print("error: instance.yaml: db_storage is not zeo; there is no ZEO server to run", file=sys.stderr)
        return 2
    target = Path(options["target"])
    conf = (target if target.is_absolute() else base / target) / "etc" / "zeo.conf"
    runzeo = Path(sys.executable).parent / "runzeo"
    os.execv(runzeo, [str(runzeo), "-C", str(conf)])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("serve", "wait"))
    parser.add_argument("config", nargs="?", default="instance.yaml")
    args = parser.parse_args(argv)
    try:
        return serve(args.config) if args.command == "serve" else wait(args.config)
    except InstanceConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
