"""``GET /@portrait/<user id>``: plone.restapi's portrait of a user, for that
user and those who may list people (``accounts.visibility``); anyone else
gets the answer of a user without a portrait (404, empty), which does not
tell whether the account exists.  ``GET /@portrait`` (one's own) is
unchanged."""

from plone.restapi.services.users.get import PortraitGet as PlonePortraitGet
from Products.PlonePAS.utils import decleanId
from ptsp_portal.accounts.visibility import may_see_person


class PortraitGet(PlonePortraitGet):
    def render(self):
        if len(self.params) == 1 and not may_see_person(self.context, decleanId(self.params[0])):
            self.request.response.setStatus(404)
            return None
        return super().render()
