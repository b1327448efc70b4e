"""The counter (loket, issue 18 §1): front-office officers file for walk-in
citizens through the same intake as online applications.

``setup``: the group ``ptsp-frontoffice`` (Petugas Loket) and its role;
``filing``: the checks and the submission at the counter (web form and
``@apply`` share it); ``claims``: the receipt's claim code (stored hashed,
guessing locked out, every attempt in the access log) that hands an
application to a citizen's account; ``receipt``: the tanda terima PDF (A4
and 80 mm thermal); ``lookup``: a citizen's account by NIK for the officer.
"""
