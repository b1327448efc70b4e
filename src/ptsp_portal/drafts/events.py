"""``IDraftSubmittedEvent``: a saved draft became an application (notified
by ``saving.submit_maybe_draft`` in the submission's transaction, before
the draft is removed), so a capability that started the draft (a renewal,
``ptsp_portal.renewal``) can mark the application."""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface import Interface


class IDraftSubmittedEvent(Interface):
    draft = Attribute("The draft (still stored)")
    application = Attribute("The application made of it")


@implementer(IDraftSubmittedEvent)
class DraftSubmittedEvent:
    def __init__(self, draft, application):
        self.draft = draft
        self.application = application
