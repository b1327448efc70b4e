"""A request whose form Zope cannot convert is a bad request (400).

ZPublisher converts typed form fields (``b_start:int=abc``, ``x:float``,
``x:date``, ``x:json``, ``x:required``) in ``HTTPRequest.processInputs``,
before traversal and before any view runs.  A value that does not convert
raises ``ValueError`` (``DateTimeError`` for dates), which the exception views
render as 500 Internal Server Error: a crash of the portal, for a typo in an
address.  This subscriber runs at publication start, just before Zope reads
the form, and makes that failure a ``zExceptions.BadRequest``, which Plone's
error page and plone.rest's JSON errors already answer with 400.
"""

from DateTime.interfaces import DateTimeError
from zExceptions import BadRequest
from zope.component import adapter
from ZPublisher.interfaces import IPubStart


@adapter(IPubStart)
def form_conversion_errors_are_bad_requests(event):
    request = event.request
    process_inputs = request.processInputs

    def processInputs(*args, **kwargs):
        try:
            return process_inputs(*args, **kwargs)
        except (ValueError, DateTimeError) as exc:
            raise BadRequest(str(exc)) from exc

    # this request only; ZPublisher calls it right after this event
    request.processInputs = processInputs
