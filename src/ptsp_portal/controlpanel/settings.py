"""The PTSP settings schema: registry records ``ptsp_portal.<field>``.

Its defaults and the permit-number check come from ``documents``; nothing
in ``documents`` imports from here.
"""

from plone import api
from ptsp_portal import _
from ptsp_portal.documents import DEFAULT_APPROVER_POSITION
from ptsp_portal.documents.permit_number import check_pattern
from ptsp_portal.documents.permit_number import DEFAULT_PATTERN
from ptsp_portal.documents.permit_number import PermitNumberPatternError
from ptsp_portal.look import contrast
from ptsp_portal.oss.codes import DEFAULT_MAPPING as OSS_DEFAULT_MAPPING
from ptsp_portal.oss.codes import LABELS as OSS_LABELS
from ptsp_portal.security.twofactor.policy import DEFAULT_GROUPS
from ptsp_portal.security.twofactor.policy import DEFAULT_ROLES
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant

import re


def _prefix(value):
    if not re.match(r"^[A-Z][A-Z0-9]{0,9}$", value or ""):
        raise Invalid(_("Gunakan 1–10 huruf besar atau angka, diawali huruf."))
    return True


def _colour(value):
    try:
        contrast.normalise(value)
    except ValueError:
        raise Invalid(_("Tulis warna sebagai kode heksadesimal, misalnya #005a87.")) from None
    return True


def _colour_value(data, name):
    """The colour in the form's data or, where the data has none (a REST
    PATCH names only some fields), the one stored."""
    try:
        return getattr(data, name)
    except Exception:
        return api.portal.get_registry_record(f"ptsp_portal.{name}", default=None)


def check_contrast(data):
    """Refuse colours under 4.5:1 against what they are read on (WCAG 2.1 AA)."""
    values = {name: _colour_value(data, name) for name in contrast.FIELDS}
    refused = contrast.refused_pairs(values)
    if refused:
        label, foreground, background, ratio = refused[0]
        raise Invalid(
            _(
                "${pair}: ${foreground} pada ${background} hanya berkontras ${ratio}:1, "
                "minimal 4,5:1 agar terbaca (WCAG 2.1 AA). Pilih warna yang lebih gelap "
                "atau lebih terang.",
                mapping={
                    "pair": label,
                    "foreground": foreground,
                    "background": background,
                    "ratio": f"{ratio:.2f}".replace(".", ","),
                },
            )
        )


def _permit_number_pattern(value):
    try:
        return check_pattern(value)
    except PermitNumberPatternError:
        raise Invalid(
            _(
                "Pola harus memuat {seq} (nomor urut, misalnya {seq:04d}) dan hanya "
                "boleh memakai {code} (kode layanan) dan {year} (tahun)."
            )
        ) from None


class IPtspSettings(Interface):
    """Registry records ``ptsp_portal.<field>``."""

    # The registry stores this interface's dotted name with every record (and
    # resolves it again): keep it ``ptsp_portal.controlpanel.IPtspSettings``,
    # where it was defined before the package was split.
    __module__ = "ptsp_portal.controlpanel"

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
            "Berapa kali satu alamat boleh melacak permohonan atau memverifikasi izin dalam satu menit."
        ),
        default=30,
        min=1,
    )
    notification_sender_name = schema.TextLine(
        title=_("Nama pengirim email"),
        default="DPMPTSP",
        required=False,
    )
    four_eyes = schema.Bool(
        title=_("Prinsip empat mata"),
        description=_(
            "Petugas yang menerima berkas suatu permohonan tidak boleh juga "
            "merekomendasikan atau menyetujuinya, dan petugas yang merekomendasikan "
            "tidak boleh juga menyetujuinya (berlaku juga bagi Manager)."
        ),
        default=True,
        required=False,
    )

    # Two-factor login (security/twofactor/policy.py)
    two_factor_required = schema.Bool(
        title=_("Wajibkan verifikasi dua langkah"),
        description=_(
            "Petugas, pengelola konten dan administrator (peran dan grup di bawah) harus memasukkan "
            "kode dari aplikasi autentikator setiap kali masuk; yang belum mendaftarkan aplikasinya "
            "diminta mendaftar saat masuk berikutnya, dan HTTP Basic tidak lagi dapat mereka pakai. "
            "Warga tidak wajib, tetapi boleh mengaktifkannya sendiri."
        ),
        default=False,
        required=False,
    )
    two_factor_roles = schema.List(
        title=_("Peran yang wajib verifikasi dua langkah"),
        description=_("Id peran di seluruh situs (langsung atau melalui grup), satu per baris."),
        value_type=schema.TextLine(),
        default=list(DEFAULT_ROLES),
        required=False,
    )
    two_factor_groups = schema.List(
        title=_("Grup yang wajib verifikasi dua langkah"),
        description=_(
            "Id grup, satu per baris. Petugas mendapat perannya hanya pada /permohonan atau jenis "
            "izin tertentu, maka grupnyalah yang menandai mereka."
        ),
        value_type=schema.TextLine(),
        default=list(DEFAULT_GROUPS),
        required=False,
    )

    # Personal data of rejected and withdrawn applications (applications/retention.py)
    retention_days = schema.Int(
        title=_("Masa simpan data pribadi permohonan ditolak atau dibatalkan (hari)"),
        description=_(
            "Setelah sekian hari kalender sejak permohonan ditolak atau dibatalkan, dokumen "
            "dan data pribadi pemohon (nama, NIK, email, telepon, alamat, pihak yang diwakili, "
            "jawaban formulir, catatan, komentar dan tautan ke akun pemohon) dihapus; nomor "
            "registrasi, jenis izin, status dan tanggal-tanggalnya tetap disimpan untuk "
            "pelacakan dan statistik. "
            "Sesuaikan dengan Jadwal Retensi Arsip kantor (UU 43/2009 tentang Kearsipan). "
            "0 = tidak pernah dihapus."
        ),
        default=0,
        min=0,
        required=False,
    )
    # Saved drafts of applications (drafts/): removed with their documents
    draft_days = schema.Int(
        title=_("Masa berlaku draf permohonan (hari)"),
        description=_(
            "Draf yang disimpan warga dihapus beserta dokumennya sekian hari kalender setelah "
            "terakhir diubah (oleh pembersihan terjadwal yang sama dengan masa simpan data pribadi)."
        ),
        default=30,
        min=1,
        max=3650,
    )

    # Renewal of permits with a validity (renewal/): reminders before they end
    renewal_reminder_days = schema.List(
        title=_("Pengingat perpanjangan izin (hari sebelum berakhir)"),
        description=_(
            "Pemegang izin yang berlaku terbatas mendapat email pengingat dan kartu di "
            "Permohonan Saya sekian hari kalender sebelum izinnya berakhir, satu angka per "
            "baris (misalnya 90 dan 30). Kosong: tanpa pengingat."
        ),
        value_type=schema.Int(min=1, max=3650),
        default=[90, 30],
        required=False,
    )

    # How much one account may file (applications/limits.py)
    max_pending_per_account = schema.Int(
        title=_("Batas permohonan dalam proses per akun"),
        description=_(
            "Berapa permohonan satu akun boleh miliki yang masih diproses (diajukan, "
            "perbaikan, kajian teknis, menunggu persetujuan). 0 = tanpa batas."
        ),
        default=50,
        min=0,
    )
    max_submissions_per_day = schema.Int(
        title=_("Batas pengajuan per hari per akun"),
        description=_("Berapa permohonan satu akun boleh ajukan dalam satu hari. 0 = tanpa batas."),
        default=50,
        min=0,
    )

    # Issued permits (documents/): number, letterhead, signature block
    permit_number_pattern = schema.TextLine(
        title=_("Pola nomor izin"),
        description=_(
            "Nomor surat izin. {seq:04d} = nomor urut per tahun (4 angka), "
            "{code} = kode layanan, {year} = tahun terbit."
        ),
        default=DEFAULT_PATTERN,
        constraint=_permit_number_pattern,
    )
    office_name = schema.Text(
        title=_("Nama kantor (kop surat)"),
        description=_(
            'Satu baris per baris kop, misalnya "Pemerintah Kabupaten Contoh" lalu '
            '"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu". Kosong: '
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
        description=_("Dicetak pada surat izin di atas nama pejabat yang menyetujui permohonan."),
        default=DEFAULT_APPROVER_POSITION,
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
        description=_("Batas ukuran satu dokumen bila persyaratan tidak menyebutkan ukuran maksimum."),
        default=5,
        min=1,
        max=50,
    )
    upload_hard_cap_mb = schema.Int(
        title=_("Batas mutlak ukuran unggahan (MB)"),
        description=_(
            "Tidak ada dokumen yang boleh lebih besar dari ini, apa pun ukuran maksimum pada persyaratan."
        ),
        default=20,
        min=1,
        max=50,
    )

    # The SKM survey's published index (survey/results.py)
    skm_minimum_respondents = schema.Int(
        title=_("Jumlah responden minimum SKM per periode"),
        description=_(
            "Di bawah jumlah ini halaman SKM hanya menyebut jumlah responden dan bahwa sampel "
            "terlalu kecil, tanpa nilai IKM, mutu atau nilai per unsur (juga per jenis izin). "
            "Bawaan 30: di bawahnya satu jawaban menggeser IKM lebih dari 2 poin, dan kelompok "
            "jawaban sekecil itu terlalu mudah dikaitkan dengan orangnya."
        ),
        default=30,
        min=1,
    )
    # Complaints (pengaduan, ptsp_portal.complaints)
    complaint_response_days = schema.Int(
        title=_("Batas waktu tanggapan pengaduan (hari kerja)"),
        description=_(
            "Hari kerja sejak pengaduan diterima sampai tanggapan harus diberikan. "
            "Bawaan 10, standar pelayanan pengaduan yang dipakai banyak daerah; "
            "sesuaikan dengan standar pelayanan kantor Anda."
        ),
        default=10,
        min=1,
        max=60,
    )
    complaints_per_hour = schema.Int(
        title=_("Pengaduan per jam dari satu alamat"),
        description=_("Batas pengiriman pengaduan dari satu alamat internet dalam satu jam."),
        default=10,
        min=1,
        max=1000,
    )

    # OSS RBA status codes (oss/)
    oss_status_codes = schema.Dict(
        title=_("Kode status OSS per status permohonan"),
        description=_(
            "Kode status izin OSS RBA (PIA, Lampiran 10) yang dilaporkan untuk setiap status "
            "permohonan (id status alur kerja, misalnya submitted, revision, issued), dalam "
            "pelacakan, Permohonan Saya, REST dan CSV antrian. Status yang tidak dicantumkan "
            "dilaporkan tanpa kode (null)."
        ),
        key_type=schema.ASCIILine(),
        value_type=schema.Choice(values=sorted(OSS_LABELS)),
        default=dict(OSS_DEFAULT_MAPPING),
        required=False,
    )

    # The office's look (look/): header, colours, footer. Empty = the portal's default.
    colour_primary = schema.TextLine(
        title=_("Warna utama"),
        description=_(
            "Tombol utama dan bilah menu, misalnya #005a87; teksnya putih. Kosong: warna bawaan portal."
        ),
        required=False,
        constraint=_colour,
    )
    colour_link = schema.TextLine(
        title=_("Warna tautan"),
        description=_("Tautan di halaman, kepala dan kaki halaman. Kosong: warna bawaan portal."),
        required=False,
        constraint=_colour,
    )
    colour_header_background = schema.TextLine(
        title=_("Warna latar kepala halaman"),
        description=_("Latar logo dan nama kantor di atas halaman. Kosong: warna bawaan portal."),
        required=False,
        constraint=_colour,
    )
    colour_header_text = schema.TextLine(
        title=_("Warna teks kepala halaman"),
        required=False,
        constraint=_colour,
    )
    colour_footer_background = schema.TextLine(
        title=_("Warna latar kaki halaman"),
        required=False,
        constraint=_colour,
    )
    colour_footer_text = schema.TextLine(
        title=_("Warna teks kaki halaman"),
        required=False,
        constraint=_colour,
    )
    footer_address = schema.Text(
        title=_("Alamat (kaki halaman)"),
        description=_("Kosong: alamat kantor kop surat."),
        required=False,
    )
    footer_phone = schema.TextLine(
        title=_("Telepon (kaki halaman)"),
        required=False,
    )
    footer_hours = schema.Text(
        title=_("Jam pelayanan (kaki halaman)"),
        description=_('Satu baris per baris, misalnya "Senin–Kamis 08.00–15.00".'),
        required=False,
    )
    footer_social_links = schema.List(
        title=_("Media sosial (kaki halaman)"),
        description=_("Alamat halaman media sosial kantor, satu per baris (https://…)."),
        value_type=schema.URI(),
        default=[],
        required=False,
    )

    invariant(check_contrast)

    # Fees (retribusi, ptsp_portal.fees)
    bill_due_days = schema.Int(
        title=_("Jatuh tempo SKRD (hari kalender)"),
        description=_("Hari sejak SKRD diterbitkan sampai batas pembayaran."),
        default=30,
        min=1,
        max=365,
    )
    payment_instructions = schema.Text(
        title=_("Petunjuk pembayaran retribusi"),
        description=_(
            "Dicetak pada SKRD dan ditampilkan kepada pemohon: rekening kas daerah, bank atau "
            "kanal pembayaran, dan nomor SKRD sebagai berita pembayaran."
        ),
        default=(
            "Bayar di kasir DPMPTSP atau melalui kanal pembayaran yang ditunjuk pemerintah daerah, "
            "dengan menyebut nomor SKRD. Simpan bukti pembayaran."
        ),
        required=False,
    )
