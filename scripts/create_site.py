"""Create the ``ptsp`` site from the ``ptsp`` distribution unless it exists.

Run by ``make site`` (and so by every ``make start``) as ``zconsole run
instance/etc/zope.conf scripts/create_site.py``, or by a buildout's
``bin/instance run scripts/create_site.py``.  A second run keeps the
existing site and its data untouched.
Environment: SITE_ID (default ptsp), SITE_TITLE, DEFAULT_LANGUAGE (id),
PORTAL_TIMEZONE (Asia/Jakarta), SETUP_CONTENT (true: the demo; false: a site
for a real office), DELETE_EXISTING (false), PUBLIC_SITE_URL (the address
QR codes on permits point to; make site sets it from wsgi_listen),
DEMO_MAIL_PORT (8025: the demo mail catcher's SMTP port, for a new demo).

Every run also leaves, in the instance's CLIENTHOME, what ``make start``
prints and runs (``scripts/demo/state.py``): the demo accounts' passwords
(made at random for a new demo site, mode 0600) and whether the site's mail
goes to the demo mail catcher.

All or nothing: the site is created in one transaction (the distribution's
handlers do not commit halfway, see ``ptsp_portal.distributions.handlers``).
If a step fails, nothing is kept (a site that an intermediate commit left
behind is removed) and the script exits with status 1, so ``make start``
stops before serving.  A site whose creation never finished (no creation
report of plone.distribution, which is written last: e.g. left by an
earlier version of this script) is not served either: the script stops and
says how to create it again.
"""

from AccessControl.SecurityManagement import newSecurityManager
from Acquisition import aq_base
from App.config import getConfiguration
from pathlib import Path
from plone.distribution.api import site as site_api
from plone.distribution.api.distribution import get_creation_report
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import os
import sys
import traceback
import transaction

# zconsole runs this file with the virtualenv's bin/ first on sys.path: the
# repository's tools (scripts.demo) are found from the file's own place
ROOT = Path(sys._getframe().f_code.co_filename).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ptsp_portal.demo.accounts import existing_demo_accounts  # noqa: E402
from ptsp_portal.demo.accounts import new_passwords  # noqa: E402
from ptsp_portal.demo.mail import demo_catcher_port  # noqa: E402
from scripts.demo import state  # noqa: E402


def truthy(environ, name, default):
    return environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def is_complete(site):
    """The site's creation from a distribution finished: plone.distribution
    records its creation report as the very last step."""
    return get_creation_report(site) is not None


def remove_site(app, site_id):
    """Remove a site, without the events of its content (a half-made site
    may not survive them)."""
    app._delObject(site_id, suppress_events=True)
    transaction.commit()


def find_manager(acl_users):
    """A user of the root user folder with the Manager role, or ``None``.

    A classic user folder (a fresh instance's, from ``inituser``) lists its
    users; a PluggableAuthService one (Plone replaces the root's once it
    made a site; a buildout's may be one from the start) is searched, since
    its ``getUsers`` only knows plugins that list users, which a plain
    ZODB user manager does not.
    """
    if hasattr(aq_base(acl_users), "searchUsers"):
        candidates = (acl_users.getUserById(info["userid"]) for info in acl_users.searchUsers())
    else:
        candidates = acl_users.getUsers()
    for user in candidates:
        if user is not None and "Manager" in user.getRoles():
            return user
    return None


def create(app, environ):
    """``(site, created)``: the site ``SITE_ID``, made from the distribution
    when it does not exist (or ``DELETE_EXISTING``)."""
    site_id = environ.get("SITE_ID", "ptsp")
    if site_id in app.objectIds():
        if not truthy(environ, "DELETE_EXISTING", "false"):
            if is_complete(app[site_id]):
                print(f"Site '{site_id}' exists already: kept as it is.")
                return app[site_id], False
            raise SystemExit(
                f"Site '{site_id}' exists but its creation never finished (a step of the "
                "distribution failed): it is not served. Create it again, losing what it "
                "holds, with DELETE_EXISTING=true make start."
            )
        remove_site(app, site_id)
        print(f"Site '{site_id}' deleted.")
    admin = find_manager(app.acl_users)
    if admin is None:
        raise SystemExit("No Manager user in the root user folder; check instance/inituser.")
    newSecurityManager(None, admin.__of__(app.acl_users))
    answers = {
        "site_id": site_id,
        "title": environ.get("SITE_TITLE", "DPMPTSP Kabupaten Contoh"),
        "description": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "default_language": environ.get("DEFAULT_LANGUAGE", "id"),
        "portal_timezone": environ.get("PORTAL_TIMEZONE", "Asia/Jakarta"),
        "setup_content": truthy(environ, "SETUP_CONTENT", "true"),
    }
    try:
        site_api.create(app, "ptsp", answers)
        transaction.commit()
    except Exception as exc:
        traceback.print_exc()
        transaction.abort()
        app._p_jar.sync()
        if site_id in app.objectIds():  # committed halfway by some step
            remove_site(app, site_id)
        raise SystemExit(
            f"Site '{site_id}' could not be created ({type(exc).__name__}: {exc}); nothing "
            "was kept. Correct the cause and run make start again."
        ) from None
    kind = "a demo with example content and demo accounts" if answers["setup_content"] else "no demo content"
    print(f"Site '{site_id}' created from the ptsp distribution ({kind}).")
    return app[site_id], True


def record_demo(site, clienthome, created):
    """Leave ``make start`` the demo accounts' passwords and the mail state.

    A new site gets new passwords for all its demo accounts; a kept one only
    for accounts whose password the file does not hold (a lost file).  The
    file lists the accounts that exist on the site, and goes away with them.
    """
    setSite(site)
    existing = existing_demo_accounts()
    known = {} if created else {login: password for _role, login, password in state.read_accounts(clienthome)}
    missing = [account for account in existing if account.login not in known]
    if missing:
        known.update(new_passwords(missing))
        transaction.commit()
    rows = [(str(account.role), account.login, known[account.login]) for account in existing]
    path = state.write_accounts(clienthome, rows)
    status = {
        "site_id": site.getId(),
        "demo_accounts": [{"login": account.login, "role": str(account.role)} for account in existing],
        "mail_catcher_port": demo_catcher_port(),
    }
    state.write_status(clienthome, status)
    if path is not None:
        print(f"{len(rows)} demo accounts; their passwords are in {path} (mode 0600).")
    return status


def main(app, environ=os.environ):
    app = makerequest(app)
    setRequest(app.REQUEST)  # plone.exportimport reads the global request
    try:
        site, created = create(app, environ)
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
    return record_demo(site, getConfiguration().clienthome, created)


if __name__ == "__main__" and "app" in globals():
    main(app)  # noqa: F821 - `app` is provided by zconsole run
