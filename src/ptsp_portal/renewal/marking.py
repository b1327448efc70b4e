"""A submitted renewal draft marks its application: ``renewal_of`` (the old
permit number, catalog column: the queue's mark) and ``renewal_of_uid``
(the old application, catalog index: ``policy.renewals``)."""

from Acquisition import aq_base
from plone.indexer import indexer
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.renewal.policy import RENEWAL_OF
from ptsp_portal.renewal.policy import RENEWAL_OF_UID


def on_draft_submitted(event):
    """``IDraftSubmittedEvent``: copy the draft's ``renewal_of``."""
    info = getattr(event.draft, "renewal_of", None)
    if not info:
        return
    application = event.application
    setattr(application, RENEWAL_OF, info.get("permit_number") or "")
    setattr(application, RENEWAL_OF_UID, info.get("uid"))
    application.reindexObject(idxs=[RENEWAL_OF_UID])


def _own(name):
    @indexer(IPermitApplication)
    def own_value(obj):
        value = getattr(aq_base(obj), name, None)
        if not value:
            raise AttributeError(name)  # not indexed, Missing.Value as metadata
        return value

    return own_value


renewal_of = _own(RENEWAL_OF)
renewal_of_uid = _own(RENEWAL_OF_UID)
