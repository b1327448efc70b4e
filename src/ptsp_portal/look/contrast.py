"""Colour contrast (WCAG 2.1, relative luminance) of the office's colours.

An office sets some colours in Pengaturan PTSP (``colour_*`` records); an
empty one keeps the portal's default.  Every pair a citizen reads is checked
with the colours in effect (set or default) and refused under 4.5:1
(WCAG 2.1 AA for normal text, 1.4.3).  The defaults are the custom
properties of the portal's own stylesheet (``browser/static/ptsp.css``,
``:root``) when it declares them, else Barceloneta's.
"""

from pathlib import Path
from ptsp_portal import _

import re

MINIMUM = 4.5
WHITE = "#ffffff"
HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

# field -> (custom property read from ptsp.css, Barceloneta's value); the
# --ptsp-* properties are the portal's accessible defaults (issue 16 §1),
# which ptsp.css applies through Barceloneta's own properties
FIELDS = {
    "colour_primary": ("--ptsp-primary", "#007bb1"),
    "colour_link": ("--ptsp-link", "#007bb1"),
    "colour_header_background": ("--ptsp-header-bg", "#ffffff"),
    "colour_header_text": ("--ptsp-header-color", "#212529"),
    "colour_footer_background": ("--ptsp-footer-bg", "#212529"),
    "colour_footer_text": ("--ptsp-footer-text", "#dee2e6"),
}
# Barceloneta's breadcrumb bar, where links are read too
BREADCRUMB_BACKGROUND = ("--ptsp-breadcrumb-bg", "#e9ecef")

# (foreground, background, what it is in Indonesian); a name is a field or a literal colour
PAIRS = (
    ("colour_link", WHITE, _("Warna tautan pada latar putih halaman")),
    ("colour_link", "breadcrumb", _("Warna tautan pada latar remah roti (breadcrumb)")),
    ("colour_link", "colour_header_background", _("Warna tautan pada latar kepala halaman")),
    ("colour_header_text", "colour_header_background", _("Warna teks kepala halaman pada latarnya")),
    ("colour_footer_text", "colour_footer_background", _("Warna teks kaki halaman pada latarnya")),
    (WHITE, "colour_primary", _("Teks putih pada tombol warna utama")),
    # the header's outline buttons ("Daftar", the account menu): primary text on the header
    ("colour_primary", "colour_header_background", _("Warna utama pada latar kepala halaman")),
)

STYLESHEET = Path(__file__).parent.parent / "browser" / "static" / "ptsp.css"


def normalise(value):
    """``#abc`` or ``#AABBCC`` as ``#aabbcc``; ``None`` for empty; ValueError otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    if not HEX.match(value):
        raise ValueError(value)
    value = value.lower()
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def relative_luminance(colour):
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    colour = normalise(colour)
    channels = []
    for index in (1, 3, 5):
        c = int(colour[index : index + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """(L1 + 0.05) / (L2 + 0.05), the lighter's luminance first: 1 to 21."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _declared_defaults(text):
    """Custom properties of the stylesheet's ``:root`` rules."""
    found = {}
    for block in re.findall(r":root[^{]*\{([^}]*)\}", text):
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b", block):
            found.setdefault(name, value)
    return found


def defaults():
    """The colour of each field when the office sets none, and of the breadcrumbs."""
    try:
        declared = _declared_defaults(STYLESHEET.read_text(encoding="utf-8"))
    except OSError:
        declared = {}
    result = {}
    for field, (prop, fallback) in (*FIELDS.items(), ("breadcrumb", BREADCRUMB_BACKGROUND)):
        try:
            result[field] = normalise(declared.get(prop)) or fallback
        except ValueError:
            result[field] = fallback
    return result


def effective(values):
    """Each field's colour in effect: the office's (``values``) or the default."""
    result = defaults()
    for field in FIELDS:
        try:
            colour = normalise(values.get(field))
        except ValueError:
            colour = None  # the field's own check reports it
        if colour:
            result[field] = colour
    return result


def _is_set(values, name):
    try:
        return name in FIELDS and normalise(values.get(name)) is not None
    except ValueError:
        return False


def refused_pairs(values):
    """``[(label, foreground, background, ratio)]`` of the pairs under 4.5:1
    with ``values`` (field -> colour or empty) in effect.  A pair of two
    defaults is the portal's own, not the office's choice: only pairs with
    at least one colour the office set are checked."""
    colours = effective(values)
    refused = []
    for foreground, background, label in PAIRS:
        if not (_is_set(values, foreground) or _is_set(values, background)):
            continue
        fg = colours.get(foreground, foreground)
        bg = colours.get(background, background)
        ratio = contrast_ratio(fg, bg)
        if ratio < MINIMUM:
            refused.append((label, fg, bg, ratio))
    return refused
