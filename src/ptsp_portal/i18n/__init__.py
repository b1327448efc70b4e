"""Texts for people: formatted values and the site's language."""
