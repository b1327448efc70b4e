"""Create the ``ptsp`` site from the ``ptsp`` distribution unless it exists.

Run by ``make start`` as ``zconsole run instance/etc/zope.conf scripts/create_site.py``.
A second run keeps the existing site and its data untouched.
Environment: SITE_ID (default ptsp), SITE_TITLE, DEFAULT_LANGUAGE (id),
PORTAL_TIMEZONE (Asia/Jakarta), SETUP_CONTENT (true), DELETE_EXISTING (false),
PUBLIC_SITE_URL (the address QR codes on permits point to; make site sets it
from wsgi_listen).
"""

from AccessControl.SecurityManagement import newSecurityManager
from plone.distribution.api import site as site_api
from Testing.makerequest import makerequest
from zope.globalrequest import setRequest

import os
import transaction


def truthy(name, default):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def main(app):
    app = makerequest(app)
    setRequest(app.REQUEST)  # plone.exportimport reads the global request
    site_id = os.environ.get("SITE_ID", "ptsp")
    if site_id in app.objectIds():
        if not truthy("DELETE_EXISTING", "false"):
            print(f"Site '{site_id}' exists already: kept as it is.")
            return
        app.manage_delObjects([site_id])
        transaction.commit()
        print(f"Site '{site_id}' deleted.")
    admin = None
    for user in app.acl_users.getUsers():
        if "Manager" in user.getRoles():
            admin = user
            break
    if admin is None:
        raise SystemExit("No Manager user in the root user folder; check instance/inituser.")
    newSecurityManager(None, admin.__of__(app.acl_users))
    answers = {
        "site_id": site_id,
        "title": os.environ.get("SITE_TITLE", "DPMPTSP Kabupaten Contoh"),
        "description": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "default_language": os.environ.get("DEFAULT_LANGUAGE", "id"),
        "portal_timezone": os.environ.get("PORTAL_TIMEZONE", "Asia/Jakarta"),
        "setup_content": truthy("SETUP_CONTENT", "true"),
    }
    site_api.create(app, "ptsp", answers)
    transaction.commit()
    print(f"Site '{site_id}' created from the ptsp distribution.")


main(app)  # noqa: F821 - `app` is provided by zconsole run
