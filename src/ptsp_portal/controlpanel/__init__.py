"""Office settings kept in the registry, edited in Site Setup."""

from html import escape
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.formwidget.namedfile.widget import NamedImageFieldWidget
from plone.z3cform import layout
from ptsp_portal import _
from zope import schema
from zope.i18n import translate
from zope.interface import Interface
from zope.interface import Invalid

import re


def _prefix(value):
    if not re.match(r"^[A-Z][A-Z0-9]{0,9}$", value or ""):
        raise Invalid(_("Gunakan 1–10 huruf besar atau angka, diawali huruf."))
    return True


def _permit_number_pattern(value):
    from ptsp_portal.documents.issue import check_pattern
    from ptsp_portal.documents.issue import PermitNumberPatternError

    try:
        return check_pattern(value)
    except PermitNumberPatternError:
        raise Invalid(
            _(
                "Pola harus memuat {seq} (nomor urut, misalnya {seq:04d}) dan hanya "
                "boleh memakai {code} (kode layanan) dan {year} (tahun)."
            )
        )


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

    # Issued permits (documents/): number, letterhead, signature block
    permit_number_pattern = schema.TextLine(
        title=_("Pola nomor izin"),
        description=_(
            "Nomor surat izin. {seq:04d} = nomor urut per tahun (4 angka), "
            "{code} = kode layanan, {year} = tahun terbit."
        ),
        default="503/{seq:04d}/{code}/DPMPTSP/{year}",
        constraint=_permit_number_pattern,
    )
    office_name = schema.Text(
        title=_("Nama kantor (kop surat)"),
        description=_(
            "Satu baris per baris kop, misalnya \"Pemerintah Kabupaten Contoh\" lalu "
            "\"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu\". Kosong: "
            "judul situs."
        ),
        default="",
        required=False,
    )
    office_address = schema.Text(
        title=_("Alamat kantor (kop surat)"),
        description=_("Alamat, telepon, email dan situs web; satu baris per baris kop."),
        default="",
        required=False,
    )
    office_logo = schema.Bytes(
        title=_("Logo kop surat"),
        description=_("Gambar PNG atau JPEG, dicetak di kiri kop surat izin."),
        required=False,
    )
    approver_position = schema.TextLine(
        title=_("Jabatan penandatangan"),
        description=_(
            "Dicetak pada surat izin di atas nama pejabat yang menyetujui permohonan."
        ),
        default="Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    )
    public_site_url = schema.URI(
        title=_("Alamat publik portal"),
        description=_(
            "Dipakai untuk kode QR pada surat izin, misalnya https://ptsp.contoh.go.id. "
            "Kosong: alamat portal seperti yang dibuka petugas saat menyetujui."
        ),
        required=False,
    )
    signing_certificate_path = schema.TextLine(
        title=_("Berkas sertifikat tanda tangan elektronik (PKCS#12)"),
        description=_(
            "Path berkas .p12 di server. Kosong: variabel lingkungan PTSP_SIGNING_P12. "
            "Kata sandinya hanya dibaca dari variabel lingkungan "
            "PTSP_SIGNING_PASSPHRASE, tidak pernah disimpan di sini."
        ),
        required=False,
    )

    # Uploads of citizens' documents (ptsp_portal.forms.uploads)
    upload_default_mb = schema.Int(
        title=_("Ukuran unggahan bawaan (MB)"),
        description=_(
            "Batas ukuran satu dokumen bila persyaratan tidak menyebutkan "
            "ukuran maksimum."
        ),
        default=5,
        min=1,
        max=50,
    )
    upload_hard_cap_mb = schema.Int(
        title=_("Batas mutlak ukuran unggahan (MB)"),
        description=_(
            "Tidak ada dokumen yang boleh lebih besar dari ini, apa pun "
            "ukuran maksimum pada persyaratan."
        ),
        default=20,
        min=1,
        max=50,
    )


def signing_notice(request):
    """The signing status as a sentence, for the control panel."""
    from ptsp_portal.documents.signing import status

    state, detail = status()
    if state == "ok":
        message = _(
            "Tanda tangan elektronik aktif: surat izin ditandatangani (PAdES) dengan "
            "sertifikat \"${name}\", berlaku sampai ${date}.",
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
        return (
            f"{escape(translate(self.intro, context=self.request))}<br />"
            f'<span class="ptsp-signing-status {css}" data-state="{state}">'
            f"{escape(notice)}</span>"
        )

    def updateFields(self):
        super().updateFields()
        self.fields["office_logo"].widgetFactory = NamedImageFieldWidget


PtspSettingsView = layout.wrap_form(PtspSettingsForm, ControlPanelFormWrapper)
