"""``<site>/integrasi-jdihn``: the JDIHN feed (regulations/jdihn.py) as
plain JSON at the address JDIH harvesters are given, without ``++api++``."""

from Products.Five.browser import BrowserView
from ptsp_portal.regulations import jdihn


class JdihnFeedView(BrowserView):
    def __call__(self):
        self.request.response.setHeader("Content-Type", jdihn.CONTENT_TYPE)
        return jdihn.feed_json(self.context)
