"""Accessibility fixes of Plone's own markup (issue 16 §1: no serious or
critical axe-core violation, WCAG 2.0/2.1 A and AA), each the smallest
override of the template concerned, for the portal's browser layer only.
The colours are in ``browser/static/ptsp.css`` (one block of custom
properties)."""
