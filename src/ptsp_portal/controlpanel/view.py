"""The PTSP settings form in Site Setup (``@@ptsp-settings``)."""

from html import escape
from plone import api
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.formwidget.namedfile.widget import NamedImageFieldWidget
from plone.z3cform import layout
from ptsp_portal import _
from ptsp_portal.controlpanel.settings import IPtspSettings
from ptsp_portal.documents.signing import status
from z3c.form.browser.textlines import TextLinesFieldWidget
from zope.i18n import translate


def signing_notice(request):
    """The signing status as a sentence, for the control panel."""
    state, detail = status()
    if state == "ok":
        message = _(
            "Tanda tangan elektronik aktif: surat izin ditandatangani (PAdES) dengan "
            'sertifikat "${name}", berlaku sampai ${date}.',
            mapping={"name": detail["name"], "date": detail["not_after"].strftime("%d-%m-%Y")},
        )
    elif state == "error":
        message = _(
            "Tanda tangan elektronik bermasalah: ${reason} Persetujuan izin akan gagal "
            "sampai sertifikat diperbaiki.",
            mapping={"reason": translate(detail, context=request)},
        )
    else:
        message = _(
            "Tanda tangan elektronik tidak aktif: surat izin diterbitkan tanpa tanda "
            "tangan elektronik. Atur variabel lingkungan PTSP_SIGNING_P12 dan "
            "PTSP_SIGNING_PASSPHRASE pada server untuk mengaktifkannya."
        )
    return state, translate(message, context=request)


class PtspSettingsForm(RegistryEditForm):
    schema = IPtspSettings
    schema_prefix = "ptsp_portal"
    label = _("Pengaturan PTSP")
    intro = _("Nomor registrasi dan nomor izin, kop surat izin, hari kerja dan pemberitahuan.")

    @property
    def description(self):
        """The introduction and, computed at each render, the signing status
        (read-only: the certificate is configured on the server)."""
        state, notice = signing_notice(self.request)
        css = {"ok": "text-success", "error": "text-danger"}.get(state, "text-warning")
        retention = translate(
            _("Retensi data pribadi: yang akan dihapus, dan tombol hapus"), context=self.request
        )
        return (
            f"{escape(translate(self.intro, context=self.request))}<br />"
            f'<span class="ptsp-signing-status {css}" data-state="{state}">'
            f"{escape(notice)}</span><br />"
            f'<a class="ptsp-retention-link" href="{escape(api.portal.get().absolute_url())}/@@ptsp-retensi">'
            f"{escape(retention)}</a>"
        )

    def updateFields(self):
        super().updateFields()
        self.fields["office_logo"].widgetFactory = NamedImageFieldWidget
        # one number per line, as the other lists of this panel
        self.fields["renewal_reminder_days"].widgetFactory = TextLinesFieldWidget


PtspSettingsView = layout.wrap_form(PtspSettingsForm, ControlPanelFormWrapper)
