"""Make the cluster's site (scripts/create_site.py: kept when it exists) and
point its cache purging (plone.cachepurging) at the cluster's Varnish, in one
Zope start-up.  Run by ``scripts.cluster up`` before the instances start:
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
    if registry.get(prefix + "enabled") is None and prefix + "enabled" not in registry.records:
        print("plone.cachepurging is not installed in the site: no purge URL set")
        return
    registry[prefix + "enabled"] = True
    registry[prefix + "cachingProxies"] = (environ["PTSP_PURGE_URL"],)
    transaction.commit()
    print(f"Purges go to {environ['PTSP_PURGE_URL']}")


if __name__ == "__main__" and "app" in globals():
    runpy.run_path(str(CREATE_SITE), init_globals={"app": app}, run_name="__main__")  # noqa: F821
    configure(app, os.environ)  # noqa: F821 - `app` is provided by zconsole run
