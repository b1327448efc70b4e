"""The OSS RBA permit status codes (PIA version 4.3.22, Lampiran 10 "Data
Kode Status Izin", as published in oss-rba/oss-rba.github.io
``src/footer.md``).  Labels are OSS's own, spelling included: integrations
match on them, so they are not translated.  Codes 91 and 92 were removed in
PIA 4.3.19 and are not listed."""

LABELS = {
    "05": "Proses Penapisan",
    "09": "Telah Melengkapi Persyaratan",
    "10": "Dokumen Lengkap",
    "11": "Dokumen Belum Lengkap",
    "12": "Pemenuhan Komitmen",
    "20": "Validasi",
    "30": "Verifikasi Pembayaran",
    "31": "Konfirmasi Pembayaran",
    "32": "Menunggu Verifikasi Bukti Bayar PNBP",
    "33": "Persetujuan Pembayaran",
    "34": "Perbaikan Konfirmasi Pembayaran",
    "40": "Inspeksi",
    "41": "Konfirmasi Persyaratan",
    "42": "Data Konfirmasi Persyaratan",
    "43": "Re-Konfirmasi Persyaratan",
    "44": "Data Re-Konfirmasi Persyaratan",
    "45": "Persyaratan terverifikasi",
    "49": "Pengambilan Nomor",
    "50": "Disetujui",
    "52": "Terbit Sementara",
    "57": (
        "Disetujui secara otomatis oleh sistem OSS (fiktif positif) berdasarkan "
        "Pasal 175 angka 6 Undang-Undang Nomor 11 Tahun 2020"
    ),
    "60": "Peringatan",
    "70": "Penghentian Sementara Kegiatan Berusaha",
    "80": "Pengenaan Denda Administratif",
    "90": "Ditolak",
    "93": "Penolakan Persyaratan",
}

# The portal's states as OSS codes.  Withdrawn and revoked have no code
# (OSS removed 91 "Pencabutan" and 92 "Pembatalan"), nor has a draft.
DEFAULT_MAPPING = {
    "submitted": "09",  # the applicant has filled in and completed the requirements
    "revision": "11",  # documents incomplete: back to the applicant
    "technical_review": "20",  # complete; the technical office checks it
    "awaiting_payment": "30",  # the retribution is billed and awaited
    "pending_approval": "45",  # requirements verified by the technical office
    "issued": "50",
    "rejected": "90",
}
