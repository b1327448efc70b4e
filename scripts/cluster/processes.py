"""Background processes of the cluster: started detached, their pid in
``<var>/run/<name>.pid``, output in ``<var>/log/<name>.log``; stopped by
that pid only, and only while it is still the command we started."""

from pathlib import Path

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request


def _pidfile(var, name):
    return Path(var) / "run" / f"{name}.pid"


def start(var, name, command, env=None, cwd=None):
    var = Path(var)
    (var / "run").mkdir(parents=True, exist_ok=True)
    (var / "log").mkdir(parents=True, exist_ok=True)
    log = open(var / "log" / f"{name}.log", "ab")
    process = subprocess.Popen(
        command,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    log.close()
    _pidfile(var, name).write_text(f"{process.pid}\n{command[0]}\n")
    # until the child has exec'd, its cmdline is still ours
    deadline = time.monotonic() + 10
    while pid(var, name) is None and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return process.pid


def pid(var, name):
    """The pid of ``name`` if it is running (and still our command), else None."""
    path = _pidfile(var, name)
    try:
        number, program = path.read_text().split("\n")[:2]
        number = int(number)
        cmdline = Path(f"/proc/{number}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    # a script's cmdline starts with its interpreter
    if program not in (os.fsdecode(part) for part in cmdline[:2]):
        return None
    stat = Path(f"/proc/{number}/stat").read_text()
    if stat.rsplit(")", 1)[1].split()[0] == "Z":
        return None
    return number


def stop(var, name, timeout=30):
    """SIGTERM, then SIGKILL after ``timeout`` seconds; True if it was running."""
    number = pid(var, name)
    if number is None:
        _pidfile(var, name).unlink(missing_ok=True)
        return False
    os.kill(number, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while pid(var, name) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    if pid(var, name) is not None:
        os.kill(number, signal.SIGKILL)
    _pidfile(var, name).unlink(missing_ok=True)
    return True


def status(url, timeout=5):
    """The HTTP status of GET ``url``, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url, seconds, alive=lambda: True):
    """Wait until ``url`` answers 200; False after ``seconds`` or when ``alive()`` turns false."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if status(url) == 200:
            return True
        if not alive():
            return False
        time.sleep(0.5)
    return False
