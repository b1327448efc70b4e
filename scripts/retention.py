"""Remove the documents and personal data of rejected and withdrawn
applications whose retention period ended (Pengaturan PTSP: "Masa simpan
data pribadi", record ``ptsp_portal.retention_days``; 0 = off), and the
expired drafts of applications with their documents (record
``ptsp_portal.draft_days``, default 30 days after their last change).

    make retention              # or: make retention DRY_RUN=1
    .venv/bin/zconsole run instance/etc/zope.conf scripts/retention.py [--site ptsp] [--dry-run]

``--dry-run`` lists what would be removed and changes nothing.  Commits
every 50 applications; each one cleared is recorded in the access log
(action ``retention``) and the event log.  Exits 0 when done (also when
retention is off or nothing is due), 2 when the site does not exist.

With ``db_storage: direct`` (FileStorage) the running instance holds the
database: stop it first.  With ``zeo`` or ``relstorage`` run it any time,
e.g. nightly from cron.  The files leave the database at its next pack.
See ``ptsp_portal.applications.retention``.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.users import system
from ptsp_portal.applications import retention
from ptsp_portal.drafts import cleanup as drafts_cleanup
from zope.component.hooks import setSite

import argparse
import os
import sys
import transaction


def arguments(argv):
    """The options after the script's own name (zconsole passes its whole
    command line)."""
    here = os.path.basename(__file__ if "__file__" in globals() else "retention.py")
    for index, arg in enumerate(argv):
        if os.path.basename(arg) == here:
            argv = argv[index + 1 :]
            break
    else:
        argv = []
    parser = argparse.ArgumentParser(prog="retention.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=os.environ.get("SITE_ID", "ptsp"), help="site id (default ptsp)")
    parser.add_argument("--dry-run", action="store_true", help="list what would be removed; change nothing")
    return parser.parse_args(argv)


def report(result, out=sys.stdout):
    days = result["days"]
    if not days:
        print("Retention is off (Pengaturan PTSP: masa simpan 0 hari): nothing removed.", file=out)
        return
    applications = result["applications"]
    verb = "Would remove" if result["dry_run"] else "Removed"
    print(
        f"Retention {days} days: applications rejected or withdrawn before "
        f"{result['cutoff']:%Y-%m-%d} (office time).",
        file=out,
    )
    for item in applications:
        print(
            f"  {item['tracking_number']}  {item['state']} {item['closed']}: "
            f"documents {', '.join(item['documents']) or '-'}; "
            f"fields {', '.join(item['fields']) or '-'}; comments {item['comments']}",
            file=out,
        )
    print(f"{verb} the documents and personal data of {len(applications)} application(s).", file=out)
    if applications and not result["dry_run"]:
        print("Pack the database so that the removed files leave its history.", file=out)


def main(app, argv):
    options = arguments(argv)
    site = app._getOb(options.site, None)
    if site is None:
        print(f"No site '{options.site}' in this database.", file=sys.stderr)
        return 2
    setSite(site)
    newSecurityManager(None, system)
    result = retention.run(dry_run=options.dry_run, commit=True)
    report(result)
    drafts = drafts_cleanup.purge_expired(dry_run=options.dry_run)
    if not options.dry_run:
        transaction.commit()
    report_drafts(drafts, options.dry_run)
    return 0


def report_drafts(drafts, dry_run, out=sys.stdout):
    for item in drafts:
        print(
            f"  draft {item['draft_id']} of {item['owner']}, last changed {item['modified'][:10]}: "
            f"documents {', '.join(item['documents']) or '-'}",
            file=out,
        )
    verb = "Would remove" if dry_run else "Removed"
    print(f"{verb} {len(drafts)} expired draft(s) with their documents.", file=out)


if __name__ == "__main__":
    status = main(app, sys.argv)  # noqa: F821 - `app` is provided by zconsole run
    if status:
        sys.exit(status)
