"""``GET <site>/++api++/@jdihn``: the JDIHN feed (regulations/jdihn.py), a
bare JSON array of every published regulation, public and cacheable
(security/caching.py: ruleset ``ptsp_portal.publicFeed``)."""

from plone.restapi.services import Service
from ptsp_portal.regulations import jdihn


class JdihnGet(Service):
    def render(self):
        self.check_permission()
        self.request.response.setHeader("Content-Type", jdihn.CONTENT_TYPE)
        return jdihn.feed_json(self.context)
