"""What the header and footer show, from Pengaturan PTSP (registry
``ptsp_portal.*``): the office's name and logo (the letterhead's own
records), the footer text, and the stylesheet of the office's colours."""

from plone import api
from plone.formwidget.namedfile.converter import b64decode_file
from ptsp_portal.look import contrast
from urllib.parse import urlparse

import hashlib
import logging

logger = logging.getLogger("ptsp_portal.look")

PREFIX = "ptsp_portal."
# what a logo may be, by its first bytes (anything else is not served)
IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
SOCIAL_NAMES = {
    "facebook.com": "Facebook",
    "instagram.com": "Instagram",
    "x.com": "X",
    "twitter.com": "X",
    "youtube.com": "YouTube",
    "tiktok.com": "TikTok",
    "linkedin.com": "LinkedIn",
    "wa.me": "WhatsApp",
    "t.me": "Telegram",
}


def record(name, default=None):
    value = api.portal.get_registry_record(PREFIX + name, default=default)
    return default if value is None else value


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def office_name_lines():
    """The letterhead's name lines, or the site's title."""
    return lines(record("office_name", "")) or [api.portal.get().Title()]


def logo():
    """``(bytes, mimetype)`` of the office's logo, or ``None``."""
    value = record("office_logo")
    if not value:
        return None
    try:
        data = b64decode_file(value)[1]
    except Exception:
        logger.warning("ptsp_portal.office_logo is not a base64 image record; ignored")
        return None
    for signature, mimetype in IMAGE_SIGNATURES:
        if data.startswith(signature):
            return data, mimetype
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:2048].lower()):
        return data, "image/svg+xml"
    return None


def fingerprint(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def social_name(url):
    host = (urlparse(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    return SOCIAL_NAMES.get(host, host or url)


def footer():
    """The footer's text: address lines, phone, opening hours, social links."""
    return {
        "name": office_name_lines(),
        "address": lines(record("footer_address", "")) or lines(record("office_address", "")),
        "phone": (record("footer_phone", "") or "").strip(),
        "hours": lines(record("footer_hours", "")),
        "social": [
            {"url": url, "name": social_name(url)}
            for url in record("footer_social_links", []) or []
            if urlparse(url).scheme in ("http", "https")
        ],
    }


def colours():
    """field -> the colour the office set (normalised), only those set."""
    result = {}
    for field in contrast.FIELDS:
        try:
            colour = contrast.normalise(record(field, ""))
        except ValueError:
            colour = None
        if colour:
            result[field] = colour
    return result


def _rgb(colour):
    return ", ".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))


def _shade(colour, factor):
    """The colour darkened by ``factor`` (hover and active states of buttons)."""
    return "#" + "".join(f"{int(int(colour[i : i + 2], 16) * factor):02x}" for i in (1, 3, 5))


def stylesheet(set_colours=None):
    """The portal's colour properties (``--ptsp-*``, ``browser/static/ptsp.css``)
    for the colours the office set; an empty field keeps the portal's
    default (nothing is written for it).  ``html:root:root`` outranks
    ptsp.css's ``html:root`` wherever the two stylesheets come in the page.
    Footer links take the footer's text colour (underlined), so the footer
    pair checks them."""
    set_colours = colours() if set_colours is None else set_colours
    effective = contrast.effective(set_colours)
    properties = []
    primary = set_colours.get("colour_primary")
    if primary:
        properties += [
            f"--ptsp-primary: {primary}",
            f"--ptsp-primary-rgb: {_rgb(primary)}",
            f"--ptsp-primary-hover: {_shade(primary, 0.8)}",
            f"--ptsp-navbar-bg: {primary}",
        ]
    link = set_colours.get("colour_link")
    if link:
        hover = _shade(link, 0.75)
        properties += [
            f"--ptsp-link: {link}",
            f"--ptsp-link-rgb: {_rgb(link)}",
            f"--ptsp-link-hover: {hover}",
            f"--ptsp-link-hover-rgb: {_rgb(hover)}",
            f"--plone-link-color: {link}",
            f"--plone-link-color-on-grey: {link}",
            f"--plone-link-hover-color: {hover}",
        ]
    footer_bg = set_colours.get("colour_footer_background")
    footer_text = set_colours.get("colour_footer_text")
    if footer_bg or footer_text:
        text = effective["colour_footer_text"]
        properties += [
            f"--ptsp-footer-bg: {effective['colour_footer_background']}",
            f"--ptsp-footer-text: {text}",
            f"--ptsp-footer-text-rgb: {_rgb(text)}",
            f"--ptsp-footer-link: {text}",
            f"--ptsp-footer-link-rgb: {_rgb(text)}",
        ]
    rules = []
    if properties:
        rules.append("html:root:root { " + "; ".join(properties) + "; }")
    header_bg = set_colours.get("colour_header_background")
    header_text = set_colours.get("colour_header_text")
    if header_bg or header_text:
        background = effective["colour_header_background"]
        rules.append(
            f"html #content-header {{ background-color: {background}; "
            f"color: {effective['colour_header_text']}; "
            f"box-shadow: 0 0 0 100vmax {background}; clip-path: inset(0 -100vmax); }}"
        )
    if header_bg or link:
        rules.append(f"html #content-header a:not(.btn) {{ color: {effective['colour_link']}; }}")
    if footer_bg or footer_text:
        rules.append("html:root #portal-footer-wrapper a { text-decoration: underline; }")
    return "\n".join(rules) + ("\n" if rules else "")


def look_version():
    """Changes whenever the stylesheet or the logo changes (their URLs carry it)."""
    found = logo()
    return fingerprint(stylesheet(), found[0] if found else b"")
