"""Plone's pages that show other people, asking ``accounts.visibility``
first: the Sharing tab (``@@sharing``, ``@@updateSharingInfo``, and through
them REST ``@sharing``) searches users and groups only for those who may list
people, and an author page (``author/<user id>``) is for that user and those
who may list people (refused alike whether the account exists or not)."""

from plone.app.workflow.browser.sharing import SharingView as PloneSharingView
from Products.CMFPlone.browser import author
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ptsp_portal.accounts.visibility import may_list_people
from ptsp_portal.accounts.visibility import may_see_person
from zExceptions import Unauthorized

import os


class SharingView(PloneSharingView):
    """Existing entries as Plone shows them; new people only to those who
    may list people (Plone lets anyone who may share search every user's
    name and login, e.g. an editor on a permit type)."""

    def user_search_results(self):
        return super().user_search_results() if may_list_people(self.context) else []

    def group_search_results(self):
        return super().group_search_results() if may_list_people(self.context) else []


class AuthorView(author.AuthorView):
    """Plone's author page (its template too), for that user and those who
    may list people only."""

    index = ViewPageTemplateFile("templates/author.pt", _prefix=os.path.dirname(author.__file__))

    def __call__(self):
        if not may_see_person(self.context, self.username):
            raise Unauthorized("Only this user and those who may list users see this page.")
        return super().__call__()
