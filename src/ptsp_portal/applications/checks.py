"""Per-requirement document checks (*pemeriksaan berkas*, issue 19 §1–2).

An officer checks each requirement row of an application against its
document: ``sesuai`` or ``tidak sesuai``, with a note.  One code path for the
application page and ``GET/PATCH <application>/@document-checks``.

- Stored on the application (annotation ``CHECKS_KEY``), **per submission
  round**: round 0 is the first submission, each ``resubmit`` of the
  workflow history (``applications.revision``) starts the next one, so a
  document the applicant replaced is checked afresh; the earlier rounds'
  verdicts stay, shown as what was said before.
- Officers only: reading needs "View internal notes" (the officers' notes
  permission), writing the permission of the step waiting now
  (``workflow.STEPS``: verify, review, approve), so nobody writes verdicts
  on a decided application or one in revision.
- Every save is recorded for the timeline (``LOG_KEY``): officers see
  "Pemeriksaan dokumen" steps among the workflow's; the applicant does not.
- The failed checks make the revision reason (``revision_reason``) and name
  the documents the applicant's revision page highlights (``to_fix``); the
  workflow's guard of ``accept`` asks ``accept_refusal`` (a required
  document marked ``tidak sesuai`` blocks it).
"""

from AccessControl import getSecurityManager
from DateTime import DateTime
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from ptsp_portal import _
from ptsp_portal import permissions
from ptsp_portal.applications.progress import history_of
from ptsp_portal.documents import IPermitDocument
from ptsp_portal.forms.model import requirement_rows
from ptsp_portal.forms.uploads import rules
from ptsp_portal.i18n.language import in_site_language
from ptsp_portal.workflow import STEPS
from zope.annotation.interfaces import IAnnotations

CHECKS_KEY = "ptsp_portal.checks.rounds"  # stored on applications: never rename
LOG_KEY = "ptsp_portal.checks.log"  # stored on applications: never rename
PASS = "sesuai"
FAIL = "tidak sesuai"
VERDICTS = (PASS, FAIL)
VERDICT_TITLES = {PASS: _("Sesuai"), FAIL: _("Tidak sesuai")}
NOTE_MAX_LENGTH = 500
IMAGE_TYPES = ("image/jpeg", "image/png")
PDF_TYPES = ("application/pdf",)
STEP_ACTION = "document_check"
STEP_TITLE = _("Pemeriksaan dokumen")
ACCEPT_REFUSED = _(
    "Berkas belum dapat diterima: dokumen wajib berikut ditandai tidak sesuai: ${titles}. "
    "Minta perbaikan kepada pemohon, atau ubah hasil pemeriksaannya."
)


class CheckError(ValueError):
    """Bad input: ``errors`` maps a field (a requirement id or ``checks``)
    to an Indonesian message."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def submission_round(application):
    """0 for the first submission, +1 for each ``resubmit``."""
    return sum(1 for entry in history_of(application) if entry.get("action") == "resubmit")


def can_read(application):
    return bool(api.user.has_permission(permissions.ViewInternalNotes, obj=application))


def can_write(application):
    """The officer of the step waiting now (``workflow.STEPS``): not on a
    decided application, nor one in revision."""
    step = STEPS.get(api.content.get_state(application, default=None))
    return step is not None and bool(api.user.has_permission(step[0], obj=application))


def _rounds(application, create=False):
    annotations = IAnnotations(application)
    rounds = annotations.get(CHECKS_KEY)
    if rounds is None and create:
        rounds = annotations[CHECKS_KEY] = PersistentMapping()
    return rounds if rounds is not None else {}


def verdicts(application, round_=None):
    """``{requirement id: {verdict, note, actor, time, document}}`` of a
    round (the current one by default)."""
    if round_ is None:
        round_ = submission_round(application)
    return dict(_rounds(application).get(round_) or {})


def _document(application, doc_id):
    document = application.get(doc_id)
    if document is None or getattr(document, "portal_type", None) != "File":
        return None
    return document


def _document_info(document):
    blob = getattr(document, "file", None)
    content_type = getattr(blob, "contentType", "") or ""
    preview = "image" if content_type in IMAGE_TYPES else "pdf" if content_type in PDF_TYPES else None
    return {
        "filename": getattr(blob, "filename", None) or document.getId(),
        "content_type": content_type,
        "size": blob.getSize() if blob is not None else 0,
        # the documents' own secured download (access log: "download")
        "url": f"{document.absolute_url()}/@@download/file",
        "preview": preview,
        "uid": document.UID(),
    }


def rows(application):
    """The requirement rows with their document and this round's verdict,
    in the permit type's order, then documents of no (longer a) row::

        {id, title, description, required, file_types, document (or None),
         verdict (or None), note, actor, time, previous (the last earlier
         round's verdict of the row, with ``replaced``: the document changed
         since), }
    """
    permit_type = application.permit_type_object()
    by_id = requirement_rows(permit_type) if permit_type is not None else {}
    round_ = submission_round(application)
    current = verdicts(application, round_)
    earlier = [verdicts(application, r) for r in range(round_ - 1, -1, -1)]
    items = []
    ids = list(by_id)
    ids += [i for i in application.objectIds() if i not in by_id and _is_upload(application, i)]
    for doc_id in ids:
        row = by_id.get(doc_id) or {}
        document = _document(application, doc_id)
        info = _document_info(document) if document is not None else None
        types, _limit = rules(row) if row else ((), None)
        stored = current.get(doc_id) or {}
        previous = next((dict(v[doc_id]) for v in earlier if doc_id in v), None)
        if previous is not None:
            previous["replaced"] = info is None or previous.get("document") != info["uid"]
        items.append(
            {
                "id": doc_id,
                "title": row.get("title") or (document.Title() if document is not None else doc_id),
                "description": row.get("description") or "",
                "required": bool(row.get("required")) if row else False,
                "file_types": list(types),
                "document": info,
                "verdict": stored.get("verdict"),
                "note": stored.get("note", ""),
                "actor": stored.get("actor"),
                "time": stored.get("time"),
                "previous": previous,
            }
        )
    return items


def _is_upload(application, doc_id):
    """A document of the applicant's: not the issued permit."""
    document = _document(application, doc_id)
    return document is not None and not IPermitDocument.providedBy(document)


def parse(application, data):
    """``[(requirement id, verdict, note)]`` from a PATCH body or a form:
    ``{"checks": [{"id", "verdict", "note"}]}``; raises ``CheckError``."""
    if not isinstance(data, dict) or not isinstance(data.get("checks"), list):
        raise CheckError({"checks": _('Kirim "checks": daftar {id, verdict, note}.')})
    known = {item["id"]: item for item in rows(application)}
    errors, parsed, seen = {}, [], set()
    for entry in data["checks"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            errors["checks"] = _("Setiap hasil pemeriksaan harus berisi id dokumen.")
            continue
        doc_id = entry["id"]
        if doc_id not in known:
            errors[doc_id[:60]] = _("Dokumen persyaratan tidak dikenal pada permohonan ini.")
            continue
        if doc_id in seen:
            errors[doc_id] = _("Dokumen ini disebut lebih dari sekali.")
            continue
        seen.add(doc_id)
        verdict = entry.get("verdict")
        note = entry.get("note", "")
        if verdict not in (*VERDICTS, None, ""):
            errors[doc_id] = _('Hasil pemeriksaan harus "sesuai" atau "tidak sesuai".')
            continue
        if not isinstance(note, str):
            errors[doc_id] = _("Catatan harus berupa teks.")
            continue
        note = " ".join(note.split())
        if len(note) > NOTE_MAX_LENGTH:
            errors[doc_id] = _(
                "Catatan terlalu panjang (paling banyak ${max} karakter).", mapping={"max": NOTE_MAX_LENGTH}
            )
            continue
        if verdict == FAIL and not note:
            errors[doc_id] = _("Tuliskan apa yang tidak sesuai (catatan wajib untuk 'tidak sesuai').")
            continue
        if verdict and known[doc_id]["document"] is None:
            errors[doc_id] = _("Dokumen ini belum diunggah; tidak ada yang dapat diperiksa.")
            continue
        parsed.append((doc_id, verdict or None, note))
    if errors:
        raise CheckError(errors)
    return parsed


def save(application, data):
    """Store the verdicts of ``data`` (``parse``) in the current round and
    record them for the timeline; returns the ids that changed.  Callers
    check ``can_write`` first and take the write lock (``write_alone``)."""
    parsed = parse(application, data)
    round_ = submission_round(application)
    rounds = _rounds(application, create=True)
    current = rounds.get(round_)
    if current is None:
        current = rounds[round_] = PersistentMapping()
    actor = getSecurityManager().getUser().getId()
    now = DateTime()
    titles = {item["id"]: item for item in rows(application)}
    changed = []
    for doc_id, verdict, note in parsed:
        before = current.get(doc_id) or {}
        if verdict is None:
            if doc_id in current:
                del current[doc_id]
                changed.append((doc_id, None, ""))
            continue
        if before.get("verdict") == verdict and before.get("note", "") == note:
            continue
        document = titles[doc_id]["document"]
        current[doc_id] = {
            "verdict": verdict,
            "note": note,
            "actor": actor,
            "time": now,
            "document": document["uid"] if document else None,
        }
        changed.append((doc_id, verdict, note))
    if changed:
        log = IAnnotations(application).get(LOG_KEY)
        if log is None:
            log = IAnnotations(application)[LOG_KEY] = PersistentList()
        log.append(
            {
                "time": now,
                "actor": actor,
                "round": round_,
                "items": tuple((titles[d]["title"], v, n) for d, v, n in changed),
            }
        )
    return [doc_id for doc_id, _v, _n in changed]


def _line(title, verdict, note):
    if verdict is None:
        return f"{title}: " + in_site_language(_("hasil pemeriksaan dihapus"))
    text = f"{title}: " + in_site_language(VERDICT_TITLES[verdict]).lower()
    return f"{text} ({note})" if note else text


def timeline_steps(application):
    """The saved checks as timeline steps (``timeline.timeline``'s keys,
    without states), oldest first."""
    steps = []
    for entry in IAnnotations(application).get(LOG_KEY) or ():
        steps.append(
            {
                "time": entry["time"],
                "action": STEP_ACTION,
                "action_title": STEP_TITLE,
                "from_state": None,
                "from_title": None,
                "to_state": None,
                "to_title": None,
                "role": None,
                "comment": "; ".join(_line(*item) for item in entry["items"]),
                "changes": [],
                "actor_id": entry["actor"],
                "round": entry["round"],
            }
        )
    return steps


def forget_notes(application):
    """Blank the officers' notes of every round and of the timeline's
    record (retention: notes are free text and may name people); the
    verdicts, who gave them and when stay.  Returns how many were blanked."""
    count = 0
    annotations = IAnnotations(application)
    for verdicts_of_round in (annotations.get(CHECKS_KEY) or {}).values():
        for doc_id, entry in list(verdicts_of_round.items()):
            if entry.get("note"):
                verdicts_of_round[doc_id] = dict(entry, note="")
                count += 1
    log = annotations.get(LOG_KEY) or ()
    for index, entry in enumerate(log):
        items = tuple((title, verdict, "") for title, verdict, _note in entry["items"])
        if items != tuple(entry["items"]):
            log[index] = dict(entry, items=items)
    return count


def failed(application):
    """This round's ``tidak sesuai`` rows, in row order."""
    return [item for item in rows(application) if item["verdict"] == FAIL]


def revision_reason(application):
    """ "KTP: foto buram; Surat sehat: sudah kedaluwarsa" from this round's
    failed checks ("" without any)."""
    return "; ".join(f"{item['title']}: {item['note']}" for item in failed(application))


def blocking(application):
    """The required rows marked ``tidak sesuai`` in this round (asked by
    the guard of ``accept`` whenever its transitions are listed: without a
    failed check nothing more is read)."""
    if not any(v.get("verdict") == FAIL for v in verdicts(application).values()):
        return []
    return [item for item in failed(application) if item["required"]]


def accept_refusal(application):
    """Why ``accept`` is refused now (a message), or None."""
    items = blocking(application)
    if not items:
        return None
    return _(ACCEPT_REFUSED, mapping={"titles": ", ".join(item["title"] for item in items)})


def to_fix(application):
    """For the applicant in ``revision``: the ids and titles of the
    documents failed in the round the revision was asked in (the current
    one until they resubmit); no verdict or note is given away."""
    return [{"id": item["id"], "title": item["title"]} for item in failed(application)]
