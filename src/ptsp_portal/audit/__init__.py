"""Access log of personal data: who read which application, document or
queue export, and when; kept outside the ZODB (``store``), filled from the
publication events (``recording``)."""
