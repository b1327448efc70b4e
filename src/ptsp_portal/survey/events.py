"""The hook between the survey and the complaints channel.

When a respondent ticks "kirim sebagai saran", ``answering.submit``
notifies ``SurveySuggestionFiled``.  Nothing in the survey depends on who
listens: with no subscriber the suggestion stays only in the (anonymous)
response.  The complaints package files a ``suggestion`` by subscribing::

    <subscriber for="ptsp_portal.survey.events.ISurveySuggestionFiled"
                handler=".survey_hook.file_suggestion" />

and, when it filed one, sets ``event.complaint_number`` (``ADU-…``) and
``event.access_code``, which the survey shows the respondent.  The event
carries no identity: the text, the permit type's UID and title only.
"""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface import Interface


class ISurveySuggestionFiled(Interface):
    suggestion = Attribute("The respondent's free text")
    permit_type = Attribute("UID of the permit type the survey was about")
    permit_type_title = Attribute("Its title")
    complaint_number = Attribute("Set by a subscriber that filed a complaint")
    access_code = Attribute("Set by a subscriber: the code to follow the complaint")


@implementer(ISurveySuggestionFiled)
class SurveySuggestionFiled:
    def __init__(self, suggestion, permit_type, permit_type_title):
        self.suggestion = suggestion
        self.permit_type = permit_type
        self.permit_type_title = permit_type_title
        self.complaint_number = None
        self.access_code = None
