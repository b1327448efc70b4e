"""What ``make site`` (``scripts/create_site.py``) leaves for ``make start``
(``start.py``), in the instance's CLIENTHOME (``instance/var``).

- ``demo-accounts.txt`` (mode 0600): the demo accounts' passwords, made at
  random when the demo site was created, one line per account exactly as
  ``make start`` prints it: ``<peran> — login: <login> — sandi: <password>``.
  The site stores only hashes; this file is the one place the passwords
  are kept in clear, readable by the instance's owner only.
- ``demo-site.json``: what the site was at the last ``make site`` (no
  secret): its id, the demo accounts that exist on it, and the port of the
  demo mail catcher its MailHost sends to (``null``: a real server, or
  none).  ``make start`` runs the catcher only when that port is set.
"""

from pathlib import Path

import json
import os
import re
import tempfile

ACCOUNTS_FILE = "demo-accounts.txt"
STATUS_FILE = "demo-site.json"
SEPARATOR = " — "
LINE_RE = re.compile(r"^(?P<role>.+?) — login: (?P<login>\S+) — sandi: (?P<password>\S+)$")


def account_line(role, login, password):
    return f"{role}{SEPARATOR}login: {login}{SEPARATOR}sandi: {password}"


def _write(path, text, mode):
    """``text`` to ``path`` atomically, created with ``mode``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def read_accounts(clienthome):
    """``[(role, login, password)]`` from ``demo-accounts.txt`` (``[]`` if none)."""
    path = Path(clienthome) / ACCOUNTS_FILE
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LINE_RE.match(line.strip())
        if match:
            rows.append((match["role"], match["login"], match["password"]))
    return rows


def write_accounts(clienthome, rows):
    """``rows`` of ``(role, login, password)`` to ``demo-accounts.txt``, mode
    0600; no rows: the file is removed."""
    path = Path(clienthome) / ACCOUNTS_FILE
    if not rows:
        if path.exists():
            path.unlink()
        return None
    _write(path, "".join(account_line(*row) + "\n" for row in rows), 0o600)
    return path


def read_status(clienthome):
    path = Path(clienthome) / STATUS_FILE
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write_status(clienthome, status):
    path = Path(clienthome) / STATUS_FILE
    _write(path, json.dumps(status, indent=2, ensure_ascii=False) + "\n", 0o644)
    return path
