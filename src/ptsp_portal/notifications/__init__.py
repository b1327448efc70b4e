"""Email notifications of the application workflow (issue #3, section 6):
``mail.py`` composes, ``subscribers.py`` decides when and sends after the
commit, ``events.py`` holds ``ApplicationSubmittedEvent``."""
