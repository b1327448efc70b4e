"""User ids and login names of new accounts (see the package docstring)."""


def user_id(data):
    """An explicit user name is the user id; otherwise Plone's default (from
    the full name, ``budi-santoso``)."""
    return data.get("username") or None


def login_name(data):
    """An explicit user name is the login name; otherwise Plone's default,
    which with ``use_email_as_login`` is the email address."""
    return data.get("username") or None
