"""``@@ptsp-release-nik`` (Site Setup -> Lepaskan NIK, Managers): free a
NIK that someone else registered, so that its owner can register it.  The
work is ``accounts.nik_claims.release_registered``, shared with
``POST @nik-release``."""

from plone.protect import CheckAuthenticator
from plone.z3cform import layout
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal.accounts.nik_claims import release_registered
from z3c.form import button
from z3c.form import field
from z3c.form import form
from z3c.form.interfaces import WidgetActionExecutionError
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid

NOT_REGISTERED = _("NIK ini tidak terdaftar pada akun mana pun.")


def released_message(user_id):
    return _(
        "NIK dilepaskan dari akun ${user}. NIK pada akun itu dikosongkan; "
        "NIK ini sekarang dapat didaftarkan oleh pemiliknya.",
        mapping={"user": user_id},
    )


class IReleaseNIK(Interface):
    nik = schema.TextLine(
        title=_("NIK"),
        description=_("NIK yang didaftarkan akun lain, 16 angka."),
        max_length=30,
    )


class ReleaseNIKForm(form.Form):
    fields = field.Fields(IReleaseNIK)
    ignoreContext = True
    enableCSRFProtection = True
    label = _("Lepaskan NIK")
    description = _(
        "Satu NIK hanya dapat dipakai oleh satu akun. Bila seseorang tidak dapat "
        "mendaftar karena NIK-nya sudah dipakai akun lain, periksa KTP-nya lalu "
        "lepaskan NIK itu di sini. NIK pada akun lama dikosongkan: permohonan "
        "berikutnya dari akun itu tercatat dengan NIK belum terverifikasi."
    )

    @button.buttonAndHandler(_("Lepaskan NIK"), name="release")
    def handle_release(self, action):
        CheckAuthenticator(self.request)
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        user_id = release_registered(data["nik"])
        if user_id is None:
            raise WidgetActionExecutionError("nik", Invalid(NOT_REGISTERED))
        IStatusMessage(self.request).add(released_message(user_id), type="info")
        self.request.response.redirect(self.request.getURL())


ReleaseNIKView = layout.wrap_form(ReleaseNIKForm)
