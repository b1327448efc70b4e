"""What the upload widget of a permit form shows for one requirement row.

``slot(widget, row)`` is computed by the form (``ErrorSummaryMixin``'s
``updateWidgets``, which knows the requirement rows) and read by the widget
template ``templates/file_input.pt``:

- ``accept``: the MIME types and extensions of the row's file types (a phone
  then offers only those: photos for a photo, documents for a PDF);
- ``capture``: ``environment`` on photo slots, the rows that accept images
  only (a phone opens its camera, the rear one: the slot is a photo of a
  person's printed pas foto, of a place or of a paper), else none;
- ``hint``: "PDF atau JPG, maks. 5 MB", from the row's types and the upload
  checks' size limit (the row's, else the site default, never above the
  hard cap: ``forms.uploads.size_limit_mb``), shown before the input and
  named by its ``aria-describedby``;
- ``description``: the field's own description without the rules sentence
  that ``forms.schema`` appends (the hint says it), also in
  ``aria-describedby``.
"""

from ptsp_portal import _
from ptsp_portal.forms.uploads import ACCEPTED
from ptsp_portal.forms.uploads import describe_rules
from ptsp_portal.forms.uploads import rules
from ptsp_portal.i18n.language import in_site_language
from zope.i18n import translate

import typing

SHORT_NAMES = {"pdf": "PDF", "jpg": "JPG", "png": "PNG"}
IMAGE_TYPES = frozenset({"jpg", "png"})
CAPTURE = "environment"


class UploadSlot(typing.NamedTuple):
    accept: str
    capture: str | None
    hint: str
    hint_id: str
    description: str
    description_id: str

    @property
    def describedby(self):
        ids = [self.hint_id] if self.hint else []
        if self.description:
            ids.append(self.description_id)
        return " ".join(ids) or None


def accept_value(tokens):
    """``application/pdf,.pdf,image/jpeg,.jpg,.jpeg`` for the tokens."""
    values = []
    for token in tokens:
        _detected, mime, extension = ACCEPTED[token]
        values += [mime, extension]
        if extension == ".jpg":
            values.append(".jpeg")
    return ",".join(values)


def is_photo_slot(tokens):
    return bool(tokens) and set(tokens) <= IMAGE_TYPES


def hint_text(tokens, limit, request):
    names = [SHORT_NAMES[t] for t in tokens]
    if len(names) > 1:
        either = translate(_("atau"), context=request)
        joined = ", ".join(names[:-1]) + f" {either} " + names[-1]
    else:
        joined = names[0]
    return translate(
        _("${types}, maks. ${size} MB", mapping={"types": joined, "size": limit}),
        context=request,
    )


def own_description(description, row, request):
    """The field's description without the rules sentence of forms.schema
    (in the site's language, as stored, or in the request's)."""
    text = translate(description or "", context=request)
    for sentence in (in_site_language(describe_rules(row)), translate(describe_rules(row), context=request)):
        text = text.replace(sentence, "")
    return " ".join(text.split())


def slot(widget, row, request):
    """The ``UploadSlot`` of a file widget for its requirement row (a dict),
    or for an editor's own file question (``row`` None: the field's own
    ``accept``, no hint: our upload checks do not apply to it)."""
    if row is None:
        return UploadSlot(
            accept=",".join(getattr(widget.field, "accept", None) or ()),
            capture=None,
            hint="",
            hint_id=f"{widget.id}-hint",
            description=translate(widget.field.description or "", context=request),
            description_id=f"{widget.id}-description",
        )
    tokens, limit = rules(row)
    return UploadSlot(
        accept=accept_value(tokens),
        capture=CAPTURE if is_photo_slot(tokens) else None,
        hint=hint_text(tokens, limit, request),
        hint_id=f"{widget.id}-hint",
        description=own_description(widget.field.description, row, request),
        description_id=f"{widget.id}-description",
    )
