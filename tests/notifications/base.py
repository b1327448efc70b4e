"""Helpers for the notification tests."""

from email import message_from_bytes
from email import policy
from email.utils import getaddresses
from ptsp_portal.notifications.events import ApplicationSubmittedEvent
from ptsp_portal.notifications.subscribers import Outbox
from tests.workflow.base import apply
from zope.event import notify

import transaction


def submit(portal, **kwargs):
    """``apply`` and the intake's ``ApplicationSubmittedEvent``.

    Notified here too so the tests hold before and after intake.py notifies
    it itself: the outbox drops a second identical mail.
    """
    application = apply(portal, **kwargs)
    notify(ApplicationSubmittedEvent(application))
    return application


def parse(raw):
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    return message_from_bytes(raw, policy=policy.default)


def recipients(message):
    return [address for _name, address in getaddresses(message.get_all("To", []))]


def body(message):
    return message.get_content().replace("\r\n", "\n")


def run_outbox():
    """What a successful commit would do, without committing."""
    for hook, _args, _kws in transaction.get().getAfterCommitHooks():
        if isinstance(hook, Outbox):
            hook(True)
