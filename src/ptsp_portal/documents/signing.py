"""PAdES signing of permit PDFs with pyHanko.

The signing key is a PKCS#12 file.  Its path comes from the registry record
``ptsp_portal.signing_certificate_path`` when set, otherwise from the
environment variable ``PTSP_SIGNING_P12``; the passphrase only ever comes
from ``PTSP_SIGNING_PASSPHRASE`` (it is never stored in the ZODB).  Without a
path, permits are issued unsigned and the PTSP control panel says so.  A path
that is set but cannot be loaded (missing file, wrong passphrase) is an error:
the approval stops rather than silently issuing an unsigned permit.
"""

from io import BytesIO
from plone import api
from ptsp_portal import _

import hashlib
import os

ENV_PATH = "PTSP_SIGNING_P12"
ENV_PASSPHRASE = "PTSP_SIGNING_PASSPHRASE"
PATH_RECORD = "ptsp_portal.signing_certificate_path"
SIGNATURE_FIELD = "TandaTanganElektronik"


class SigningError(Exception):
    """The configured certificate cannot be used; ``message`` (an i18n
    message) says why."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


def configured_path():
    """The PKCS#12 path to use, or ``None`` when signing is not configured."""
    path = None
    try:
        path = api.portal.get_registry_record(PATH_RECORD, default=None)
    except Exception:  # no site (scripts) or record not registered yet
        path = None
    path = (path or "").strip() or os.environ.get(ENV_PATH, "").strip()
    return path or None


def passphrase():
    value = os.environ.get(ENV_PASSPHRASE)
    return value.encode("utf-8") if value else None


_signers = {}  # (path, mtime, size, passphrase digest) -> signer


def load_signer(path=None, secret=None):
    """A pyHanko ``SimpleSigner`` for the configured certificate, or ``None``
    when signing is not configured; ``SigningError`` when it is broken.

    Kept in memory per process until the file (or passphrase) changes:
    decrypting a PKCS#12 file costs more than signing with it.
    """
    # pyHanko (and its crypto stack) is imported only when a certificate is
    # loaded: it is slow to import and most processes never sign
    from pyhanko.sign import signers

    path = path or configured_path()
    if not path:
        return None
    secret = secret if secret is not None else passphrase()
    try:
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size, hashlib.sha256(secret or b"").digest())
        if key in _signers:
            return _signers[key]
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise SigningError(
            _(
                "Berkas sertifikat ${path} tidak dapat dibaca (${error}).",
                mapping={"path": path, "error": exc.strerror},
            )
        ) from exc
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=secret)
    except ValueError as exc:
        raise SigningError(
            _(
                "Sertifikat ${path} tidak dapat dibuka; periksa kata sandinya "
                "(variabel lingkungan ${variable}).",
                mapping={"path": path, "variable": ENV_PASSPHRASE},
            )
        ) from exc
    _signers.clear()
    _signers[key] = signer
    return signer


def signer_name(signer):
    """The common name (or full subject) of the signing certificate."""
    subject = signer.signing_cert.subject
    return subject.native.get("common_name") or subject.human_friendly


def sign(pdf_bytes, signer, reason=None, location=None, name=None):
    """Sign ``pdf_bytes`` (PAdES baseline B-B) and return the signed bytes."""
    # imported here for the same reason as in ``load_signer``: slow, seldom used
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields
    from pyhanko.sign import signers

    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=name,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue()


def status():
    """For the control panel: ``(state, detail)`` where state is ``"unsigned"``,
    ``"ok"`` (detail: certificate name and expiry) or ``"error"`` (detail:
    the reason)."""
    path = configured_path()
    if not path:
        return "unsigned", None
    try:
        signer = load_signer(path)
    except SigningError as exc:
        return "error", exc.message
    not_after = signer.signing_cert["tbs_certificate"]["validity"]["not_after"].native
    return "ok", {"name": signer_name(signer), "not_after": not_after, "path": path}
