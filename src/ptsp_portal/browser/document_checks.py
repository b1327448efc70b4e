"""The officer's workbench on the application page (issue 19 §1–3).

- ``@@pemeriksaan-dokumen``: the per-requirement check panel (rendered into
  the application page for officers; a POST saves the verdicts through
  ``applications.checks``, the same code as ``PATCH @document-checks``).
  Each row previews its document from the document's own
  ``@@download/file`` (recorded in the access log as a download): images as
  ``<img>`` scaled by CSS, PDFs rendered into a ``<canvas>`` by pdf.js
  (npm ``pdfjs-dist``, served from ``++plone++ptsp_portal/pdfjs/``; its
  worker from the same origin: CSP ``script-src 'self'``, ``worker-src
  'self'``).
- ``@@ptsp-document-checks``: the workflow guard of ``accept`` asks
  ``allows_accept()``.
- ``@@berikutnya``: the next application awaiting the officer's action
  (``applications.queue.following``), or back to the queue when none.
"""

from AccessControl import Unauthorized
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal import permissions
from ptsp_portal.applications import checks
from ptsp_portal.applications.queue.following import next_application
from ptsp_portal.applications.writing import write_alone
from ptsp_portal.browser.application import format_size
from zope.i18n import translate

import transaction

ERRORS_KEY = "ptsp_portal.checks.errors"
VERDICT_FIELD = "periksa.verdict."
NOTE_FIELD = "periksa.note."
ROWS_FIELD = "periksa.rows"
NONE_WAITING = _("Tidak ada permohonan lain yang menunggu tindakan Anda.")


def form_data(form):
    """The panel's fields as ``checks.parse`` reads a PATCH body."""
    ids = form.get(ROWS_FIELD) or []
    ids = [ids] if isinstance(ids, str) else ids
    items = []
    for doc_id in ids:
        if not isinstance(doc_id, str):
            continue
        items.append(
            {
                "id": doc_id,
                "verdict": form.get(VERDICT_FIELD + doc_id) or None,
                "note": form.get(NOTE_FIELD + doc_id, ""),
            }
        )
    return {"checks": items}


class DocumentChecksPanel(BrowserView):
    """GET: the panel (a fragment of the application page); POST: save."""

    def __call__(self):
        if not checks.can_read(self.context):
            raise Unauthorized(permissions.ViewInternalNotes)
        posted = self.request.get("REQUEST_METHOD", "GET").upper() == "POST"
        if posted and ROWS_FIELD in self.request.form and not self.posted():
            return self.handle()
        return self.index()

    def handle(self):
        CheckAuthenticator(self.request)
        if not checks.can_write(self.context):
            raise Unauthorized(permissions.VerifyApplication)
        data = form_data(self.request.form)
        try:
            checks.parse(self.context, data)
        except checks.CheckError as exc:
            transaction.doom()
            # the application page again, with the typed values and a
            # message per row; nothing was saved
            self.request.set(ERRORS_KEY, exc.errors)
            self.request.response.setStatus(400)
            return self.context.restrictedTraverse("@@view")()
        write_alone()  # checked: write alone (applications.writing)
        changed = checks.save(self.context, data)
        message = _("Hasil pemeriksaan dokumen disimpan.") if changed else _("Tidak ada perubahan.")
        IStatusMessage(self.request).add(message, type="info")
        self.request.response.redirect(self.context.absolute_url() + "#pemeriksaan")
        return ""

    # --- data for the template ---------------------------------------------

    def errors(self):
        return self.request.get(ERRORS_KEY) or {}

    def posted(self):
        return bool(self.request.get(ERRORS_KEY))

    def can_edit(self):
        return checks.can_write(self.context)

    def round_number(self):
        return checks.submission_round(self.context) + 1

    def rows(self):
        errors = self.errors()
        form = self.request.form
        items = []
        for item in checks.rows(self.context):
            doc_id = item["id"]
            verdict, note = item["verdict"], item["note"]
            if self.posted():
                verdict = form.get(VERDICT_FIELD + doc_id) or None
                note = form.get(NOTE_FIELD + doc_id, "")
            document = item["document"]
            items.append(
                dict(
                    item,
                    verdict=verdict,
                    note=note if isinstance(note, str) else "",
                    dom_id="periksa-" + doc_id,
                    verdict_name=VERDICT_FIELD + doc_id,
                    note_name=NOTE_FIELD + doc_id,
                    error=errors.get(doc_id),
                    size=format_size(document["size"]) if document else "",
                    types=", ".join(t.upper() for t in item["file_types"]),
                )
            )
        return items

    def verdict_title(self, verdict):
        return checks.VERDICT_TITLES.get(verdict)

    def accept_refusal(self):
        return checks.accept_refusal(self.context)

    def pdfjs_url(self):
        return f"{api.portal.get().absolute_url()}/++plone++ptsp_portal/pdfjs"

    def script_url(self):
        return f"{api.portal.get().absolute_url()}/++plone++ptsp_portal/workbench.mjs"

    def note_max_length(self):
        return checks.NOTE_MAX_LENGTH


class AcceptGuard(BrowserView):
    """``@@ptsp-document-checks``: the guard of ``accept`` asks
    ``python:here.restrictedTraverse('@@ptsp-document-checks').allows_accept()``."""

    def allows_accept(self):
        return checks.accept_refusal(self.context) is None

    def __call__(self):
        return ""


class NextApplication(BrowserView):
    """``@@berikutnya``: to the next application awaiting my action."""

    def __call__(self):
        if not checks.can_read(self.context):
            raise Unauthorized(permissions.ViewInternalNotes)
        container = self.context.__parent__
        brain = next_application(container, self.context)
        if brain is None:
            IStatusMessage(self.request).add(translate(NONE_WAITING, context=self.request), type="info")
            self.request.response.redirect(container.absolute_url())
        else:
            self.request.response.redirect(brain.getURL())
        return ""
