"""The demo site: its accounts (one per role), its mail to the local demo
mail catcher, and what the guided first visit (``@@coba-portal``) shows.

A site is a demo while any demo account exists on it (``accounts.is_demo``):
the guide and its link on the front page follow that, and so does the
warning ``make start`` prints.  The distribution makes them only when the
site is created with example content; a site for a real office has none.
"""
