"""The office's own look without a theme developer (issue 16 §3, §4).

- ``contrast.py``: WCAG 2.1 contrast of the colours set in Pengaturan PTSP;
  the settings refuse a pair under 4.5:1 (``IPtspSettings`` invariant).
- ``office.py``: what the header and footer show (office name, logo, footer
  text) and the stylesheet built from the colours, read from the registry.
- ``chrome.py``: which pages are the portal's functional pages (no byline).

The views, viewlets and the stylesheet's URL are in ``browser/look.py``.
"""
