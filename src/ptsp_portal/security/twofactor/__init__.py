"""Two-factor login (TOTP) for the portal's staff, and for anyone who wants it.

- ``totp``: codes (pyotp), the enrolment QR code (segno), replay protection;
- ``tickets``: signed short-lived tickets between the steps of a login;
- ``plugin``: the PAS plugin ``ptsp_two_factor`` keeping the secrets (and
  extracting the second step of ``/login``);
- ``policy``: who must use a second factor (Pengaturan PTSP);
- ``gate``: what the login gate (``security/loginlock.py``) asks once a
  password is right.
"""
