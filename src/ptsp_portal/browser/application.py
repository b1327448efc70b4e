"""The detail page of an application (permohonan), phone first.

Only the applicant (Owner) and officers can open it (``View``).  It shows the
state and service-level clock, the applicant's answers, the documents, the
timeline, the transitions the current user may take now (with a comment) and,
for officers only, the internal notes.
"""

from AccessControl import Unauthorized
from plone import api
from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal import permissions
from ptsp_portal.applications import checks
from ptsp_portal.applications.revision import can_revise
from ptsp_portal.applications.timeline import can_see_names
from ptsp_portal.applications.timeline import timeline
from ptsp_portal.applications.timeline import transition_title
from ptsp_portal.applications.writing import write_alone
from ptsp_portal.constants import APPLICATION_WORKFLOW
from ptsp_portal.constants import CHANNEL_COUNTER
from ptsp_portal.constants import CHANNEL_ONLINE
from ptsp_portal.documents.formatting import readable_key
from ptsp_portal.i18n.formatting import format_date
from ptsp_portal.i18n.formatting import local_datetime
from ptsp_portal.workflow import COMMENT_REQUIRED
from ptsp_portal.workflow import foureyes
from ptsp_portal.workflow import PUBLIC_REASON
from ptsp_portal.workflow import PUBLIC_REASON_MAX_LENGTH
from ptsp_portal.workflow import state_title
from ptsp_portal.workflow.sla import SLA_LABELS
from ptsp_portal.workflow.sla import sla_status
from zope.i18n import translate

import transaction

# buttons that end or undo something look different
DANGER_TRANSITIONS = ("reject", "revoke", "withdraw")
CHANNEL_TITLES = {CHANNEL_ONLINE: _("Daring (portal)"), CHANNEL_COUNTER: _("Loket (petugas)")}
PRIMARY_TRANSITIONS = ("accept", "recommend", "approve", "resubmit")
# keyboard shortcuts of the officers' frequent steps (workbench.mjs, #pintasan)
SHORTCUTS = {"accept": "t", "request_revision": "p"}


def format_size(size):
    """Bytes for people: ``812 B``, ``34 KB``, ``1,2 MB`` (Indonesian comma)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def readable_value(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(readable_value(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{readable_key(k)}: {readable_value(v)}" for k, v in value.items())
    return str(value)


class ApplicationView(BrowserView):
    """``view`` of IPermitApplication; also handles its two POST forms."""

    error = None
    comment = ""
    public_reason = ""

    def __call__(self):
        if self.request.get("REQUEST_METHOD", "GET").upper() == "POST":
            form = self.request.form
            if form.get("workflow_action"):
                if self.handle_transition(
                    form["workflow_action"],
                    form.get("comment", ""),
                    form.get(PUBLIC_REASON, ""),
                ):
                    return ""
            elif "form.buttons.save_notes" in form:
                self.handle_notes(form.get("internal_notes", ""))
                return ""
        return self.index()

    # --- actions ---------------------------------------------------------

    def handle_transition(self, action, comment, public_reason=""):
        """Run ``action``; True when it happened (and a redirect is set).
        ``public_reason``: with ``revoke``, the reason the public verification
        shows (the comment stays internal)."""
        CheckAuthenticator(self.request)
        comment = comment if isinstance(comment, str) else ""
        self.comment = comment
        public_reason = public_reason if isinstance(public_reason, str) else ""
        self.public_reason = public_reason
        allowed = {t["id"] for t in self.transitions_for_user()}
        if not isinstance(action, str) or action not in allowed:
            refusal = foureyes.refusal(self.context, action) if isinstance(action, str) else None
            if action == "accept" and refusal is None:
                refusal = checks.accept_refusal(self.context)  # a required document failed its check
            self.error = refusal or _("Tindakan ini tidak dapat Anda lakukan pada permohonan ini sekarang.")
            transaction.doom()
            return False
        extra = {PUBLIC_REASON: public_reason} if action == "revoke" else {}
        workflow = api.portal.get_tool("portal_workflow")
        write_alone()  # a step reindexes the application: write alone (applications.writing)
        try:
            workflow.doActionFor(self.context, action, comment=comment.strip(), **extra)
        except WorkflowException as exc:
            transaction.doom()
            self.error = str(exc) or _("Tindakan tidak dapat dijalankan.")
            return False
        state = api.content.get_state(self.context)
        message = _(
            '"${action}" berhasil. Status permohonan sekarang: ${state}.',
            mapping={
                "action": translate(self.transition_title(action), context=self.request),
                "state": translate(state_title(state), context=self.request),
            },
        )
        IStatusMessage(self.request).add(message, type="info")
        self.request.response.redirect(self.context.absolute_url())
        return True

    def handle_notes(self, text):
        CheckAuthenticator(self.request)
        if not self.can_edit_notes():
            raise Unauthorized(permissions.EditInternalNotes)
        text = text if isinstance(text, str) else ""
        self.context.internal_notes = text.strip() or None
        self.context.reindexObject()
        IStatusMessage(self.request).add(_("Catatan internal disimpan."), type="info")
        self.request.response.redirect(self.context.absolute_url() + "#catatan-internal")

    # --- data for the template ---------------------------------------------

    def state(self):
        return api.content.get_state(self.context, default=None)

    def state_title(self):
        state = self.state()
        return state_title(state) if state else ""

    def sla_badge(self):
        """``{title, css}`` of the clock, or None when no clock runs."""
        status = sla_status(self.context.due_date, self.state())
        if status is None:
            return None
        title, css = SLA_LABELS[status]
        return {"status": status, "title": title, "css": css}

    def clock_stopped(self):
        return self.state() == "revision"

    def submitted(self):
        return local_datetime(self.context.submitted)

    def due_date(self):
        return format_date(self.context.due_date)

    def personal_data_removed(self):
        """When retention removed the documents and personal data, or None."""
        removed = getattr(self.context, "personal_data_removed", None)
        return local_datetime(removed) if removed else None

    def permit_type(self):
        permit_type = self.context.permit_type_object()
        if permit_type is None:
            return None
        return {"title": permit_type.Title(), "url": permit_type.absolute_url()}

    def on_behalf_of(self):
        value = getattr(self.context, "on_behalf_of", None)
        return value if isinstance(value, dict) and value else None

    def filed_by(self):
        """The account that filed, by name (officers) or as "you"."""
        user_id = getattr(self.context, "filed_by", None)
        if not user_id:
            return None
        if user_id == api.user.get_current().getId():
            return translate(_("Anda"), context=self.request)
        member = api.user.get(userid=user_id)
        fullname = member.getProperty("fullname", "") if member is not None else ""
        return f"{fullname} ({user_id})" if fullname else user_id

    def channel(self):
        channel = getattr(self.context, "channel", None)
        return translate(CHANNEL_TITLES.get(channel, channel), context=self.request) if channel else None

    def answers(self):
        data = self.context.form_data or {}
        if not isinstance(data, dict):
            return []
        return [{"label": readable_key(k), "value": readable_value(v)} for k, v in data.items()]

    def documents(self):
        """Uploaded documents in the permit type's order, then any others;
        required requirements without an upload are listed as missing."""
        permit_type = self.context.permit_type_object()
        rows = list(getattr(permit_type, "requirements", None) or []) if permit_type else []
        documents = []
        seen = set()
        for row in rows:
            req_id = row.get("id")
            seen.add(req_id)
            doc = self._document(req_id)
            if doc is None:
                if row.get("required"):
                    documents.append({"id": req_id, "title": row.get("title") or req_id, "missing": True})
                continue
            documents.append(self._document_info(doc, row.get("title") or req_id))
        for doc_id in self.context.objectIds():
            if doc_id in seen:
                continue
            doc = self._document(doc_id)
            if doc is not None:
                documents.append(self._document_info(doc, doc.Title() or doc_id))
        return documents

    def _document(self, doc_id):
        doc = self.context.get(doc_id) if doc_id else None
        if doc is None or getattr(doc, "portal_type", None) != "File":
            return None
        if not api.user.has_permission(permissions.View, obj=doc):
            return None
        return doc

    def _document_info(self, doc, title):
        blob = getattr(doc, "file", None)
        return {
            "id": doc.getId(),
            "title": title,
            "filename": getattr(blob, "filename", None) or doc.getId(),
            "size": format_size(blob.getSize()) if blob is not None else "",
            "url": f"{doc.absolute_url()}/@@download/file",
            "missing": False,
        }

    def timeline(self):
        steps = timeline(self.context, show_names=self.show_names())
        for step in steps:
            step["when"] = local_datetime(step["time"])
        return steps

    def show_names(self):
        """Officers see who acted: the same check as ``can_view_notes``."""
        return self.can_view_notes()

    def transitions_for_user(self):
        workflow = api.portal.get_tool("portal_workflow")
        return workflow.getTransitionsFor(self.context) or []

    def transition_title(self, action):
        """The title message of ``action``, as the timeline writes it."""
        workflow = api.portal.get_tool("portal_workflow").get(APPLICATION_WORKFLOW)
        return transition_title(workflow, action)

    def transitions(self):
        items = []
        for t in self.transitions_for_user():
            action, title, description = t["id"], t["title"], t.get("description")
            css = (
                "btn-outline-danger"
                if action in DANGER_TRANSITIONS
                else "btn-primary"
                if action in PRIMARY_TRANSITIONS
                else "btn-outline-secondary"
            )
            items.append(
                {
                    "id": action,
                    "title": _(title),
                    "description": _(description) if description else "",
                    "comment_required": action in COMMENT_REQUIRED,
                    "css": css,
                }
            )
        return items

    def offers_revoke(self, transitions):
        return any(t["id"] == "revoke" for t in transitions)

    def public_reason_max_length(self):
        return PUBLIC_REASON_MAX_LENGTH

    def required_titles(self, transitions):
        """Titles of the offered ``transitions`` that need a comment, joined;
        the template passes the list it already has, so the workflow is not
        asked twice per page."""
        return ", ".join(
            translate(t["title"], context=self.request) for t in transitions if t["comment_required"]
        )

    def can_revise(self):
        return can_revise(self.context)

    def can_view_notes(self):
        """Officers only; ``timeline.can_see_names`` is the same permission."""
        return can_see_names(self.context)

    def can_edit_notes(self):
        return bool(api.user.has_permission(permissions.EditInternalNotes, obj=self.context))

    # --- the officer's workbench (applications.checks, issue 19) -----------

    def revision_reason(self):
        """What "Minta perbaikan" is pre-filled with: this round's failed
        document checks, for an officer who may ask for a revision now."""
        if not any(t["id"] == "request_revision" for t in self.transitions_for_user()):
            return ""
        return checks.revision_reason(self.context)

    def accept_refusal(self):
        """Why ``accept`` is not offered to the verifier now, or None."""
        if self.state() != "submitted" or not self.can_view_notes():
            return None
        if not api.user.has_permission(permissions.VerifyApplication, obj=self.context):
            return None
        return checks.accept_refusal(self.context)

    def shortcut(self, action):
        return SHORTCUTS.get(action)
