"""Open the database a rendered ``zope.conf`` describes, outside Zope.

The storage section is read with Zope's own configuration schema, so what is
opened here is exactly the storage the running instance uses: FileStorage
with its blob directory, RelStorage or a ZEO client.
"""

from Zope2.Startup.options import ZopeWSGIOptions

import ZODB


def storage_factory(zope_conf, name="main"):
    """The ZConfig storage factory of database ``name`` in ``zope_conf``."""
    configroot = ZopeWSGIOptions(configfile=str(zope_conf))().configroot
    for database in configroot.databases:
        if database.name == name:
            return database.config.storage
    raise LookupError(f"{zope_conf}: no <zodb_db {name}> section")


def open_storage(zope_conf, read_only=False):
    factory = storage_factory(zope_conf)
    if read_only:
        # Every storage section of ZODB, ZEO and RelStorage has read-only.
        factory.config.read_only = True
    return factory.open()


def open_database(zope_conf, read_only=False):
    return ZODB.DB(open_storage(zope_conf, read_only=read_only))
