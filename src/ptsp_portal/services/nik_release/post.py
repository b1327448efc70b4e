"""``POST /@nik-release`` (Managers): free a NIK someone else registered,
as Site Setup -> Lepaskan NIK does (``accounts.nik_claims.release_registered``).
JSON body ``{"nik": "3201..."}``.  Answers:

- ``200`` ``{"nik", "released_from": user id}`` — that account's NIK is emptied;
- ``400`` no NIK given, or a body that is not JSON;
- ``404`` no account holds that NIK;
- ``401``/``403`` anyone but a Manager (the service's permission), and a
  cookie-authenticated request that is not JSON or comes from another site.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from ptsp_portal import _
from ptsp_portal.accounts.nik_claims import release_registered
from ptsp_portal.accounts.nik_index import key
from ptsp_portal.services.base import JSONPostService
from zope.interface import alsoProvides

NOT_REGISTERED = _("NIK ini tidak terdaftar pada akun mana pun.")


class NIKReleasePost(JSONPostService):
    def body_limit(self):
        return 4096

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        refused = self.refuse_cross_site()
        if refused is not None:
            return refused
        try:
            payload = self.read_body()
        except ValueError as exc:
            return self.error(400, "BadRequest", exc.args[0])
        nik = payload.get("nik") if isinstance(payload, dict) else None
        if not isinstance(nik, str) or not key(nik):
            return self.error(400, "BadRequest", _("Sebutkan NIK yang akan dilepaskan (nik)."))
        user_id = release_registered(nik)
        if user_id is None:
            return self.error(404, "NotFound", NOT_REGISTERED)
        return {"nik": key(nik), "released_from": user_id}
