"""Citizen accounts.

Plone's own registration does the work: the security settings in
``profiles/default/registry/security.xml`` (self-registration, email as
login, a mailed link to set the password = email confirmation) and the member
fields ``nik``, ``phone`` and ``address`` in ``profiles/default/userschema.xml``.
This package adds what the supermodel XML cannot say:

- ``validators``: z3c.form validators that check NIK (python-stdnum) and phone
  (phonenumbers, region ID) on plone.app.users' forms, with the same
  Indonesian messages as the application schema (``ptsp_portal.accounts.identity``);
- ``RegistrationRequired``: on the self-registration form full name, NIK,
  phone and address are required (they stay optional for accounts an
  administrator adds, e.g. officers);
- ``user_id`` / ``login_name``: an account made with an explicit user name
  (in code, e.g. the demo citizen) keeps it as user id and login name; the
  web and REST registration forms send none, so citizens log in with their
  email address;
- ``nik_index`` / ``nik_claims``: one account per NIK, an index NIK -> user
  id in the site kept by the member-property events, checked by the
  validators and ``@users``, released on deletion or by a Manager.
- ``registration``: whether online registration can work now (Plone needs
  mail to confirm the address) and the office's contact when it cannot; the
  permit page and ``@@register`` (``browser/register.py``) say so in the
  site's language instead of Plone's English refusal.
"""
