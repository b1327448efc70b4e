"""Issued permits: the numbered, optionally signed "Surat Keputusan" PDF with
a QR code, and the public verification of its code.

- ``issue.py``: on ``approve`` (before the state changes) draw the permit
  number, set ``issued_date``/``valid_until``/``verification_code`` and store
  the PDF as the child File ``surat-izin.pdf``; any failure stops the
  transition.
- ``permit_number.py``: the number pattern, its default and its check
  (shared with the control panel, which imports from ``documents``, never
  the other way round).
- ``pdf.py`` (fpdf2) and ``qr.py`` (segno): the document itself.
- ``signing.py``: PAdES signature with pyHanko when a PKCS#12 certificate
  is configured (``PTSP_SIGNING_P12``/``PTSP_SIGNING_PASSPHRASE``).
- ``verification.py``: ``verify(code)``, shared by ``@@verifikasi`` and the
  REST ``@verify`` service.
"""

from zope.interface import Interface

DOCUMENT_ID = "surat-izin.pdf"
# printed above the approver's name when ``ptsp_portal.approver_position`` is
# empty; also the control panel's default
DEFAULT_APPROVER_POSITION = "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"


class IPermitDocument(Interface):
    """Marker of the permit PDF (also an ``IApplicationDocument``, so it is
    catalogued by its title, which holds the number; its text is never
    extracted into the catalog)."""


def permit_document(application):
    """The permit PDF (a File, download at ``<url>/@@download/file``) of an
    issued or revoked application, or ``None``.  Security is the caller's:
    the File shares the application's permissions."""
    if application is None:
        return None
    document = application.get(DOCUMENT_ID) if hasattr(application, "get") else None
    if document is None or getattr(document, "portal_type", None) != "File":
        return None
    return document
