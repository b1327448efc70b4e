"""Catalog values of issued permits (index ``verification_code``, metadata
``permit_number``, ``verification_code``, ``issued_date``, ``valid_until``).

Only applications provide them: without the fallbacks for everything else,
the documents inside an application would acquire their parent's values
and be catalogued under its verification code too.
"""

from plone.indexer import indexer
from ptsp_portal.content.application import IPermitApplication
from ptsp_portal.documents import IPermitDocument
from zope.interface import Interface


def _value(name):
    @indexer(IPermitApplication)
    def application_value(obj):
        return getattr(obj.aq_base, name, None)

    return application_value


def _nothing(name):
    @indexer(Interface)
    def no_value(obj):
        raise AttributeError(name)

    return no_value


permit_number = _value("permit_number")
verification_code = _value("verification_code")
issued_date = _value("issued_date")
valid_until = _value("valid_until")

no_permit_number = _nothing("permit_number")
no_verification_code = _nothing("verification_code")
no_issued_date = _nothing("issued_date")
no_valid_until = _nothing("valid_until")


@indexer(IPermitDocument)
def permit_document_text(obj):
    """The permit PDF is found by its title (which holds the number), not by
    its text: no pdftotext run at each approval, no holder data in the
    catalog's full-text index."""
    return " ".join(filter(None, (obj.getId(), obj.Title())))
