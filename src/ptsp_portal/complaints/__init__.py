"""Complaints, suggestions, questions and appreciations (pengaduan).

- ``setup``: the private folder ``/pengaduan`` and the group
  ``ptsp-complaint-handlers`` (profile install and upgrade);
- ``numbering``: ``ADU-YYYY-NNNNNN`` numbers and access codes;
- ``deadline``: the response deadline in working days, overdue, on time;
- ``filing``: one path from a page or ``@complaints`` to a stored complaint;
- ``status``: the public status by number (``@@lacak-pengaduan``,
  ``@complaint-status``), the answer for the complainant only;
- ``handling``: the handlers' steps (assign, answer, reject, forward, close);
- ``queue``: the handlers' queue, its CSV and the SP4N-LAPOR! export;
- ``mine``: a logged-in complainant's own complaints;
- ``mail`` and ``subscribers``: mail on each step, answered date.
"""
