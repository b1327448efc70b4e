"""Who gets what: every role against every way into an application and to
other people (issue 12, section 8), over HTTP with real authentication.

``MATRIX`` below is the specification: one row per endpoint, one column per
role. One test is generated per cell, named ``test_<endpoint>__<role>``, so
a failure names both. The site (tests/security/matrix.py) is the demo site
plus five applications: X's ``x_submitted`` (A), ``x_review`` (A, technical
review), ``x_review_b`` (B, technical review), ``x_issued`` (B, issued, with
its permit PDF) and Y's ``y_submitted`` (A); the reviewer holds Tim Teknis on
permit type A only; X has a portrait.

What a cell holds depends on the endpoint's kind:

``EACH``    asked once per application: the applications on which the role is
            answered (200 with the application's data); on every other one the
            request is refused (401/403/404, or a redirect to the login page)
``LIST``    asked once: exactly the matrix applications in the answer; a role
            that sees less than the whole office sees nothing else either (no
            demo application); ``REFUSED``: the request itself is refused
``SITE``    asked once, about no application (people, logs): ``OK``,
            ``NOBODY`` (answered, naming none of the people) or ``REFUSED``
``PUBLIC``  asked once per application it applies to: answered to anyone, with
            the public fields only

Every answer, refused or not, is searched for personal data: the NIK, name,
email, phone, address and user id of every person the role may not see
there (X, Y, the demo's citizen, the officers, the editor), the internal
note, which only officers read, and the tracking numbers of applications the
role may not open. A citizen sees their own applicant data; officers see
applicants and each other; nobody sees anybody else. What the request itself
carried (a search term, the path in a login redirect) does not count.

``python -m tests.security.test_matrix`` prints the matrix as a Markdown table.
"""

from ptsp_portal.documents.formatting import mask_name
from ptsp_portal.documents.verification import FIELDS as VERIFY_FIELDS
from ptsp_portal.security import ratelimit
from ptsp_portal.survey.elements import ELEMENT_KEYS as SKM_ELEMENTS
from ptsp_portal.testing import SITE_ID
from tests.base import rest_session
from tests.security.matrix import COMPLAINT_ANSWER
from tests.security.matrix import COMPLAINT_TEXT
from tests.security.matrix import INTERNAL_NOTE
from tests.security.matrix import MATRIX_SERVER_TESTING
from tests.security.matrix import OFFICERS
from tests.security.matrix import PERMIT_A
from tests.security.matrix import user_id
from unittest import mock
from urllib.parse import quote
from urllib.parse import unquote
from urllib.parse import urlencode
from urllib.parse import urlsplit

import csv
import dataclasses
import io
import json
import os
import re
import unittest

ROLES = ("anonymous", "applicant", "other_citizen", "editor", "verifier", "reviewer_a", "approver")
ROLE_TITLES = {
    "anonymous": "anonymous",
    "applicant": "applicant X",
    "other_citizen": "citizen Y",
    "editor": "editor",
    "verifier": "verifier",
    "reviewer_a": "reviewer (type A)",
    "approver": "approver",
}
# roles that see every application of the office (the demo's too)
WHOLE_OFFICE = ("verifier", "approver")

EACH, LIST, SITE, PUBLIC = "each", "list", "site", "public"
ALL = frozenset({"x_submitted", "x_review", "x_review_b", "x_issued", "y_submitted"})
X = frozenset({"x_submitted", "x_review", "x_review_b", "x_issued"})
Y = frozenset({"y_submitted"})
A = frozenset({"x_submitted", "x_review", "y_submitted"})
NONE = frozenset()
TO_VERIFY = frozenset({"x_submitted", "y_submitted"})  # waiting for the verifier
TO_REVIEW = frozenset({"x_review"})  # waiting for the reviewer of A
X_ISSUED = frozenset({"x_issued"})  # the decided application: its survey
TOKEN = "token"  # asked once per application with its survey token (SKM)
REFUSED = "refused"
OK = "ok"
NOBODY = "nobody"  # answered, naming none of the people
SHOWN = "public"

# fmt: off
MATRIX = {
    # endpoint               anonymous  applicant  citizen Y  editor    verifier  reviewer A  approver
    "page":                 (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "rest":                 (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "workflow":             (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "history":              (NONE,      NONE,      NONE,      NONE,     ALL,      A,          ALL),
    "sharing":              (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "sharing_page":         (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "document":             (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "document_display":     (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "document_rest":        (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "permit_pdf":           (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "users_vocabulary":     (NONE,      NONE,      NONE,      NONE,     ALL,      A,          ALL),
    "users_vocabulary_classic": (NONE,  NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "search":               (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "search_name":          (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "search_nik":           (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "search_documents":     (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "querystring_search":   (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "search_page":          (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "ajax_search":          (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "catalog_vocabulary":   (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "folder":               (REFUSED,   REFUSED,   REFUSED,   REFUSED,  ALL,      A,          ALL),
    "queue":                (REFUSED,   REFUSED,   REFUSED,   REFUSED,  ALL,      A,          ALL),
    "queue_tasks":          (REFUSED,   REFUSED,   REFUSED,   REFUSED,  TO_VERIFY, TO_REVIEW, NONE),
    "queue_site":           (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "queue_csv_site":       (NONE,      X,         Y,         NONE,     ALL,      A,          ALL),
    "queue_page":           (REFUSED,   REFUSED,   REFUSED,   REFUSED,  ALL,      A,          ALL),
    "queue_csv":            (REFUSED,   REFUSED,   REFUSED,   REFUSED,  ALL,      A,          ALL),
    "my_applications":      (REFUSED,   X,         Y,         NONE,     NONE,     NONE,       NONE),
    "my_applications_page": (REFUSED,   X,         Y,         NONE,     NONE,     NONE,       NONE),
    "users_vocabulary_site": (REFUSED,  REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "users_vocabulary_site_classic": (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED,  REFUSED),
    "principals":           (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "users":                (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "user_record":          (REFUSED,   OK,        REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "author_page":          (REFUSED,   OK,        REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "portrait":             (REFUSED,   OK,        REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "portrait_file":        (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "sharing_search":       (REFUSED,   REFUSED,   REFUSED,   NOBODY,   REFUSED,  REFUSED,    REFUSED),
    "sharing_search_page":  (REFUSED,   REFUSED,   REFUSED,   NOBODY,   REFUSED,  REFUSED,    REFUSED),
    "member_search":        (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "unlock_login":         (REFUSED,   REFUSED,   REFUSED,   REFUSED,  OK,       OK,         OK),
    "access_log":           (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "access_log_csv":       (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "track":                (SHOWN,     SHOWN,     SHOWN,     SHOWN,    SHOWN,    SHOWN,      SHOWN),
    "track_page":           (SHOWN,     SHOWN,     SHOWN,     SHOWN,    SHOWN,    SHOWN,      SHOWN),
    "verify":               (SHOWN,     SHOWN,     SHOWN,     SHOWN,    SHOWN,    SHOWN,      SHOWN),
    "verify_page":          (SHOWN,     SHOWN,     SHOWN,     SHOWN,    SHOWN,    SHOWN,      SHOWN),
    # issue 15 §4-5: public, published regulations only (never the matrix's private draft)
    "jdihn":                (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    "jdihn_page":           (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    "service_standard_page": (OK,       OK,        OK,        OK,       OK,       OK,         OK),
    # another account's saved draft (issue 17): nobody but its owner, who is no column
    "draft_rest":           (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "draft_document":       (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "draft_form":           (REFUSED,   OK,        OK,        OK,       OK,       OK,         OK),
    "drafts_list":          (REFUSED,   OK,        OK,        OK,       OK,       OK,         OK),
    # SKM survey (issue 15 §2): the index is public, the responses are not; a
    # survey is answered with its token by its applicant (or anyone holding the
    # mailed link, not logged in), never by another logged-in user
    "skm":                  (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    "skm_page":             (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    "skm_csv":              (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    "skm_responses":        (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "skm_wrong_token":      (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "skm_survey_page":      (X_ISSUED,  X_ISSUED,  NONE,      NONE,     NONE,     NONE,       NONE),
    "skm_answer":           (X_ISSUED,  X_ISSUED,  NONE,      NONE,     NONE,     NONE,       NONE),
    # complaints (pengaduan): X's complaint about x_submitted, answered; only
    # complaint handlers (tests/complaints) see complaints and identities
    "complaints_folder":    (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "complaints_queue":     (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "complaints_queue_csv": (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "complaints_export":    (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "complaint_page":       (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "complaint_rest":       (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "complaint_attachment": (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "complaint_search":     (NOBODY,    NOBODY,    NOBODY,    NOBODY,   NOBODY,   NOBODY,     NOBODY),
    "complaint_status":     (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    "complaint_status_code": (OK,       OK,        OK,        OK,       OK,       OK,         OK),
    "complaint_status_page": (OK,       OK,        OK,        OK,       OK,       OK,         OK),
    "complaints_post":      (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    "statistics":           (NOBODY,    NOBODY,    NOBODY,    NOBODY,   NOBODY,   NOBODY,     NOBODY),
    "statistics_page":      (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    "statistics_csv":       (NOBODY,    NOBODY,    NOBODY,    NOBODY,   NOBODY,   NOBODY,     NOBODY),
    # document checks (issue 19 §1): officers read; only the officer of the
    # step waiting now writes (an empty PATCH: nothing changes); the
    # applicant reads neither verdicts nor notes
    "document_checks":      (NONE,      NONE,      NONE,      NONE,     ALL,      A,          ALL),
    "document_checks_patch": (NONE,     NONE,      NONE,      NONE,     TO_VERIFY, TO_REVIEW, NONE),
    "document_checks_page": (NONE,      NONE,      NONE,      NONE,     ALL,      A,          ALL),
    # "Berikutnya" (issue 19 §3): officers only, to an application they may open or the queue
    "next_application":     (NONE,      NONE,      NONE,      NONE,     ALL,      A,          ALL),
    # renewal (issue 19 §4): only its holder renews X's issued permit (B has a
    # validity in the matrix); officers who see it are refused too
    "renew":                (NONE,      X_ISSUED,  NONE,      NONE,     NONE,     NONE,       NONE),
    "renew_page":           (NONE,      X_ISSUED,  NONE,      NONE,     NONE,     NONE,       NONE),
    # the office's look (issue 16 §3): public, naming nobody
    "look_css":             (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    "look_logo":            (OK,        OK,        OK,        OK,       OK,       OK,         OK),
    # the counter (issue 18 §1): no column is the front office (tests/counter
    # has its rows); a receipt is never an online application's, not even
    # for its applicant; claiming answers every logged-in role with a refusal
    # of the wrong code (400) naming nobody
    "counter_page":         (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "counter_form":         (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "counter_receipt":      (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "claim_page":           (REFUSED,   OK,        OK,        OK,       OK,       OK,         OK),
    "claim_post":           (REFUSED,   OK,        OK,        OK,       OK,       OK,         OK),
    # fees (issue 18 §2): the fee of a permit type is public; a bill is its
    # application's (none of the matrix's is billed: refused to all, see
    # tests/fees/test_http.py for a billed one); the cash desk is for the
    # group ptsp-cashiers (no column here), the figures for office-wide
    # officers; the payment callback needs the provider's signature
    "fee":                  (NOBODY,    NOBODY,    NOBODY,    NOBODY,   NOBODY,   NOBODY,     NOBODY),
    "bill":                 (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "skrd_pdf":             (NONE,      NONE,      NONE,      NONE,     NONE,     NONE,       NONE),
    "cashier":              (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "cashier_bill":         (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "cashier_post":         (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "cashier_page":         (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
    "fee_statistics":       (REFUSED,   REFUSED,   REFUSED,   REFUSED,  NOBODY,   REFUSED,    NOBODY),
    "fee_statistics_page":  (REFUSED,   REFUSED,   REFUSED,   REFUSED,  NOBODY,   REFUSED,    NOBODY),
    "payment_callback":     (REFUSED,   REFUSED,   REFUSED,   REFUSED,  REFUSED,  REFUSED,    REFUSED),
}
# fmt: on

TRACK_KEYS = {
    "@id",
    "tracking_number",
    "permit_type",
    "review_state",
    "review_state_title",
    "state_colour",
    "oss_status_code",
    "oss_status_label",
    "submitted",
    "due_date",
    "steps",
    "progress",
}
TRACKING_NUMBER = re.compile(r"\b[A-Z][A-Z0-9]{0,9}-\d{4}-\d{6}\b", re.IGNORECASE)
USERS = "plone.app.vocabularies.Users"
REFUSAL_CODES = (401, 403, 404)
LOGIN_PAGES = ("/login", "/require_login", "/insufficient_privileges", "/acl_users/credentials_cookie_auth")
PDF_MAGIC, JPEG_MAGIC, PNG_MAGIC = b"%PDF", b"\xff\xd8\xff", b"\x89PNG"


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One row: ``fetch(case, role, app)`` sends the request (``app`` is
    None for LIST and SITE); ``items`` reads the applications a LIST answer
    holds; ``only``: the applications an EACH or PUBLIC row is about, when
    not all; ``lists_users``: an answer may name anyone; ``people``: whom
    else an answered SITE request may name."""

    name: str
    title: str
    kind: str
    fetch: object
    items: object = None
    only: frozenset = None
    lists_users: bool = False
    people: tuple = ()
    status: int = 200  # of an answered request


def _answer_text(response):
    """The body, less the request's own URL that a JSON answer repeats
    (``@id``, ``batching``): a search term sent is not data given away."""
    if response.headers.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        if isinstance(data, dict):
            return json.dumps(
                {k: v for k, v in data.items() if k not in ("@id", "batching")}, ensure_ascii=False
            )
    return response.content.decode("utf-8", "replace")


def _json_items(case, response):
    return [item["@id"] for item in response.json()["items"]]


def _vocabulary_titles(response):
    data = response.json()
    if "items" in data:  # @vocabularies
        return [item["title"] for item in data["items"]]
    return [item["text"] for item in data["results"]]  # @@getVocabulary


def _numbers(case, response):
    """The applications a page names, by their tracking numbers."""
    return {n.upper() for n in TRACKING_NUMBER.findall(response.text)} & case.all_numbers


def _csv_numbers(case, response):
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[0] for row in rows[1:]]


def _querystring_search(case, role, app):
    body = {
        "query": [
            {
                "i": "portal_type",
                "o": "plone.app.querystring.operation.selection.any",
                "v": ["PermitApplication"],
            }
        ],
        "b_size": 500,
        "metadata_fields": "_all",
    }
    return case.session(role).post("@querystring-search", json=body, allow_redirects=False)


CATALOG_QUERY = urlencode(
    {
        "query": json.dumps(
            {
                "criteria": [
                    {
                        "i": "portal_type",
                        "o": "plone.app.querystring.operation.selection.any",
                        "v": ["PermitApplication"],
                    }
                ]
            }
        ),
        "attributes": json.dumps(["getURL", "Title", "applicant_name"]),
        "batch": json.dumps({"page": 1, "size": 500}),
    }
)
ISSUED = frozenset({"x_issued"})  # the one with a permit PDF and a verification code
SKM_ANSWERS = dict.fromkeys(SKM_ELEMENTS, 4)


def _renew(case, role, app):
    """``POST @renew``; the draft a first call makes (201) is continued by a
    second (200, its answer), then deleted: the matrix's other rows never
    meet it."""
    session = case.session(role)
    response = session.post(f"{app['path']}/@renew", json={})
    if response.status_code == 201:
        response = session.post(f"{app['path']}/@renew", json={})
        session.delete(f"@drafts/{response.json()['draft_id']}")
    return response


ENDPOINTS = (
    Endpoint("page", "application page", EACH, lambda c, r, a: c.get(r, a["path"], api=False)),
    Endpoint("rest", "REST GET", EACH, lambda c, r, a: c.get(r, a["path"])),
    Endpoint("workflow", "@workflow (history)", EACH, lambda c, r, a: c.get(r, f"{a['path']}/@workflow")),
    Endpoint("history", "@history", EACH, lambda c, r, a: c.get(r, f"{a['path']}/@history")),
    Endpoint("sharing", "@sharing", EACH, lambda c, r, a: c.get(r, f"{a['path']}/@sharing?search=example")),
    Endpoint(
        "sharing_page",
        "@@sharing page",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/@@sharing?search_term=example", api=False),
    ),
    Endpoint(
        "document",
        "document @@download",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/{a['document']}/@@download/file", api=False),
    ),
    Endpoint(
        "document_display",
        "document @@display-file",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/{a['document']}/@@display-file/file", api=False),
    ),
    Endpoint(
        "document_rest", "document REST GET", EACH, lambda c, r, a: c.get(r, f"{a['path']}/{a['document']}")
    ),
    Endpoint(
        "permit_pdf",
        "permit PDF",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/{a['permit_pdf']}/@@download/file", api=False),
        only=ISSUED,
    ),
    Endpoint(
        "users_vocabulary",
        "<application>/@vocabularies/…Users",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/@vocabularies/{USERS}?title=Xaverius"),
        lists_users=True,
    ),
    Endpoint(
        "users_vocabulary_classic",
        "<application>/@@getVocabulary …Users",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/@@getVocabulary?name={USERS}&query=Xaverius", api=False),
        lists_users=True,
    ),
    Endpoint(
        "search",
        "@search portal_type",
        LIST,
        lambda c, r, a: c.get(r, "@search?portal_type=PermitApplication&metadata_fields=_all&b_size=500"),
        items=_json_items,
    ),
    Endpoint(
        "search_name",
        "@search X's name",
        LIST,
        lambda c, r, a: c.get(
            r, f"@search?SearchableText={quote(c.person('applicant')[0])}&metadata_fields=_all&b_size=500"
        ),
        items=_json_items,
    ),
    Endpoint(
        "search_nik",
        "@search X's NIK",
        LIST,
        lambda c, r, a: c.get(r, f"@search?SearchableText={c.person('applicant')[1]}&b_size=500"),
        items=_json_items,
    ),
    Endpoint(
        "search_documents",
        "@search documents",
        LIST,
        lambda c, r, a: c.get(r, "@search?portal_type=File&metadata_fields=_all&b_size=1000"),
        items=_json_items,
    ),
    Endpoint(
        "search_page",
        "@@search page, X's first name",
        LIST,
        lambda c, r, a: c.get(r, "@@search?SearchableText=Xaverius", api=False),
        items=_numbers,
    ),
    Endpoint(
        "ajax_search",
        "@@ajax-search, X's first name",
        LIST,
        lambda c, r, a: c.get(r, "@@ajax-search?SearchableText=Xaverius", api=False),
        items=lambda c, response: [item["url"] for item in response.json()["items"]],
    ),
    Endpoint(
        "catalog_vocabulary",
        "@@getVocabulary …Catalog",
        LIST,
        lambda c, r, a: c.get(
            r, f"@@getVocabulary?name=plone.app.vocabularies.Catalog&{CATALOG_QUERY}", api=False
        ),
        items=lambda c, response: [item["getURL"] for item in response.json()["results"]],
    ),
    Endpoint("querystring_search", "@querystring-search", LIST, _querystring_search, items=_json_items),
    Endpoint(
        "folder",
        "REST GET /permohonan",
        LIST,
        lambda c, r, a: c.get(r, "permohonan?b_size=500"),
        items=_json_items,
    ),
    Endpoint(
        "queue",
        "@queue (all)",
        LIST,
        lambda c, r, a: c.get(r, "permohonan/@queue?tugas=semua&status=semua&b_size=500"),
        items=_json_items,
    ),
    Endpoint(
        "queue_tasks",
        "@queue (my tasks)",
        LIST,
        lambda c, r, a: c.get(r, "permohonan/@queue?b_size=500"),
        items=_json_items,
    ),
    Endpoint(
        "queue_site",
        "@queue (all) on the site",
        LIST,
        lambda c, r, a: c.get(r, "@queue?tugas=semua&status=semua&b_size=500"),
        items=_json_items,
    ),
    Endpoint(
        "queue_csv_site",
        "queue CSV on the site",
        LIST,
        lambda c, r, a: c.get(r, "@@antrian-csv?tugas=semua&status=semua", api=False),
        items=_csv_numbers,
    ),
    Endpoint(
        "queue_page",
        "@@antrian page",
        LIST,
        lambda c, r, a: c.get(r, "permohonan/@@antrian?tugas=semua&status=semua", api=False),
        items=_numbers,
    ),
    Endpoint(
        "queue_csv",
        "queue CSV",
        LIST,
        lambda c, r, a: c.get(r, "permohonan/@@antrian-csv?tugas=semua&status=semua", api=False),
        items=_csv_numbers,
    ),
    Endpoint(
        "my_applications",
        "@my-applications",
        LIST,
        lambda c, r, a: c.get(r, "@my-applications?b_size=500"),
        items=_json_items,
    ),
    Endpoint(
        "my_applications_page",
        "@@permohonan-saya page",
        LIST,
        lambda c, r, a: c.get(r, "@@permohonan-saya", api=False),
        items=_numbers,
    ),
    Endpoint(
        "users_vocabulary_site",
        "site @vocabularies/…Users",
        SITE,
        lambda c, r, a: c.get(r, f"@vocabularies/{USERS}?title=Xaverius"),
        lists_users=True,
    ),
    Endpoint(
        "users_vocabulary_site_classic",
        "site @@getVocabulary …Users",
        SITE,
        lambda c, r, a: c.get(r, f"@@getVocabulary?name={USERS}&query=Xaverius", api=False),
        lists_users=True,
    ),
    Endpoint(
        "principals",
        "@principals",
        SITE,
        lambda c, r, a: c.get(r, "@principals?search=Xaverius"),
        lists_users=True,
    ),
    Endpoint("users", "@users", SITE, lambda c, r, a: c.get(r, "@users?query=Xaverius"), lists_users=True),
    Endpoint("user_record", "@users/<X>", SITE, lambda c, r, a: c.get(r, f"@users/{user_id('applicant')}")),
    Endpoint(
        "author_page",
        "author page of X",
        SITE,
        lambda c, r, a: c.get(r, f"author/{user_id('applicant')}", api=False),
    ),
    Endpoint(
        "portrait", "@portrait/<X>", SITE, lambda c, r, a: c.get(r, f"@portrait/{c.facts['portrait_id']}")
    ),
    Endpoint(
        "portrait_file",
        "X's portrait file",
        SITE,
        lambda c, r, a: c.get(r, f"portal_memberdata/portraits/{c.facts['portrait_id']}", api=False),
    ),
    Endpoint(
        "sharing_search",
        "@sharing search on permit type A",
        SITE,
        lambda c, r, a: c.get(r, f"layanan/{PERMIT_A}/@sharing?search=Xaverius"),
        people=OFFICERS,  # who holds a role there (the reviewer of A)
    ),
    Endpoint(
        "sharing_search_page",
        "@@sharing search on permit type A",
        SITE,
        lambda c, r, a: c.get(r, f"layanan/{PERMIT_A}/@@sharing?search_term=Xaverius", api=False),
        people=OFFICERS,
    ),
    Endpoint(
        "member_search",
        "@@member-search",
        SITE,
        lambda c, r, a: c.get(
            r, "@@member-search?form.widgets.SearchableText=Xaverius&form.buttons.search=Cari", api=False
        ),
        lists_users=True,
    ),
    Endpoint(
        "unlock_login",
        "@@ptsp-unlock-login",
        SITE,
        lambda c, r, a: c.get(r, "@@ptsp-unlock-login", api=False),
    ),
    Endpoint("access_log", "access log page", SITE, lambda c, r, a: c.get(r, "@@ptsp-access-log", api=False)),
    Endpoint(
        "access_log_csv", "access log CSV", SITE, lambda c, r, a: c.get(r, "@@ptsp-access-log-csv", api=False)
    ),
    Endpoint(
        "complaints_folder", "REST GET /pengaduan", SITE, lambda c, r, a: c.get(r, "pengaduan?b_size=500")
    ),
    Endpoint(
        "complaints_queue",
        "@@pengaduan-antrian page",
        SITE,
        lambda c, r, a: c.get(r, "pengaduan/@@pengaduan-antrian", api=False),
    ),
    Endpoint(
        "complaints_queue_csv",
        "complaint queue CSV",
        SITE,
        lambda c, r, a: c.get(r, "pengaduan/@@pengaduan-antrian-csv", api=False),
    ),
    Endpoint(
        "complaints_export",
        "pengaduan/@export (SP4N-LAPOR!)",
        SITE,
        lambda c, r, a: c.get(r, "pengaduan/@export?format=csv"),
    ),
    Endpoint(
        "complaint_page",
        "X's complaint page",
        SITE,
        lambda c, r, a: c.get(r, c.facts["complaint"]["path"], api=False),
    ),
    Endpoint(
        "complaint_rest",
        "X's complaint REST GET",
        SITE,
        lambda c, r, a: c.get(r, c.facts["complaint"]["path"]),
    ),
    Endpoint(
        "complaint_attachment",
        "X's complaint attachment",
        SITE,
        lambda c, r, a: c.get(r, c.facts["complaint"]["path"] + "/@@download/attachment", api=False),
    ),
    Endpoint(
        "complaint_search",
        "@search portal_type=Complaint",
        SITE,
        lambda c, r, a: c.get(r, "@search?portal_type=Complaint&metadata_fields=_all&b_size=500"),
    ),
    Endpoint(
        "complaint_status",
        "@complaint-status of X's complaint",
        SITE,
        lambda c, r, a: c.get(r, f"@complaint-status?number={c.facts['complaint']['number']}"),
    ),
    Endpoint(
        "complaint_status_code",
        "@complaint-status with the access code",
        SITE,
        lambda c, r, a: c.get(
            r,
            f"@complaint-status?number={c.facts['complaint']['number']}&code={c.facts['complaint']['code']}",
        ),
    ),
    Endpoint(
        "complaint_status_page",
        "@@lacak-pengaduan page",
        SITE,
        lambda c, r, a: c.get(r, f"@@lacak-pengaduan?nomor={c.facts['complaint']['number']}", api=False),
    ),
    Endpoint(
        "complaints_post",
        "POST @complaints",
        SITE,
        lambda c, r, a: c.session(r).post(
            "@complaints", json={"subject": "Matriks", "description": "Pengaduan dari matriks keamanan."}
        ),
        status=201,
    ),
    Endpoint("track", "@track", PUBLIC, lambda c, r, a: c.get(r, f"@track?number={a['tracking_number']}")),
    Endpoint(
        "track_page",
        "@@lacak page",
        PUBLIC,
        lambda c, r, a: c.get(r, f"@@lacak?nomor={a['tracking_number']}", api=False),
    ),
    Endpoint(
        "verify",
        "@verify",
        PUBLIC,
        lambda c, r, a: c.get(r, f"@verify?code={a['verification_code']}"),
        only=ISSUED,
    ),
    Endpoint(
        "draft_rest",
        "@drafts/<another account's draft>",
        SITE,
        lambda c, r, a: c.get(r, f"@drafts/{c.facts['draft']['id']}"),
    ),
    Endpoint(
        "draft_document",
        "@@draf-dokumen of another account's draft",
        SITE,
        lambda c, r, a: c.get(
            r, f"@@draf-dokumen/{c.facts['draft']['id']}/{c.facts['draft']['document']}", api=False
        ),
    ),
    Endpoint(
        # answered with the role's own empty form: nothing of the draft
        "draft_form",
        "permit form ?draf=<another account's draft>",
        SITE,
        lambda c, r, a: c.get(r, f"{c.facts['draft']['form']}?draf={c.facts['draft']['id']}", api=False),
    ),
    Endpoint("drafts_list", "@drafts (own drafts)", SITE, lambda c, r, a: c.get(r, "@drafts")),
    Endpoint(
        "verify_page",
        "@@verifikasi page",
        PUBLIC,
        lambda c, r, a: c.get(r, f"@@verifikasi/{a['verification_code']}", api=False),
        only=ISSUED,
    ),
    Endpoint("jdihn", "@jdihn (JDIHN feed)", SITE, lambda c, r, a: c.get(r, "@jdihn")),
    Endpoint("jdihn_page", "integrasi-jdihn", SITE, lambda c, r, a: c.get(r, "integrasi-jdihn", api=False)),
    Endpoint(
        "service_standard_page",
        "@@standar-pelayanan page",
        SITE,
        lambda c, r, a: c.get(r, "@@standar-pelayanan", api=False),
    ),
    Endpoint("skm", "@skm (IKM)", SITE, lambda c, r, a: c.get(r, "@skm")),
    Endpoint("skm_page", "@@skm page", SITE, lambda c, r, a: c.get(r, "@@skm", api=False)),
    Endpoint("skm_csv", "@@skm-csv", SITE, lambda c, r, a: c.get(r, "@@skm-csv", api=False)),
    Endpoint(
        "skm_responses", "@@skm-jawaban-csv", SITE, lambda c, r, a: c.get(r, "@@skm-jawaban-csv", api=False)
    ),
    Endpoint(
        "skm_wrong_token",
        "POST @skm, unknown token",
        SITE,
        lambda c, r, a: c.session(r).post("@skm", json={"token": "Z" * 43, "answers": SKM_ANSWERS}),
    ),
    Endpoint(
        "skm_survey_page",
        "@@skm-survei with X's token",
        TOKEN,
        lambda c, r, a: c.get(r, f"@@skm-survei?token={c.facts['skm_tokens'][a['id']]}", api=False),
        only=X_ISSUED,
    ),
    Endpoint(
        "skm_answer",
        "POST @skm with X's token",
        TOKEN,
        lambda c, r, a: c.session(r).post(
            "@skm", json={"token": c.facts["skm_tokens"][a["id"]], "answers": SKM_ANSWERS}
        ),
        only=X_ISSUED,
    ),
    # public statistics: counts and working days, for anyone, naming nobody
    # (the page is OK: a logged-in role meets its own name in the toolbar,
    # and nobody else's, which assert_private_data_kept checks)
    Endpoint("statistics", "@statistics", SITE, lambda c, r, a: c.get(r, "@statistics")),
    Endpoint("statistics_page", "@@statistik page", SITE, lambda c, r, a: c.get(r, "@@statistik", api=False)),
    Endpoint(
        "statistics_csv", "@@statistik-csv", SITE, lambda c, r, a: c.get(r, "@@statistik-csv", api=False)
    ),
    Endpoint(
        "document_checks",
        "@document-checks",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/@document-checks"),
    ),
    Endpoint(
        "document_checks_patch",
        "@document-checks PATCH",
        EACH,
        lambda c, r, a: c.session(r).patch(
            f"{a['path']}/@document-checks", json={"checks": []}, allow_redirects=False
        ),
    ),
    Endpoint(
        "document_checks_page",
        "@@pemeriksaan-dokumen",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/@@pemeriksaan-dokumen", api=False),
    ),
    Endpoint("next_application", "@@berikutnya", EACH, lambda c, r, a: _next_application(c, r, a)),
    Endpoint("renew", "POST @renew", EACH, _renew, only=ISSUED),
    Endpoint(
        "renew_page",
        "@@perpanjang page",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/@@perpanjang", api=False),
        only=ISSUED,
    ),
    # the office's look: its stylesheet and logo, for anyone (browser/look.py)
    Endpoint(
        "look_css", "@@ptsp-tampilan.css", SITE, lambda c, r, a: c.get(r, "@@ptsp-tampilan.css", api=False)
    ),
    Endpoint("look_logo", "@@ptsp-logo", SITE, lambda c, r, a: c.get(r, "@@ptsp-logo", api=False)),
    Endpoint("counter_page", "@@loket", SITE, lambda c, r, a: c.get(r, "@@loket", api=False)),
    Endpoint(
        "counter_form",
        "@@loket-formulir of permit type A",
        SITE,
        lambda c, r, a: c.get(r, f"layanan/{PERMIT_A}/formulir/@@loket-formulir", api=False),
    ),
    Endpoint(
        "counter_receipt",
        "@@tanda-terima (receipt)",
        EACH,
        lambda c, r, a: c.get(r, f"{a['path']}/@@tanda-terima", api=False),
    ),
    Endpoint(
        "claim_page", "@@klaim-permohonan", SITE, lambda c, r, a: c.get(r, "@@klaim-permohonan", api=False)
    ),
    Endpoint(
        "claim_post",
        "POST @claim, X's application, a guessed code",
        SITE,
        lambda c, r, a: c.session(r).post(
            "@claim",
            json={"tracking_number": c.apps["x_submitted"]["tracking_number"], "claim_code": "AAAAA-BBBBB"},
        ),
        status=400,
    ),
    # fees (issue 18 §2)
    Endpoint("fee", "<permit type A>/@fee", SITE, lambda c, r, a: c.get(r, f"layanan/{PERMIT_A}/@fee")),
    Endpoint("bill", "@bill", EACH, lambda c, r, a: c.get(r, f"{a['path']}/@bill")),
    Endpoint("skrd_pdf", "@@skrd.pdf", EACH, lambda c, r, a: c.get(r, f"{a['path']}/@@skrd.pdf", api=False)),
    Endpoint("cashier", "@cashier (unpaid bills)", SITE, lambda c, r, a: c.get(r, "@cashier")),
    Endpoint(
        "cashier_bill", "@cashier?bill=", SITE, lambda c, r, a: c.get(r, "@cashier?bill=SKRD/2026/000001")
    ),
    Endpoint(
        "cashier_post",
        "POST @cashier",
        SITE,
        lambda c, r, a: c.session(r).post(
            "@cashier", json={"bill": "SKRD/2026/000001", "reference": "KWT-1"}
        ),
    ),
    Endpoint("cashier_page", "@@kasir page", SITE, lambda c, r, a: c.get(r, "@@kasir", api=False)),
    Endpoint("fee_statistics", "@fee-statistics", SITE, lambda c, r, a: c.get(r, "@fee-statistics")),
    Endpoint(
        "fee_statistics_page",
        "@@statistik-retribusi page",
        SITE,
        lambda c, r, a: c.get(r, "@@statistik-retribusi", api=False),
    ),
    Endpoint(
        "payment_callback",
        "POST @payment-callback (unsigned)",
        SITE,
        lambda c, r, a: _unsigned_payment_callback(c, r),
    ),
)


def _next_application(case, role, app):
    """``@@berikutnya`` redirects an officer to an application or the queue
    (followed once); anyone else is refused (a redirect to the login page)."""
    response = case.get(role, f"{app['path']}/@@berikutnya", api=False)
    location = response.headers.get("Location", "")
    if response.status_code == 302 and not urlsplit(location).path.endswith(LOGIN_PAGES):
        return case.session(role, api=False).get(location, allow_redirects=False)
    return response


def _unsigned_payment_callback(case, role):
    """The provider's callback, with a secret configured, without its signature."""
    with mock.patch.dict(os.environ, {"PTSP_PAYMENT_SECRET": "rahasia-matriks"}):
        return case.session(role).post(
            "@payment-callback", json={"bill": "SKRD/2026/000001", "amount": 1, "reference": "X"}
        )


def cell(endpoint_name, role):
    return MATRIX[endpoint_name][ROLES.index(role)]


class MatrixCase(unittest.TestCase):
    layer = MATRIX_SERVER_TESTING

    def setUp(self):
        self.facts = self.layer["matrix"]
        self.apps = self.facts["apps"]
        self.site_url = f"{self.layer['app'].absolute_url()}/{SITE_ID}"
        self.by_id = {app["id"]: key for key, app in self.apps.items()}
        self.by_number = {app["tracking_number"]: key for key, app in self.apps.items()}
        self.all_numbers = set(self.by_number) | set(self.facts["other_numbers"])
        ratelimit.reset()  # public lookups: every cell starts with a fresh count

    def person(self, who):
        return self.facts["people"][who]

    def session(self, role, api=True):
        base = f"{self.site_url}/++api++" if api else self.site_url
        return rest_session(self, base, user_id(role), json=api)

    def get(self, role, path, api=True):
        return self.session(role, api).get(path, allow_redirects=False)

    # --- what an answer may hold ------------------------------------------

    def assert_private_data_kept(self, response, role, allowed, where, asked=None):
        """No marker of a person outside ``allowed`` (and the role itself)
        in the body or a redirect; the internal note for officers only; no
        tracking number of an application the role may not open (but the
        one ``asked`` about, for a public lookup)."""
        text = _answer_text(response).lower()
        numbers = {n.upper() for n in TRACKING_NUMBER.findall(_answer_text(response))}
        foreign = (numbers - self.numbers_seen_by(role)) & self.all_numbers
        foreign.discard(self.apps[asked]["tracking_number"] if asked else None)
        self.assertEqual(foreign, set(), f"{where}: tracking numbers of others")
        # a redirect to the login form repeats the path asked for (came_from)
        asked_path = urlsplit(response.request.url).path
        location = unquote(response.headers.get("Location", "")).replace(asked_path, "").lower()
        allowed = set(allowed) | {role}
        for who, markers in self.facts["people"].items():
            if who in allowed:
                continue
            for marker in markers:
                self.assertNotIn(marker.lower(), text, f"{where}: {who}'s {marker!r} in the answer")
                self.assertNotIn(marker.lower(), location, f"{where}: {who}'s {marker!r} in the redirect")
        if role not in OFFICERS:
            self.assertNotIn(INTERNAL_NOTE.lower(), text, f"{where}: the internal note")

    def assert_refused(self, response, role, where, app=None):
        if response.status_code in (301, 302, 303):
            location = urlsplit(response.headers["Location"]).path
            self.assertTrue(location.endswith(LOGIN_PAGES), f"{where}: redirected to {location}")
        else:
            self.assertIn(response.status_code, REFUSAL_CODES, f"{where}: {response.text[:500]}")
        if app is not None:
            self.assertNotIn(app["tracking_number"].lower(), response.text.lower(), where)
        self.assert_private_data_kept(response, role, (), where)

    def numbers_seen_by(self, role):
        """The tracking numbers of the applications ``role`` may open."""
        numbers = {self.apps[key]["tracking_number"] for key in cell("page", role)}
        return numbers | set(self.facts["other_numbers"]) if role in WHOLE_OFFICE else numbers

    def seen_by(self, role):
        """Who else's data a role may meet in an answer about applications."""
        if role in OFFICERS:
            return {"applicant", "other_citizen", "demo_citizen", *OFFICERS}
        return set()

    # --- the kinds of rows ---------------------------------------------------

    def check_each(self, endpoint, role):
        allowed = cell(endpoint.name, role)
        for key in sorted(endpoint.only or self.apps):
            app = self.apps[key]
            where = f"{endpoint.name} of {key} as {role}"
            with self.subTest(app=key):
                response = endpoint.fetch(self, role, app)
                if key not in allowed:
                    self.assert_refused(response, role, where, app)
                    continue
                self.assertEqual(response.status_code, 200, f"{where}: {response.text[:500]}")
                self.check_answer(endpoint, role, app, response, where)
                people = {app["owner"]} | self.seen_by(role)
                if endpoint.lists_users:
                    people |= set(self.facts["people"])
                if endpoint.name == "permit_pdf":
                    people.add("approver")  # the signatory, printed on the permit
                self.assert_private_data_kept(response, role, people, where)

    def check_answer(self, endpoint, role, app, response, where):
        """What an answered EACH request carries."""
        name = endpoint.name
        officer = role in OFFICERS
        if name == "page":
            self.assertIn(app["tracking_number"], response.text, where)
            self.assertEqual(INTERNAL_NOTE in response.text, officer, where)
        elif name == "rest":
            data = response.json()
            self.assertEqual(data["tracking_number"], app["tracking_number"], where)
            self.assertEqual(data.get("internal_notes") == INTERNAL_NOTE, officer, where)
        elif name in ("document", "document_display", "permit_pdf"):
            self.assertTrue(response.content.startswith((PDF_MAGIC, JPEG_MAGIC)), where)
        elif name == "document_rest":
            self.assertEqual(response.json()["@type"], "File", where)
        elif name.startswith("users_vocabulary"):
            self.assertIn(self.person("applicant")[0], _vocabulary_titles(response), where)
        elif name.startswith("document_checks") and name != "document_checks_page":
            self.assertEqual(response.json()["tracking_number"], app["tracking_number"], where)
            self.assertIn(app["document"], [item["id"] for item in response.json()["items"]], where)
        elif name == "document_checks_page":
            self.assertIn("Pemeriksaan dokumen", response.text, where)
            self.assertIn(f"/{app['document']}/@@download/file", response.text, where)
        elif name == "next_application":
            # another application awaiting the role, or the queue
            path = urlsplit(response.url).path
            self.assertIn("/permohonan", path, where)
            self.assertFalse(path.rstrip("/").endswith(app["path"].rstrip("/")), where)

    def check_list(self, endpoint, role):
        expected = cell(endpoint.name, role)
        where = f"{endpoint.name} as {role}"
        response = endpoint.fetch(self, role, None)
        if expected == REFUSED:
            self.assert_refused(response, role, where)
            return
        self.assertEqual(response.status_code, 200, f"{where}: {response.text[:500]}")
        seen, others = set(), set()
        for item in endpoint.items(self, response):
            key = self.application_of(item)
            (seen if key else others).add(key or item)
        self.assertEqual(seen, set(expected), where)
        if role not in WHOLE_OFFICE:
            self.assertEqual(others, set(), f"{where}: applications of others")
        people = {self.apps[key]["owner"] for key in seen} | self.seen_by(role)
        if role not in WHOLE_OFFICE:
            people.discard("demo_citizen")
        self.assert_private_data_kept(response, role, people, where)

    def application_of(self, item):
        """The matrix application a URL (of it or its document) or a
        tracking number stands for, or None."""
        if item in self.by_number:
            return self.by_number[item]
        path = urlsplit(item).path.split("/")
        if "permohonan" in path:
            rest = path[path.index("permohonan") + 1 :]
            if rest:
                return self.by_id.get(rest[0])
        return None

    def check_site(self, endpoint, role):
        expected = cell(endpoint.name, role)
        where = f"{endpoint.name} as {role}"
        response = endpoint.fetch(self, role, None)
        if expected == REFUSED:
            self.assert_refused(response, role, where)
            return
        self.assertEqual(response.status_code, endpoint.status, f"{where}: {response.text[:500]}")
        name = self.person("applicant")[0]
        if endpoint.name.startswith("complaint"):
            self.check_complaint_answer(endpoint, role, response, where)
        if expected == NOBODY:
            self.assertNotIn(name, response.text, where)
        elif endpoint.lists_users:
            self.assertIn(name, _vocabulary_titles(response), where)
        elif endpoint.name == "user_record":
            self.assertEqual(response.json()["fullname"], name, where)
        elif endpoint.name == "author_page":
            self.assertIn(name, response.text, where)
        elif endpoint.name == "portrait":
            self.assertTrue(response.content.startswith(PNG_MAGIC), where)
        elif endpoint.name.startswith("jdihn"):
            self.check_jdihn(response, where)
        elif endpoint.name == "service_standard_page":
            self.assertIn(f"{self.site_url}/layanan/{PERMIT_A}", response.text, where)
        self.assert_private_data_kept(response, role, endpoint.people, where)

    def check_jdihn(self, response, where):
        """Published regulations only: the matrix's private draft, which an
        editor may open, is in nobody's feed."""
        documents = json.loads(response.content)
        self.assertIsInstance(documents, list, where)
        self.assertTrue(documents, where)
        draft = self.facts["private_regulation"]
        self.assertNotIn(draft["uid"], [d["idData"] for d in documents], where)
        self.assertNotIn(draft["title"], response.content.decode("utf-8"), where)

    def check_complaint_answer(self, endpoint, role, response, where):
        """A complaint's text never leaves the handlers; its answer reaches
        X (logged in) or whoever has the access code."""
        self.assertNotIn(COMPLAINT_TEXT, response.text, where)
        sees_answer = role == "applicant" or endpoint.name == "complaint_status_code"
        if endpoint.name.startswith("complaint_status"):
            self.assertEqual(COMPLAINT_ANSWER in response.text, sees_answer, where)
            self.assertNotIn("Bidang Pelayanan Matriks", response.text, where)  # who handles it
        if endpoint.name == "complaint_search":
            self.assertEqual(response.json()["items_total"], 0, where)
        if endpoint.name == "complaints_post":
            self.assertEqual(
                set(response.json()), {"number", "access_code", "review_state", "due_date"}, where
            )

    def check_public(self, endpoint, role):
        self.assertEqual(cell(endpoint.name, role), SHOWN)
        for key in sorted(endpoint.only or self.apps):
            app = self.apps[key]
            where = f"{endpoint.name} of {key} as {role}"
            with self.subTest(app=key):
                response = endpoint.fetch(self, role, app)
                self.assertEqual(response.status_code, 200, f"{where}: {response.text[:500]}")
                if endpoint.name == "track":
                    data = response.json()
                    self.assertEqual(set(data), TRACK_KEYS, where)
                    self.assertEqual(data["tracking_number"], app["tracking_number"], where)
                    self.assertEqual(data["review_state"], app["state"], where)
                    for step in data["steps"]:
                        self.assertEqual(set(step), {"date", "review_state", "title"}, where)
                elif endpoint.name == "verify":
                    data = response.json()
                    self.assertEqual(set(data), {*VERIFY_FIELDS, "status_title"}, where)
                    self.assertEqual(data["status"], "valid", where)
                    self.assertEqual(data["holder_name"], mask_name(self.person("applicant")[0]), where)
                else:
                    self.assertIn(
                        app["tracking_number"] if endpoint.name == "track_page" else "Berlaku", response.text
                    )
                # the holder's own account sees their name in the page's
                # header: that is the role itself, allowed as always
                self.assert_private_data_kept(response, role, (), where, asked=key)

    def check_token(self, endpoint, role):
        """A survey token of an application (SKM): answered (200 or 201)
        where the cell says, refused elsewhere; nothing personal either way."""
        allowed = cell(endpoint.name, role)
        for key in sorted(endpoint.only):
            app = self.apps[key]
            where = f"{endpoint.name} of {key} as {role}"
            response = endpoint.fetch(self, role, app)
            if key not in allowed:
                self.assert_refused(response, role, where, app)
                continue
            self.assertIn(response.status_code, (200, 201), f"{where}: {response.text[:500]}")
            self.assert_private_data_kept(response, role, {app["owner"]}, where)

    def check_cell(self, endpoint, role):
        getattr(self, f"check_{endpoint.kind}")(endpoint, role)


class TestMatrixShape(unittest.TestCase):
    def test_every_endpoint_has_one_row_of_every_role(self):
        self.assertEqual(set(MATRIX), {e.name for e in ENDPOINTS})
        for name, row in MATRIX.items():
            self.assertEqual(len(row), len(ROLES), name)

    def test_reviewer_of_a_never_gets_b(self):
        """The reviewer scoped to permit type A is given nothing of B, in any row."""
        b = {"x_review_b", "x_issued"}
        for name, row in MATRIX.items():
            value = row[ROLES.index("reviewer_a")]
            if isinstance(value, frozenset | set):
                self.assertFalse(value & b, name)


# --- the matrix as a table ---------------------------------------------------

OWN_RECORDS = ("user_record", "author_page", "portrait")  # about X
SET_NAMES = {
    ALL: "✓",
    X: "X's",
    Y: "Y's",
    A: "type A",
    X & A: "X's of type A",
    TO_VERIFY: "waiting for verification",
    TO_REVIEW: "A in technical review",
}


def describe(endpoint, role):
    """A cell in a few characters: ✓ everything, ✗ refused, or what is
    shown (filtered)."""
    value = cell(endpoint.name, role)
    if value in (REFUSED,):
        return "✗"
    if value == OK:
        return "own" if endpoint.name in OWN_RECORDS and role == "applicant" else "✓"
    if value == NOBODY:
        return "filtered: nobody"
    if value == SHOWN:
        return "public fields" if endpoint.name.startswith("verify") else "status only"
    value = frozenset(value) & (endpoint.only or ALL)
    if not value:
        return "✗" if endpoint.kind == EACH else "none"
    name = SET_NAMES.get(value) or ", ".join(sorted(value))
    if role == "applicant" and value <= X or role == "other_citizen" and value <= Y:
        name = "own"
    elif value == endpoint.only:
        return "✓"
    return name if name == "✓" else f"filtered: {name}"


def markdown():
    lines = [
        "| endpoint | " + " | ".join(ROLE_TITLES[r] for r in ROLES) + " |",
        "|---" * (len(ROLES) + 1) + "|",
    ]
    for endpoint in ENDPOINTS:
        cells = [describe(endpoint, role) for role in ROLES]
        lines.append(f"| {endpoint.title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell_test(endpoint, role):
    def test(self):
        self.check_cell(endpoint, role)

    test.__name__ = f"test_{endpoint.name}__{role}"
    test.__doc__ = f"{endpoint.title}, as {ROLE_TITLES[role]}: {describe(endpoint, role)}."
    return test


class TestMatrix(MatrixCase):
    """One test per cell of ``MATRIX``."""


for _endpoint in ENDPOINTS:
    for _role in ROLES:
        setattr(TestMatrix, f"test_{_endpoint.name}__{_role}", _cell_test(_endpoint, _role))
del _endpoint, _role


if __name__ == "__main__":
    print(markdown())
