"""List the applications whose stored documents have lost their file.

    make check-blobs                      # the instance of instance.yaml
    .venv/bin/python -m scripts.instance.check_blobs path/to/zope.conf   # from the repository root

Opens the database that ``zope.conf`` describes read-only (the instance may
keep serving), and asks the storage, for every document of every
application in every Plone site's ``/permohonan``, for the file of its blob.
Prints the applications, by tracking number, with the documents whose file is
missing, and exits 1 when there is any; 0 when every file is there; 2 when
the configuration cannot be read or opened.

Offices that ran an instance rendered with ``<blobstorage>`` (before this
check existed) run it once after upgrading: a document reported here was
deleted by ZODB's blob storage proxy under concurrent submissions and has to
be asked again from the applicant (see ``bench/blob_loss.py``).
"""

from plone.base.interfaces import IPloneSiteRoot
from scripts.instance.database import open_database
from ZODB.blob import Blob
from ZODB.POSException import POSKeyError

import argparse
import logging
import sys

APPLICATIONS_FOLDER = "permohonan"
CACHE_EVERY = 500  # applications between cache trims, to bound memory


def contents(folder):
    """A folder's items, read from its BTree: without Zope's configuration
    loaded there is no ordering adapter for ``objectValues``."""
    return folder._tree.values()


def blobs_of(document):
    """(field name, Blob) for every file field of a stored document."""
    document._p_activate()  # a ghost's __dict__ is empty
    for name, value in sorted(vars(document).items()):
        blob = getattr(value, "_blob", None)
        if isinstance(blob, Blob):
            yield name, blob


def has_file(blob):
    try:
        blob._p_activate()  # loading a blob's state asks the storage for its file
        blob._p_jar._storage.loadBlob(blob._p_oid, blob._p_serial)
    except POSKeyError:
        return False
    return True


def plone_sites(app):
    for obj in app.objectValues():
        if IPloneSiteRoot.providedBy(obj):
            yield obj


def check(root):
    """Return what was checked and a list of (site id, tracking number,
    [missing documents]) for each application that lost a file."""
    stats = {"sites": 0, "applications": 0, "documents": 0}
    damaged = []
    app = root["Application"]
    for site in plone_sites(app):
        stats["sites"] += 1
        folder = site._getOb(APPLICATIONS_FOLDER, None)
        if folder is None:
            continue
        for count, application in enumerate(contents(folder), 1):
            stats["applications"] += 1
            missing = []
            for document in contents(application):
                for field, blob in blobs_of(document):
                    stats["documents"] += 1
                    if not has_file(blob):
                        missing.append(f"{document.getId()} ({field})")
            if missing:
                number = getattr(application, "tracking_number", None) or application.getId()
                damaged.append((site.getId(), number, missing))
            if count % CACHE_EVERY == 0:
                app._p_jar.cacheGC()
    return stats, damaged


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("zope_conf", nargs="?", default="instance/etc/zope.conf")
    args = parser.parse_args(argv)
    # ZODB logs a traceback for each blob it cannot load; the list says it.
    logging.getLogger("ZODB.Connection").setLevel(logging.CRITICAL)
    try:
        db = open_database(args.zope_conf, read_only=True)
    except Exception as exc:  # ZConfig, missing files, unreachable database
        print(f"error: cannot open the database of {args.zope_conf}: {exc}", file=sys.stderr)
        return 2
    try:
        conn = db.open()
        try:
            stats, damaged = check(conn.root())
        finally:
            conn.close()
    finally:
        db.close()
    print(
        f"Checked {stats['documents']} documents of {stats['applications']} applications "
        f"in {stats['sites']} site(s)."
    )
    if not damaged:
        print("Every document has its file.")
        return 0
    print(f"{len(damaged)} application(s) have documents without their file:")
    for site_id, number, missing in damaged:
        print(f"  {site_id}  {number}: {', '.join(missing)}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
