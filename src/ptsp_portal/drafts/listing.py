"""A citizen's drafts as rows of "Permohonan Saya" and ``@my-applications``,
and a draft described for a client that continues it (``GET @drafts``).

Only the logged-in account's own drafts, never anyone else's: every
function takes the current user's id from ``saving.current_user_id``.
"""

from plone import api
from plone.restapi.serializer.converters import json_compatible
from ptsp_portal import _
from ptsp_portal.drafts import store
from ptsp_portal.drafts.saving import FORM_PARAM
from ptsp_portal.forms.model import form_of
from urllib.parse import urlencode

DRAFT_STATE = "draft"
DRAFT_TITLE = _("Draf")
CONTINUE = {"id": "continue", "title": _("Lanjutkan pengisian")}
DOCUMENT_VIEW = "draf-dokumen"


def permit_type_of(draft):
    """The draft's permit type, or None when it is gone."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=draft.permit_type)
    return brains[0]._unrestrictedGetObject() if brains else None


def form_url(draft, permit_type=None):
    """Where the web form continues the draft."""
    permit_type = permit_type or permit_type_of(draft)
    if permit_type is None:
        return None
    form = form_of(permit_type)
    base = (form or permit_type).absolute_url()
    return f"{base}?{urlencode({FORM_PARAM: draft.draft_id})}"


def rest_url(draft):
    return f"{api.portal.get().absolute_url()}/@drafts/{draft.draft_id}"


def document_url(draft, name):
    return f"{api.portal.get().absolute_url()}/@@{DOCUMENT_VIEW}/{draft.draft_id}/{name}"


def row(draft):
    """What the citizen sees of one draft (dates as aware datetimes)."""
    permit_type = permit_type_of(draft)
    return {
        "draft_id": draft.draft_id,
        "url": form_url(draft, permit_type),
        "rest_url": rest_url(draft),
        "permit_type": permit_type.Title() if permit_type is not None else "",
        "permit_type_url": permit_type.absolute_url() if permit_type is not None else None,
        "review_state": DRAFT_STATE,
        "state_title": DRAFT_TITLE,
        "modified": draft.modified,
        "expires": draft.expires(),
        "documents": sorted(draft.documents),
        "next_action": CONTINUE,
        # a renewal draft (ptsp_portal.renewal): the permit it renews
        "renewal_of": dict(draft.renewal_of) if draft.renewal_of else None,
    }


def rows(user_id):
    return [row(draft) for draft in store.list_drafts(user_id)]


def describe(draft, request=None):
    """A draft for ``GET @drafts/<draft_id>``: its answers and documents."""
    item = row(draft)
    permit_type = permit_type_of(draft)
    return {
        "@id": item["rest_url"],
        "draft_id": draft.draft_id,
        "review_state": DRAFT_STATE,
        "permit_type": {
            "@id": item["permit_type_url"],
            "title": item["permit_type"],
            "apply": f"{permit_type.absolute_url()}/@apply" if permit_type is not None else None,
        },
        "form": item["url"],
        "answers": dict(draft.answers),
        "on_behalf_of": draft.contract.get("on_behalf_of"),
        "documents": [
            {
                "id": name,
                "title": draft.titles.get(name, name),
                "filename": blob.filename,
                "content-type": blob.contentType,
                "size": blob.getSize(),
                "download": document_url(draft, name),
            }
            for name, blob in sorted(draft.documents.items())
        ],
        "created": json_compatible(draft.created),
        "modified": json_compatible(draft.modified),
        "expires": json_compatible(draft.expires()),
        "renewal_of": item["renewal_of"],
    }


class Chain:
    """Drafts first, then the catalog's applications: one sequence for a
    batch (``plone.batching`` slices it; brains stay lazy)."""

    def __init__(self, first, rest):
        self.first, self.rest = list(first), rest

    def __len__(self):
        return len(self.first) + len(self.rest)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index < len(self.first):
            return self.first[index]
        return self.rest[index - len(self.first)]

    def __iter__(self):
        yield from self.first
        yield from self.rest
