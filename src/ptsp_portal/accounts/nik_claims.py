"""Which account holds which NIK: the member events that keep the index
(``nik_index``) true, a Manager's release, and the fill from existing
members (upgrade 1008).

Every write of the member property ``nik`` (registration, Personal
Information, ``@users``, ``api.user.create``, code) fires PAS'
``PropertiesUpdated``; the subscriber claims the NIK for the account in
that transaction, releasing the one it held before, and raises
``NIKTaken`` when another account holds it.  The forms and REST check the
same first (``nik_index.ensure_free``) to answer in words; the subscriber
is what makes the rule hold for every way in.  Deleting an account releases
its NIK.

A Manager's release frees a NIK someone else registered and empties that
account's ``nik``: the account stays, its later applications record the NIK
they carry as unverified (``applications.applicant.apply_account``), and its
owner may register a NIK again.
"""

from plone import api
from Products.PlonePAS.interfaces.plugins import IUserIntrospection
from ptsp_portal import logger
from ptsp_portal.accounts import nik_index

PROPERTY = "nik"


def masked(nik):
    """A NIK for the event log: its region code, the rest hidden."""
    return nik[:6] + "*" * max(len(nik) - 6, 0)


def _user_id(principal):
    get_id = getattr(principal, "getId", None)
    return get_id() if get_id is not None else None


def properties_updated(principal, event):
    """``IPropertiesUpdatedEvent``: the account holds the NIK it now has."""
    if PROPERTY not in (event.properties or {}):
        return
    user_id = _user_id(principal)
    if not user_id:
        return
    nik_index.claim(principal.getProperty(PROPERTY, "") or "", user_id)


def principal_deleted(principal, event):
    """``IPrincipalDeletedEvent`` (the principal is the user id): release."""
    user_id = event.principal if isinstance(event.principal, str) else _user_id(event.principal)
    nik_index.release_user(user_id)


def release_registered(nik):
    """A Manager frees ``nik``: the user id that held it (its ``nik`` is
    emptied), or None when no account holds it."""
    user_id = nik_index.release(nik)
    if user_id is None:
        return None
    member = api.user.get(userid=user_id)
    if member is not None:
        member.setMemberProperties({PROPERTY: ""}, force_empty=True)
    current = api.user.get_current()
    logger.info(
        "NIK %s released from account %s by %s",
        masked(nik_index.key(nik)),
        user_id,
        current.getId() if current is not None else None,
    )
    return user_id


def _user_ids():
    plugins = api.portal.get_tool("acl_users").plugins
    return {
        user_id for _id, plugin in plugins.listPlugins(IUserIntrospection) for user_id in plugin.getUserIds()
    }


def fill_from_members():
    """Index the NIK of every member (accounts in user id order: Plone keeps
    no creation date).  When two accounts share a NIK the one indexed first
    keeps it and the clash is logged; the other keeps its property but does
    not hold the NIK until a Manager sorts it out.  Returns ``(indexed,
    clashes)``, clashes as ``(nik, holder, other user id)``."""
    nik_index.install()
    indexed, clashes = 0, []
    for user_id in sorted(_user_ids()):
        member = api.user.get(userid=user_id)
        nik = nik_index.key(member.getProperty(PROPERTY, "") or "") if member is not None else ""
        if not nik:
            continue
        holder = nik_index.holder(nik)
        if holder not in (None, user_id):
            clashes.append((nik, holder, user_id))
            logger.warning(
                "NIK %s: held by account %s, also the property of account %s, which "
                "does not hold it (a Manager may release it, or correct that account)",
                masked(nik),
                holder,
                user_id,
            )
            continue
        nik_index.claim(nik, user_id)
        indexed += 1
    return indexed, clashes
