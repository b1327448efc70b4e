"""Make the cluster's site (scripts/create_site.py: kept when it exists) and
point its cache purging (plone.cachepurging, installed by our profile) at
the cluster's Varnish, in one Zope start-up: an edit of public content then
sends PURGE to it after the commit (security/purging.py).  Run by
``scripts.cluster up`` before the instances start:
``zconsole run <instance>/etc/zope.conf scripts/cluster/configure_site.py``,
environment SITE_ID and PTSP_PURGE_URL (http://host:port of the front)."""

from pathlib import Path
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility
from zope.component.hooks import setSite

import os
import runpy
import sys
import transaction

CREATE_SITE = Path(sys._getframe().f_code.co_filename).resolve().parents[1] / "create_site.py"


def configure(app, environ):
    site = app[environ.get("SITE_ID", "ptsp")]
    setSite(site)
    registry = queryUtility(IRegistry)
    prefix = "plone.cachepurging.interfaces.ICachePurgingSettings."
    if prefix + "cachingProxies" not in registry.records:
        # a site older than profile version 1013 (plone.app.caching's purging)
        print("the site has no plone.cachepurging settings: upgrade ptsp_portal (1013), then run up again")
        return
    registry[prefix + "enabled"] = True
    registry[prefix + "cachingProxies"] = (environ["PTSP_PURGE_URL"],)
    transaction.commit()
    print(f"Purges go to {environ['PTSP_PURGE_URL']}")


if __name__ == "__main__" and "app" in globals():
    runpy.run_path(str(CREATE_SITE), init_globals={"app": app}, run_name="__main__")  # noqa: F821
    configure(app, os.environ)  # noqa: F821 - `app` is provided by zconsole run
