"""Catalog values of issued permits (index ``verification_code``, metadata
``permit_number``, ``verification_code``, ``issued_date``, ``valid_until``).

Read without acquisition: only applications have them (``None`` until
issued), so the documents inside an application are not catalogued under
its verification code too.
"""

from Acquisition import aq_base
from plone.indexer import indexer
from zope.interface import Interface


def _own(name):
    @indexer(Interface)
    def own_value(obj):
        return getattr(aq_base(obj), name)

    return own_value


permit_number = _own("permit_number")
verification_code = _own("verification_code")
issued_date = _own("issued_date")
valid_until = _own("valid_until")
