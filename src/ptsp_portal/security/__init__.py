"""Protection of the portal itself: rate limits of public lookups, and
requests Zope cannot read answered as bad requests (400), never as crashes."""
