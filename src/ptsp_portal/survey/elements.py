"""The SKM questionnaire of PermenPANRB 14/2017 as data.

Element names, the 1–4 answer labels and the grade bands are copied from
the project's reference notes on PermenPANRB 14/2017 (implementing
documents of Pusyantek BPPT, e-SMILE Tulang Bawang Barat, Penajam Paser
Utara and BPPP Tegal; the labels are corroborated by several regional
implementations, not read from the regulation's annex).  Elements are
keyed by name: published implementations number U8 and U9 differently, so
a number is never a key.  The question wordings are the ones commonly used
on regional SKM forms (ours, not quoted from the annex).
"""

from decimal import Decimal
from ptsp_portal import _

SCALE = (1, 2, 3, 4)

# (key, name, question, labels for 1..4), in the order of the Pusyantek BPPT report
ELEMENTS = (
    (
        "persyaratan",
        _("Persyaratan"),
        _("Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    (
        "prosedur",
        _("Sistem, Mekanisme, dan Prosedur"),
        _("Bagaimana pendapat Anda tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    (
        "waktu",
        _("Waktu Penyelesaian"),
        _("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    (
        "biaya",
        _("Biaya/Tarif"),
        _("Bagaimana pendapat Anda tentang biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    (
        "produk",
        _("Produk Spesifikasi Jenis Pelayanan"),
        _(
            "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    (
        "kompetensi",
        _("Kompetensi Pelaksana"),
        _("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    (
        "perilaku",
        _("Perilaku Pelaksana"),
        _(
            "Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    (
        "pengaduan",
        _("Penanganan Pengaduan, Saran dan Masukan"),
        _("Bagaimana pendapat Anda tentang penanganan pengaduan, saran dan masukan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    (
        "sarana",
        _("Sarana dan Prasarana"),
        _("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)
ELEMENT_KEYS = tuple(key for key, _name, _question, _labels in ELEMENTS)
ELEMENT_NAMES = {key: name for key, name, _question, _labels in ELEMENTS}

# Optional respondent profile: field -> (title, ((value, label), ...))
PROFILE = {
    "age_band": (
        _("Usia"),
        (
            ("17-25", _("17–25 tahun")),
            ("26-35", _("26–35 tahun")),
            ("36-45", _("36–45 tahun")),
            ("46-55", _("46–55 tahun")),
            ("56+", _("56 tahun ke atas")),
        ),
    ),
    "sex": (_("Jenis kelamin"), (("L", _("Laki-laki")), ("P", _("Perempuan")))),
    "education": (
        _("Pendidikan terakhir"),
        (
            ("sd", _("SD atau sederajat")),
            ("smp", _("SMP atau sederajat")),
            ("sma", _("SMA atau sederajat")),
            ("diploma", _("D1–D3")),
            ("s1", _("D4/S1")),
            ("s2", _("S2")),
            ("s3", _("S3")),
        ),
    ),
    "occupation": (
        _("Pekerjaan"),
        (
            ("pns", _("PNS/TNI/Polri")),
            ("swasta", _("Pegawai swasta")),
            ("wiraswasta", _("Wiraswasta/Pengusaha")),
            ("pelajar", _("Pelajar/Mahasiswa")),
            ("lainnya", _("Lainnya")),
        ),
    ),
}

# Grade bands on the IKM (25–100) rounded to 2 decimals: (lowest value, grade, performance)
BANDS = (
    (Decimal("88.31"), "A", _("Sangat baik")),
    (Decimal("76.61"), "B", _("Baik")),
    (Decimal("65.00"), "C", _("Kurang baik")),
    (Decimal("25.00"), "D", _("Tidak baik")),
)
