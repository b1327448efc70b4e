"""``@@perbaiki``: the applicant corrects an application in ``revision``.

Answers and applicant fields are prefilled with what is stored; each
document can be replaced by choosing a new file.  "Simpan perbaikan" keeps
the corrections (the clock stays stopped), "Simpan dan ajukan kembali" also
sends the application back to the officers.  Everything is checked by
``ptsp_portal.applications.revision.revise`` (the same rules as the application form); on
an error nothing is stored, the page shows a message per field and keeps the
typed answers (files must be chosen again: browsers do not keep them).
"""

from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal.applications import checks
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.revision import can_revise
from ptsp_portal.applications.revision import fields
from ptsp_portal.applications.revision import NOT_WAITING
from ptsp_portal.applications.revision import revise
from ptsp_portal.applications.revision import revision_request
from ptsp_portal.forms.model import Upload

import transaction

ANSWER_PREFIX = "jawaban."
DOCUMENT_PREFIX = "dokumen."
SENT_KEY = "jawaban"
INPUT_TYPES = {
    "integer": "number",
    "date": "date",
    "datetime": "datetime-local",
}
APPLICANT_INPUTS = {
    "applicant_email": ("email", "email", "email"),
    "applicant_phone": ("tel", "tel", "tel"),
    "applicant_nik": ("text", "numeric", "off"),
    "applicant_name": ("text", None, "name"),
}


class RevisionView(BrowserView):
    errors = None
    error = None

    def __call__(self):
        if not can_revise(self.context):
            IStatusMessage(self.request).add(NOT_WAITING, type="warning")
            self.request.response.redirect(self.context.absolute_url())
            return ""
        self.errors = {}
        self.described = fields(self.context)
        if self.request.get("REQUEST_METHOD", "GET").upper() == "POST":
            if self.handle():
                return ""
        return self.index()

    def posted(self):
        return self.request.get("REQUEST_METHOD", "GET").upper() == "POST"

    # --- reading the form ------------------------------------------------

    def _values(self):
        form = self.request.form
        # the answers the page showed (an unticked box sends nothing)
        sent = form.get(SENT_KEY, [])
        sent = set(sent if isinstance(sent, list) else [sent])
        values = {}
        for answer in self.described["answers"]:
            if answer["id"] not in sent:
                continue
            key = ANSWER_PREFIX + answer["id"]
            kind = answer["type"]
            if kind == "boolean":
                values[answer["id"]] = key in form
            elif kind == "multiple_choice":
                chosen = form.get(key, [])
                values[answer["id"]] = chosen if isinstance(chosen, list) else [chosen]
            elif kind == "list":
                text = form.get(key, "")
                text = text if isinstance(text, str) else ""
                values[answer["id"]] = [line.strip() for line in text.splitlines() if line.strip()]
            else:
                value = form.get(key, "")
                values[answer["id"]] = value if isinstance(value, str) else ""
        return values

    def _uploads(self):
        uploads = {}
        for document in self.described["documents"]:
            upload = self.request.form.get(DOCUMENT_PREFIX + document["id"])
            filename = getattr(upload, "filename", None)
            if upload is None or not filename or not hasattr(upload, "read"):
                continue  # no new file chosen: the current one stays
            upload.seek(0)
            data = upload.read()
            content_type = upload.headers.get("content-type", "") if upload.headers else ""
            uploads[document["id"]] = Upload(filename, content_type, data)
        return uploads

    def handle(self):
        CheckAuthenticator(self.request)
        form = self.request.form
        resubmit = "form.buttons.resubmit" in form
        comment = form.get("comment", "")
        comment = comment if isinstance(comment, str) else ""
        try:
            labels = revise(
                self.context,
                self._values(),
                self._uploads(),
                self.request,
                resubmit=resubmit,
                comment=comment,
            )
        except IntakeError as exc:
            transaction.doom()
            self.errors = exc.errors
            self.error = _("Perbaikan belum disimpan: periksa isian yang ditandai.")
            return False
        except WorkflowException as exc:
            transaction.doom()
            self.error = str(exc) or _("Permohonan tidak dapat diajukan kembali.")
            return False
        messages = IStatusMessage(self.request)
        if resubmit:
            messages.add(_("Permohonan diajukan kembali dan kembali diproses petugas."), type="info")
        elif labels:
            messages.add(
                _(
                    "Perbaikan disimpan. Ajukan kembali bila semua sudah benar; "
                    "waktu layanan berjalan lagi setelah itu."
                ),
                type="info",
            )
        else:
            messages.add(_("Tidak ada yang diubah."), type="info")
        self.request.response.redirect(self.context.absolute_url())
        return True

    # --- data for the template ---------------------------------------------

    def reason(self):
        return revision_request(self.context)

    def answers(self):
        posted = self.posted()
        items = []
        for answer in self.described["answers"]:
            name = answer["id"]
            key = ANSWER_PREFIX + name
            kind = answer["type"]
            value = answer["value"]
            if posted:
                form = self.request.form
                value = key in form if kind == "boolean" else form.get(key, "")
            input_type, inputmode, autocomplete = APPLICANT_INPUTS.get(
                name, (INPUT_TYPES.get(kind, "text"), "decimal" if kind == "number" else None, None)
            )
            text = value
            if kind == "list" and isinstance(value, (list, tuple)):
                text = "\n".join(str(v) for v in value)
            elif kind == "datetime" and isinstance(value, str):
                text = value[:16]
            elif value is None or isinstance(value, (list, tuple, dict)):
                text = ""
            chosen = value if isinstance(value, (list, tuple)) else [value]
            choices = [
                dict(c, selected=c["token"] in map(str, chosen) or c["value"] in chosen)
                for c in answer["choices"] or []
            ]
            items.append(
                dict(
                    answer,
                    key=key,
                    sent_key=SENT_KEY + ":list",
                    dom_id="perbaiki-" + name.replace(".", "-"),
                    text="" if text is None else str(text),
                    checked=bool(value) if kind == "boolean" else False,
                    choices=choices,
                    multiline=kind in ("text", "richtext", "list") or name == "applicant_address",
                    input_type=input_type,
                    inputmode=inputmode,
                    autocomplete=autocomplete,
                    error=(self.errors or {}).get(name),
                )
            )
        return items

    def documents(self):
        items = []
        # the documents an officer marked tidak sesuai (applications.checks)
        to_fix = {item["id"] for item in checks.to_fix(self.context)}
        for document in self.described["documents"]:
            items.append(
                dict(
                    document,
                    key=DOCUMENT_PREFIX + document["id"],
                    dom_id="perbaiki-dok-" + document["id"],
                    accept=",".join(document["accept"]),
                    error=(self.errors or {}).get(document["id"]),
                    to_fix=document["id"] in to_fix,
                )
            )
        return items

    def other_errors(self):
        known = {a["id"] for a in self.described["answers"]}
        known |= {d["id"] for d in self.described["documents"]}
        return [message for name, message in (self.errors or {}).items() if name not in known]

    def comment(self):
        value = self.request.form.get("comment", "") if self.posted() else ""
        return value if isinstance(value, str) else ""

    def application_url(self):
        return self.context.absolute_url()

    def tracking_number(self):
        return self.context.tracking_number
