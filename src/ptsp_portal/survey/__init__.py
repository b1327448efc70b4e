"""The SKM satisfaction survey and its index, IKM (issue 15, section 2;
PermenPANRB 14/2017).

``elements``: the nine elements, their questions and answer labels, the
respondent profile and the grade bands (facts copied from the reference
notes; keyed by element name, never by number).  ``ikm``: the arithmetic,
exact (fractions, weight 1/9, half-up to 2 decimals before grading).
``periods``: ``YYYY``, ``YYYY-S1``, ``YYYY-Q3``.  ``storage``: the
responses and per-month tallies, apart from applications and accounts.
``invitations``: one-time tokens (only their hashes stored).
``answering``: validating and recording an answer (page and REST).
``results``: the figures the page, the API and the CSV show.
``subscribers``/``mail``: the invitation when a decision is made.
``events``: ``SurveySuggestionFiled``, the hook for the complaints channel.
"""
