"""The demo office's look: a logo of our own making (``dpmptsp-logo.svg``, a
shield with a building and "DPMPTSP", no government emblem) set through
Pengaturan PTSP's logo field, as an office would, and the footer's text."""

from pathlib import Path
from plone import api
from plone.formwidget.namedfile.converter import b64encode_file

LOGO = Path(__file__).parent / "dpmptsp-logo.svg"
FOOTER = {
    "footer_address": "Jl. Contoh No. 1\nKabupaten Contoh 12345",
    "footer_phone": "(0271) 123456",
    "footer_hours": "Senin–Kamis 08.00–15.00 WIB\nJumat 08.00–11.00 WIB",
    "footer_social_links": [
        "https://www.instagram.com/dpmptsp.contoh",
        "https://www.facebook.com/dpmptsp.contoh",
    ],
}


def use_demo_look(site):
    api.portal.set_registry_record("ptsp_portal.office_logo", b64encode_file(LOGO.name, LOGO.read_bytes()))
    for name, value in FOOTER.items():
        api.portal.set_registry_record(f"ptsp_portal.{name}", value)
