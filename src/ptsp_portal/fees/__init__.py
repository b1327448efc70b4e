"""Fees (retribusi): a permit type's fee as data, the bill (SKRD) of a
fee-bearing application, its payment by a cashier or a provider's signed
callback, and the office's figures of billed and paid amounts.

- ``definition``: the kinds (free, fixed, answer × rate × index, tiered
  table over an answer), their checks and the amount, pure Python;
- ``form``: the numeric answers of a permit type's form a fee may use;
- ``bills``: the bill on the application, its number, due date, status;
- ``payment``: paid by a cashier, waived by an approver, the callback's
  signature check; ``ledger``: counters for the office statistics;
- ``pdf``: the SKRD as PDF; ``setup``: the group ``ptsp-cashiers``.
"""
