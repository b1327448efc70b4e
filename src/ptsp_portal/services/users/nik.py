"""``POST @users`` (registration, accounts a Manager adds) and ``PATCH
@users/<id>`` (profile change): plone.restapi's, refusing a NIK that is
malformed or held by another account (one account per NIK) with 400::

    {"error": {"type": "WrongParameterError", "message": "...",
               "errors": [{"field": "nik", "message": "..."}]}}

and nothing written (the transaction is doomed).  The check is
``accounts.nik_index.ensure_free``, as on the forms; the member-property
subscriber (``accounts.nik_claims``) enforces it again in the transaction,
and its refusal is answered the same way (a CSV import, a concurrent
registration that won the race).
"""

from plone.restapi.services.users.add import UsersPost
from plone.restapi.services.users.update import UsersPatch
from ptsp_portal.accounts.identity import InvalidNIK
from ptsp_portal.accounts.identity import valid_nik
from ptsp_portal.accounts.nik_index import ensure_free
from ptsp_portal.accounts.nik_index import key
from ptsp_portal.accounts.nik_index import NIKTaken
from zope.i18n import translate

import json
import transaction

FIELD = "nik"


def _body(request):
    try:
        data = json.loads(request.get("BODY") or "{}")
    except (ValueError, UnicodeDecodeError):
        return {}  # plone.restapi answers that
    return data if isinstance(data, dict) else {}


class NIKChecked:
    def nik_error(self, message):
        transaction.doom()
        self.request.response.setStatus(400)
        text = translate(message, context=self.request)
        return {
            "error": {
                "type": "WrongParameterError",
                "message": text,
                "errors": [{"field": FIELD, "message": text}],
            }
        }

    def nik_refusal(self, user_id):
        """The 400 answer for the body's NIK, or None when it may be written."""
        data = _body(self.request)
        if data.get(FIELD) in (None, ""):
            return None
        value = data[FIELD]
        try:
            if not isinstance(value, str):
                raise InvalidNIK(value)
            valid_nik(key(value))
            ensure_free(value, user_id)
        except (InvalidNIK, NIKTaken) as exc:
            return self.nik_error(exc.doc())
        return None

    def checked_reply(self, user_id, check=True):
        refusal = self.nik_refusal(user_id) if check else None
        if refusal is not None:
            return refusal
        try:
            return super().reply()
        except NIKTaken as exc:
            return self.nik_error(exc.doc())


class NIKCheckedUsersPost(NIKChecked, UsersPost):
    def reply(self):
        # a CSV upload (Managers) is checked by the subscriber only
        return self.checked_reply(None, check=not self.request.form)


class NIKCheckedUsersPatch(NIKChecked, UsersPatch):
    def reply(self):
        user_id = self.params[0] if len(self.params) == 1 else None
        # only for who may write it: anyone else gets plone.restapi's 401/403
        allowed = user_id is not None and (self.can_manage_users or self._get_current_user == user_id)
        return self.checked_reply(user_id, check=allowed)
