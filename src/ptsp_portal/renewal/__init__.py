"""Renewal of permits that expire (issue 19 §4).

A permit type with ``validity_years`` issues permits with ``valid_until``
(``documents.issue``).  ``policy``: who may renew which permit, and when a
permit counts as renewed; ``starting``: "Perpanjang" makes a saved draft
(``ptsp_portal.drafts``) of the same permit type prefilled from the old
application; ``marking``: the submitted draft's application carries
``renewal_of`` (the old permit number) and ``renewal_of_uid``;
``reminders``: the cron-able reminder run, once per permit per interval;
``cards``: the cards of "Permohonan Saya"; ``mail``: the reminder mail.
"""
