"""One account per NIK: the index NIK -> user id, stored in the site.

Two ``OOBTree`` in the site's annotations: NIK -> user id, and back (the
NIK a user holds, so that a changed or deleted account releases it without
reading member data that may be gone).  A claim writes both trees in the
transaction that writes the member property, so two registrations of one
NIK at the same moment change the same key: one commits, the other gets a
``ConflictError``, is retried and then finds the NIK taken.  Claims of
different NIKs change different keys, which BTree buckets resolve.

NIKs are keys as ``identity.normalize_nik`` gives them; only their format
is ever checked (no population registry look-up).  Reading never writes:
``holder`` on a site without the index answers None.
"""

from BTrees.OOBTree import OOBTree
from plone import api
from ptsp_portal import _
from ptsp_portal.accounts.identity import normalize_nik
from zope.annotation.interfaces import IAnnotations
from zope.schema import ValidationError

BY_NIK = "ptsp_portal.accounts.nik_index"  # NIK -> user id
BY_USER = "ptsp_portal.accounts.nik_index_by_user"  # user id -> NIK


class NIKTaken(ValidationError):
    __doc__ = _(
        "NIK ini sudah terdaftar pada akun lain. Jika NIK ini milik Anda, "
        "hubungi petugas DPMPTSP untuk melepaskannya."
    )


def key(nik):
    """The index key of a NIK as typed ("" for none)."""
    return normalize_nik(nik) if isinstance(nik, str) else ""


def install(portal=None):
    """Create the two trees (once, at install or upgrade: a lazy creation
    would make every first claim write the site's annotations)."""
    annotations = IAnnotations(portal or api.portal.get())
    for name in (BY_NIK, BY_USER):
        if name not in annotations:
            annotations[name] = OOBTree()


def _trees(create=False):
    annotations = IAnnotations(api.portal.get())
    if create:
        install()
    elif BY_NIK not in annotations:
        return None, None
    return annotations[BY_NIK], annotations[BY_USER]


def holder(nik):
    """The user id holding ``nik``, or None."""
    by_nik, _by_user = _trees()
    nik = key(nik)
    return by_nik.get(nik) if by_nik is not None and nik else None


def held_by(user_id):
    """The NIK ``user_id`` holds, or None."""
    _by_nik, by_user = _trees()
    return by_user.get(user_id) if by_user is not None and user_id else None


def ensure_free(nik, user_id=None):
    """Raise ``NIKTaken`` when ``nik`` is held by an account other than
    ``user_id`` (None: an account still to be made)."""
    held = holder(nik)
    if held is not None and held != user_id:
        raise NIKTaken(key(nik))


def claim(nik, user_id):
    """``user_id`` holds ``nik`` from now on (and no longer the NIK it held
    before); ``NIKTaken`` when another account holds it.  An empty ``nik``
    releases what ``user_id`` held."""
    nik = key(nik)
    if not nik:
        release_user(user_id)
        return
    by_nik, by_user = _trees(create=True)
    held = by_nik.get(nik)
    if held is not None and held != user_id:
        raise NIKTaken(nik)
    previous = by_user.get(user_id)
    if held == user_id and previous == nik:
        return  # nothing to write
    if previous is not None and previous != nik and by_nik.get(previous) == user_id:
        del by_nik[previous]
    by_nik[nik] = user_id
    by_user[user_id] = nik


def release(nik):
    """Free ``nik``; the user id that held it, or None."""
    by_nik, by_user = _trees()
    nik = key(nik)
    if by_nik is None or not nik or nik not in by_nik:
        return None
    user_id = by_nik.pop(nik)
    if by_user.get(user_id) == nik:
        del by_user[user_id]
    return user_id


def release_user(user_id):
    """Free the NIK ``user_id`` holds; that NIK, or None."""
    by_nik, by_user = _trees()
    if by_user is None or not user_id or user_id not in by_user:
        return None
    nik = by_user.pop(user_id)
    if by_nik.get(nik) == user_id:
        del by_nik[nik]
    return nik
