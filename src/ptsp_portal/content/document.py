"""ApplicationDocument: a document of an application (an upload, the issued
permit), stored as the application's child.

Its portal type is ``File``: the same schema, views, downloads
(``<url>/@@download/file``) and REST representation as any File.  Unlike a
File it is not catalogued and has no intid: nobody searches documents
alone (they are reached through their application, whose page and REST
``items`` list them from the folder itself), and each catalog entry and
intid is written into trees shared by every submission (the catalog's
paths, its text indexes with the file name's words, the intid trees):
what made submissions at the same moment conflict.  Documents stored
before 1014 stay plain Files, taken out of the catalog and the intid
utility by the 1015 upgrade.
"""

from plone.app.contenttypes.content import File
from zope.interface import implementer
from zope.interface import Interface


class IUncataloguedDocument(Interface):
    """A document kept out of the catalog and the intid utility."""


@implementer(IUncataloguedDocument)
class ApplicationDocument(File):
    """A File that the catalog never sees."""

    def indexObject(self):
        pass

    def unindexObject(self):
        pass

    def reindexObject(self, idxs=[], update_metadata=1, uid=None):  # noqa: B006 - CMF's signature
        # what CMF does besides the catalog: a full reindex is a modification
        if not idxs:
            self.notifyModified()

    def reindexObjectSecurity(self, skip_self=False):
        pass
