"""Office settings kept in the registry, edited in Site Setup."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from ptsp_portal import _
from zope import schema
from zope.interface import Interface

import re


def _prefix(value):
    if not re.match(r"^[A-Z][A-Z0-9]{0,9}$", value or ""):
        from zope.interface import Invalid

        raise Invalid(_("Gunakan 1–10 huruf besar atau angka, diawali huruf."))
    return True


class IPtspSettings(Interface):
    """Registry records ``ptsp_portal.<field>``."""

    tracking_prefix = schema.ASCIILine(
        title=_("Awalan nomor registrasi"),
        description=_("Nomor registrasi berbentuk AWALAN-TAHUN-NNNNNN, misalnya PTSP-2026-000123."),
        default="PTSP",
        constraint=_prefix,
    )
    extra_non_working_days = schema.List(
        title=_("Hari libur tambahan (cuti bersama)"),
        description=_(
            "Tanggal yang tidak dihitung sebagai hari kerja selain akhir pekan dan "
            "hari libur nasional, satu tanggal per baris (TTTT-BB-HH)."
        ),
        value_type=schema.Date(),
        default=[],
        required=False,
    )
    lookups_per_minute = schema.Int(
        title=_("Batas pencarian publik per menit"),
        description=_(
            "Berapa kali satu alamat boleh melacak permohonan atau memverifikasi "
            "izin dalam satu menit."
        ),
        default=30,
        min=1,
    )
    notification_sender_name = schema.TextLine(
        title=_("Nama pengirim email"),
        default="DPMPTSP",
        required=False,
    )


class PtspSettingsForm(RegistryEditForm):
    schema = IPtspSettings
    schema_prefix = "ptsp_portal"
    label = _("Pengaturan PTSP")
    description = _("Nomor registrasi, hari kerja dan pemberitahuan.")


PtspSettingsView = layout.wrap_form(PtspSettingsForm, ControlPanelFormWrapper)
