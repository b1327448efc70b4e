"""Finding applications by the applicant's name, without a text index.

The catalog keeps each application's name as keywords (the KeywordIndex
``applicant_words``): its words in lower case without accents, and every
start of a word of three letters or more, so that ``santo`` finds
"Santoso" and ``budi santo`` finds "Budi Santoso" (every word must match).

Not Plone's ``SearchableText``: a ZCTextIndex keeps, for a word found in
fewer than ten items, its postings as a ``dict`` inside the bucket of a
shared tree, and Python 3 cannot order dicts, so ZODB cannot merge two
transactions that each changed such a bucket: two citizens submitting at
the same moment conflicted there whenever their names shared a bucket of
the index (and with every new word, which takes the next id of the one
lexicon).  A KeywordIndex keeps a set per word; two submissions touch
different words, or add different items to the set of a common one, and
ZODB merges both.
"""

import re
import unicodedata

INDEX = "applicant_words"
SHORTEST_START = 3
WORD = re.compile(r"\w+")


def words(text):
    """The words of ``text``: lower case, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return WORD.findall(plain.lower())


def keywords(name):
    """What ``applicant_words`` stores for ``name``: its words and their starts."""
    found = set()
    for word in words(name):
        found.add(word)
        found.update(word[:length] for length in range(SHORTEST_START, len(word)))
    return sorted(found)


def query(text):
    """The catalog query on ``applicant_words`` for the words of ``text``
    (all must match), or ``None`` when it has none."""
    terms = sorted(set(words(text)))
    return {"query": terms, "operator": "and"} if terms else None
