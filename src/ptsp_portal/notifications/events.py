"""Events of the application life cycle that the workflow does not fire."""

from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IApplicationSubmittedEvent(IObjectEvent):
    """A citizen's application was created, complete with its documents and
    owner (fired once by ``ptsp_portal.applications.intake.create_application``)."""


@implementer(IApplicationSubmittedEvent)
class ApplicationSubmittedEvent(ObjectEvent):
    """``object`` is the new PermitApplication."""
