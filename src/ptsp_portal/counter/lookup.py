"""A citizen's account found by NIK, for the counter officer.

Only the NIK index (``accounts.nik_index``): an account that holds the NIK.
What the officer gets is what the counter form needs to prefill (name,
phone, address, email); each look-up that finds an account is in the access
log (action ``lookup``, the NIK masked), as every reading of personal data.
"""

from plone import api
from ptsp_portal import logger
from ptsp_portal.accounts.identity import normalize_nik
from ptsp_portal.accounts.nik_index import holder
from ptsp_portal.audit import store

LOOKUP = "lookup"  # access-log action


def mask(nik):
    return f"{nik[:6]}{'*' * (len(nik) - 10)}{nik[-4:]}" if len(nik) > 10 else "*" * len(nik)


def find_citizen(request, nik):
    """``{user_id, name, phone, address, email, nik}`` of the account holding
    ``nik``, or None."""
    nik = normalize_nik(nik or "")
    user_id = holder(nik) if nik else None
    member = api.user.get(userid=user_id) if user_id else None
    if member is None:
        return None
    officer = api.user.get_current()
    try:
        store.record(
            user_id=officer.getId(),
            action=LOOKUP,
            path="/".join(api.portal.get().getPhysicalPath()) + "/@@loket",
            client=request.getClientAddr() or "",
            detail=f"NIK {mask(nik)} -> {user_id}",
        )
    except Exception:
        logger.exception("access log: could not record a NIK look-up")
    return {
        "user_id": user_id,
        "nik": nik,
        "name": member.getProperty("fullname", "") or "",
        "phone": member.getProperty("phone", "") or "",
        "address": member.getProperty("address", "") or "",
        "email": member.getProperty("email", "") or "",
    }
