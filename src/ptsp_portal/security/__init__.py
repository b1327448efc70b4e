"""Protection of the portal itself (rate limits)."""
