"""Send the reminders of permits about to expire (Pengaturan PTSP:
"Pengingat perpanjangan izin", record ``ptsp_portal.renewal_reminder_days``,
default 90 and 30 days before ``valid_until``): one mail per permit per
interval, however often it runs.

    make renewal-reminders      # or: make renewal-reminders DRY_RUN=1
    .venv/bin/zconsole run instance/etc/zope.conf scripts/renewal_reminders.py [--site ptsp] [--dry-run]

``--dry-run`` lists what would be sent and changes nothing.  Each permit is
recorded (on its application, ``renewal_reminders``) and committed on its
own, its mail sent after that commit; running it twice, or two runs at
once, sends nothing twice; after a missed day the next run sends the one
reminder due.  Exits 0 when done, 2 when the site does not exist.

With ``db_storage: direct`` (FileStorage) the running instance holds the
database: stop it first.  With ``zeo`` or ``relstorage`` run it any time,
e.g. daily from cron.  See ``ptsp_portal.renewal.reminders``.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.users import system
from ptsp_portal.renewal import reminders
from zope.component.hooks import setSite

import argparse
import os
import sys


def arguments(argv):
    """The options after the script's own name (zconsole passes its whole
    command line)."""
    here = os.path.basename(__file__ if "__file__" in globals() else "renewal_reminders.py")
    for index, arg in enumerate(argv):
        if os.path.basename(arg) == here:
            argv = argv[index + 1 :]
            break
    else:
        argv = []
    parser = argparse.ArgumentParser(prog="renewal_reminders.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=os.environ.get("SITE_ID", "ptsp"), help="site id (default ptsp)")
    parser.add_argument("--dry-run", action="store_true", help="list what would be sent; send nothing")
    return parser.parse_args(argv)


def report(items, dry_run, out=None):
    out = out or sys.stdout
    for item in items:
        print(
            f"  {item['permit_number']} ({item['tracking_number']}) ends {item['valid_until']}: "
            f"{item['interval']}-day reminder to {item['to'] or '-'}",
            file=out,
        )
    verb = "Would send" if dry_run else "Sent"
    print(f"{verb} {len(items)} renewal reminder(s).", file=out)


def main(app, argv):
    options = arguments(argv)
    site = app._getOb(options.site, None)
    if site is None:
        print(f"No site '{options.site}' in this database.", file=sys.stderr)
        return 2
    setSite(site)
    newSecurityManager(None, system)
    items = reminders.remind(dry_run=options.dry_run, commit=True)
    report(items, options.dry_run)
    return 0


if __name__ == "__main__":
    status = main(app, sys.argv)  # noqa: F821 - `app` is provided by zconsole run
    if status:
        sys.exit(status)
