"""When the notification emails go out (``mail.py`` says what they say).

- Every workflow transition of an application: the applicant hears about
  the new state, and when the application enters an officer step (a state
  in ``STEPS``) every officer holding that step's role on it gets a task
  mail.
- ``IApplicationSubmittedEvent`` (end of ``create_application``): the
  applicant gets "Permohonan diterima" and the verifiers a task mail.

Mail never costs a transition.  The mails of a transaction are kept in an
``Outbox``, one per transaction, that composes and sends them only after a
successful commit, each in its own ``try``: an SMTP server that is down or
refuses an address is logged and the application keeps its new state.
Composing (the officers holding a step's role, the texts) happens after
the commit too, so that a submission's or a step's short writing alone
(``applications.writing``) does not hold the other writers while its mails
are written; it reads what was just committed.  (MailHost's own transactional
delivery would not give that: with ``immediate=False`` its data manager
connects to the SMTP server in ``tpc_vote``, and a refused connection
there aborts the whole commit.  Only a MailHost with a mail queue
(``smtp_queue``) is safe to use inside the transaction: its delivery
writes to a maildir at ``tpc_finish``, so the outbox composes and hands
messages to it right away, and its queue thread retries failed sends.)
"""

from contextlib import contextmanager
from plone import api
from ptsp_portal.notifications import mail
from ptsp_portal.workflow import STEPS
from ZODB.POSException import ConflictError

import logging
import transaction

logger = logging.getLogger("ptsp_portal.notifications")


class Outbox:
    """The messages of one transaction; an after-commit hook of it."""

    def __init__(self, mailhost):
        self.mailhost = mailhost
        self.messages = []
        self.pending = []  # (compose, args): the mails to compose after the commit
        self.suppressed = 0
        self._seen = set()

    def compose(self, func, *args):
        """``func(*args)`` adds this transaction's mails (with ``add``):
        called after a successful commit, or at once with a mail queue."""
        if self.suppressed:
            return
        if getattr(self.mailhost, "smtp_queue", False):
            func(*args)
        else:
            self.pending.append((func, args))

    def add(self, message):
        if message is None or self.suppressed:
            return
        key = (message["To"], message["Subject"], message.get_content())
        if key in self._seen:  # e.g. the same event notified twice
            return
        self._seen.add(key)
        if getattr(self.mailhost, "smtp_queue", False):
            # queued delivery cannot break the commit; its thread retries
            self._send(message, immediate=False)
        else:
            self.messages.append(message)

    def __call__(self, committed):
        if not committed:
            self.pending = []
            return
        pending, self.pending = self.pending, []
        for func, args in pending:
            func(*args)  # guarded: a failure loses the mail, nothing else
        messages, self.messages = self.messages, []
        self._seen.clear()
        for message in messages:
            self._send(message, immediate=True)

    def _send(self, message, immediate):
        try:
            self.mailhost.send(message, immediate=immediate)
        except Exception:
            logger.exception("Could not send %r to %s", str(message["Subject"]), message["To"])


def outbox():
    """The outbox of the current transaction (registered on first use)."""
    txn = transaction.get()
    for hook, _args, _kws in txn.getAfterCommitHooks():
        if isinstance(hook, Outbox):
            return hook
    box = Outbox(api.portal.get_tool("MailHost"))
    txn.addAfterCommitHook(box)
    return box


@contextmanager
def suppressed():
    """No notification for what happens inside (e.g. demo content)."""
    box = outbox()
    box.suppressed += 1
    try:
        yield
    finally:
        box.suppressed -= 1


def _guarded(func, application, *args):
    """Run ``func``; a failure loses the mail, never the transition."""
    try:
        func(application, *args)
    except ConflictError:
        raise
    except Exception:
        logger.exception("Notification for %s failed", "/".join(application.getPhysicalPath()))


def officer_recipients(application, state):
    """``[(full name, email)]`` of everyone holding the role of ``state``'s
    step on ``application`` (local roles, acquired ones and those of the
    permit type included), groups expanded, deduplicated by address."""
    step = STEPS.get(state)
    if step is None:
        return []
    role = step[1]
    acl_users = api.portal.get_tool("acl_users")
    users, seen_groups = [], set()

    def expand(principal_id):
        group = api.group.get(groupname=principal_id)
        if group is not None:
            if principal_id in seen_groups:
                return
            seen_groups.add(principal_id)
            for member in api.user.get_users(groupname=principal_id):
                if getattr(member, "isGroup", lambda: False)():
                    expand(member.getId())
                else:
                    users.append(member)
            return
        user = api.user.get(userid=principal_id)
        if user is not None:
            users.append(user)

    for principal_id, roles in sorted(acl_users._getAllLocalRoles(application).items()):
        if role in roles:
            expand(principal_id)
    recipients, addresses = [], set()
    for user in users:
        address = (user.getProperty("email") or "").strip()
        if not address or address.lower() in addresses:
            continue
        addresses.add(address.lower())
        recipients.append((user.getProperty("fullname") or user.getId(), address))
    return recipients


def _notify_officers(application, state, comment=None):
    box = outbox()
    for recipient in officer_recipients(application, state):
        box.add(mail.officer_task_mail(application, state, recipient, comment))


def _state_changed(application, state, comment=None):
    if mail.sender() is None:
        logger.warning("No plone.email_from_address: notifications are not sent")
        return
    outbox().add(mail.applicant_status_mail(application, state, comment))
    if state in STEPS:
        _notify_officers(application, state, comment)


def _submitted(application):
    if mail.sender() is None:
        logger.warning("No plone.email_from_address: notifications are not sent")
        return
    outbox().add(mail.applicant_submitted_mail(application))
    state = api.content.get_state(application, default=None)
    if state in STEPS:
        _notify_officers(application, state)


def notify_state_change(application, state, comment=None):
    """Queue the mails for ``application`` having entered ``state``."""
    outbox().compose(_guarded, _state_changed, application, state, comment)


def notify_submitted(application):
    """Queue "Permohonan diterima" and the first task mail."""
    outbox().compose(_guarded, _submitted, application)


def on_transition(application, event):
    """``IAfterTransitionEvent``; creation (no transition) is left to
    ``on_submitted``, when the application is complete."""
    if event.transition is None or event.new_state is None:
        return
    if event.old_state is not None and event.old_state.id == event.new_state.id:
        return
    comment = (event.kwargs or {}).get("comment")
    notify_state_change(application, event.new_state.id, comment)


def on_submitted(application, event):
    """``IApplicationSubmittedEvent``."""
    notify_submitted(application)
