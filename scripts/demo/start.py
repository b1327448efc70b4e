"""The last step of ``make start``: the demo mail catcher when the site's
mail goes to it, what to try, then the Zope server.

``python -m scripts.demo.start instance.yaml instance/etc/zope.ini``

Reads what ``make site`` left (``state.py``).  When the site's MailHost
sends to the demo catcher, starts it (``catcher.py``, SMTP on that port,
web inbox on ``DEMO_INBOX_PORT``, both on 127.0.0.1) and waits until it
answers.  Prints the portal's addresses, one line per demo account
(``<peran> — login: <login> — sandi: <password>``), the URLs to try and,
while demo accounts exist on the site, the warning that they must never
exist on a production site.  Then it becomes the Zope server (``runwsgi``,
same process id); the catcher ends when that process ends, however it ends.
"""

from pathlib import Path
from scripts.demo import state
from scripts.instance.options import load
from scripts.instance.options import validate

import argparse
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

DEFAULT_INBOX_PORT = 8026
WARNING = (
    "WARNING: this site has demo accounts whose passwords are printed above. "
    "Demo accounts must never exist on a production site: for a real office, "
    "create the site with SETUP_CONTENT=false (see README, 'A site for a real office')."
)


def site_base_url(listen, site_id):
    host, _sep, port = str(listen).split()[0].rpartition(":")
    if host in ("", "*", "0.0.0.0", "[::]"):
        host = "localhost"
    return f"http://{host}:{port}/{site_id}"


def banner(status, rows, portal_url, admin, inbox_url):
    """The lines ``make start`` ends with."""
    lines = [
        "",
        f"  Portal:   {portal_url}",
        f"  Log in:   {portal_url}/login as '{admin}' (password: initial_user_password in instance.yaml)",
    ]
    accounts = status.get("demo_accounts") or [] if status else []
    if inbox_url:
        lines.append(f"  Inbox:    {inbox_url}   (every mail the demo site sends; 127.0.0.1 only)")
    if accounts:
        passwords = {login: (role, password) for role, login, password in rows}
        lines += ["", "  Demo accounts (passwords made at random for this site):"]
        for account in accounts:
            role, password = passwords.get(account["login"], (account["role"], None))
            if password is None:
                password = "(unknown: set one in Site Setup > Users)"
            lines.append("  " + state.account_line(role, account["login"], password))
        lines += [
            "",
            "  Try:",
            f"    {portal_url}/@@coba-portal   the guided first visit (Coba portal ini)",
            f"    {portal_url}/layanan         read a permit, apply as warga-contoh",
            f"    {portal_url}/permohonan      work the files as each officer",
            f"    {portal_url}/@@lacak         follow a file by its number",
            "",
            "  " + WARNING,
        ]
    lines.append("")
    return "\n".join(lines)


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except (urllib.error.URLError, OSError):
        return False


def start_catcher(clienthome, smtp_port, http_port):
    """The catcher as a child that ends with this process (or its exec'd
    successor); returns its inbox URL, or exits with a message."""
    inbox_url = f"http://127.0.0.1:{http_port}/"
    command = [
        sys.executable,
        "-m",
        "scripts.demo.catcher",
        "--maildir",
        str(Path(clienthome) / "demo-mail"),
        "--smtp-port",
        str(smtp_port),
        "--http-port",
        str(http_port),
        "--parent-pid",
        str(os.getpid()),
    ]
    root = Path(__file__).resolve().parents[2]
    path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=path)
    catcher = subprocess.Popen(command, cwd=root, env=env)
    for _attempt in range(100):
        if catcher.poll() is not None:
            raise SystemExit(
                f"The demo mail catcher could not start (SMTP 127.0.0.1:{smtp_port}, inbox "
                f"127.0.0.1:{http_port}): is another process using the port? Stop it, or run "
                "make start DEMO_INBOX_PORT=<free port> (the SMTP port is the site's, in Site Setup > Mail)."
            )
        if _answers(inbox_url):
            return inbox_url
        time.sleep(0.1)
    catcher.terminate()
    raise SystemExit(f"The demo mail catcher did not answer at {inbox_url}.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", help="instance.yaml")
    parser.add_argument("zope_ini", help="instance/etc/zope.ini")
    args = parser.parse_args(argv)
    config = Path(args.config).resolve()
    options = validate(load(config))
    clienthome = Path(options["location_clienthome"])
    if not clienthome.is_absolute():
        clienthome = config.parent / clienthome
    status = state.read_status(clienthome)
    site_id = (status or {}).get("site_id") or os.environ.get("SITE_ID", "ptsp")
    portal_url = site_base_url(options["wsgi_listen"], site_id)
    inbox_url = None
    env = dict(os.environ)
    if status and status.get("mail_catcher_port"):
        http_port = int(os.environ.get("DEMO_INBOX_PORT") or DEFAULT_INBOX_PORT)
        inbox_url = start_catcher(clienthome, status["mail_catcher_port"], http_port)
        env["PTSP_DEMO_INBOX_URL"] = inbox_url  # for @@coba-portal
    rows = state.read_accounts(clienthome)
    print(banner(status, rows, portal_url, options["initial_user_name"], inbox_url))
    sys.stdout.flush()
    runwsgi = Path(sys.executable).parent / "runwsgi"
    os.execve(str(runwsgi), [str(runwsgi), args.zope_ini], env)


if __name__ == "__main__":
    sys.exit(main())
