"""``@apply``: a permit type's application form over REST."""
