"""``@@getVocabulary`` that says "forbidden" when it refuses.

Which vocabularies a user may read is Plone's rule (``PERMISSIONS`` in
``plone.app.content.browser.vocabulary``; the user vocabularies need "List
portal members", which the profile's rolemap gives to Managers and officers
only).  Plone answers a refusal with status 200 and ``{"error": ...}``; here
it is a 403, as ``@vocabularies`` answers.
"""

from plone.app.content.browser import vocabulary

NOT_ALLOWED = "Vocabulary lookup not allowed"


class VocabularyView(vocabulary.VocabularyView):
    def get_vocabulary(self):
        try:
            return super().get_vocabulary()
        except vocabulary.VocabLookupException as exc:
            if exc.args and exc.args[0] == NOT_ALLOWED:
                self.request.response.setStatus(403)
            raise
