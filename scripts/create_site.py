"""Create the ``ptsp`` site from the ``ptsp`` distribution unless it exists.

Run by ``make start`` as ``zconsole run instance/etc/zope.conf scripts/create_site.py``.
A second run keeps the existing site and its data untouched.
Environment: SITE_ID (default ptsp), SITE_TITLE, DEFAULT_LANGUAGE (id),
PORTAL_TIMEZONE (Asia/Jakarta), SETUP_CONTENT (true), DELETE_EXISTING (false),
PUBLIC_SITE_URL (the address QR codes on permits point to; make site sets it
from wsgi_listen).

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
from plone.distribution.api import site as site_api
from plone.distribution.api.distribution import get_creation_report
from Testing.makerequest import makerequest
from zope.globalrequest import setRequest

import os
import sys
import traceback
import transaction


def truthy(name, default, environ=os.environ):
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
    """A Manager of the root user folder (instance/inituser makes one), who
    will own the site."""
    for user in acl_users.getUsers() or ():
        if "Manager" in user.getRoles():
            return user
    search = getattr(acl_users, "searchUsers", None)  # a PluggableAuthService
    for info in search() if search is not None else ():
        user = acl_users.getUserById(info["userid"])
        if user is not None and "Manager" in user.getRoles():
            return user
    return None


def ensure_site(app, environ=os.environ):
    """Create the site unless a complete one exists; raise ``SystemExit``
    (a message, exit status 1) when no complete site can be served."""
    site_id = environ.get("SITE_ID", "ptsp")
    delete = truthy("DELETE_EXISTING", "false", environ)
    if site_id in app.objectIds():
        if not delete:
            if is_complete(app[site_id]):
                print(f"Site '{site_id}' exists already: kept as it is.")
                return app[site_id]
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
        "setup_content": truthy("SETUP_CONTENT", "true", environ),
    }
    try:
        site = site_api.create(app, "ptsp", answers)
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
    print(f"Site '{site_id}' created from the ptsp distribution.")
    return site


def main(app):
    app = makerequest(app)
    setRequest(app.REQUEST)  # plone.exportimport reads the global request
    try:
        ensure_site(app)
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":  # zconsole run executes the script as __main__
    main(app)  # noqa: F821 - `app` is provided by zconsole run
