"""Who may keep a copy of an answer: ``Cache-Control`` by allow-list (issue 14).

An answer may be stored by a shared cache (the cluster's Varnish) only when
all of these hold: an anonymous ``GET``/``HEAD`` without login cookies
(``__ac``, ``auth_token``) or an ``Authorization`` header, without a query
string, answered 200 without a cookie being set, by a view of one of the
public rulesets of z3c.caching (``PUBLIC_RULESETS``: the default views of
content, files and images, static resources).  It then gets ``public,
max-age=0, s-maxage=...``: browsers revalidate, the cache keeps it for
``SHARED_MAX_AGE`` seconds (or until purged).

Everything else — applications, documents, Permohonan Saya, queues,
tracking and verification answers, forms, REST services, any page of a
logged-in user, error pages — answers ``Cache-Control: private, no-store``
and ``Expires`` in the past.  The decision is taken last, when the request
has succeeded (``IPubSuccess``, after plone.caching's operations) or failed
(``IPubBeforeAbort``), and before a streamed answer starts; it replaces any
``Cache-Control`` a view or an operation set.

The same URL answers HTML or JSON (plone.rest) and two languages (the
``I18N_LANGUAGE`` cookie): the cache's key holds both (the VCL of
``scripts/cluster``); ``Vary`` says so to any other cache.
"""

from AccessControl import getSecurityManager
from z3c.caching.registry import lookup
from zope.component import adapter
from zope.globalrequest import getRequest
from ZPublisher.interfaces import IPubBeforeAbort
from ZPublisher.interfaces import IPubBeforeStreaming
from ZPublisher.interfaces import IPubSuccess

PRIVATE = "private, no-store"
SHARED_MAX_AGE = 300
PUBLIC = f"public, max-age=0, s-maxage={SHARED_MAX_AGE}, must-revalidate"
PUBLIC_RULESETS = frozenset(
    {
        "plone.content.itemView",
        "plone.content.folderView",
        "plone.content.file",
        "plone.resource",
        "plone.stableResource",
        # our public feeds, purged on change (security/purging.py): the JDIHN
        # feed of regulations (@jdihn, integrasi-jdihn)
        "ptsp_portal.publicFeed",
    }
)
LOGIN_COOKIES = ("__ac", "auth_token")
EXPIRED = "Sat, 01 Jan 2000 00:00:00 GMT"
VARY = "Accept, Cookie"


def is_anonymous_request(request):
    if request.get_header("Authorization"):
        return False
    if any(request.cookies.get(name) for name in LOGIN_COOKIES):
        return False
    user = getSecurityManager().getUser()
    return user is None or "Authenticated" not in (user.getRoles() or ())


def ruleset(request):
    published = request.get("PUBLISHED")
    if published is None:
        return None
    try:
        return lookup(published)
    except Exception:  # a published object z3c.caching cannot look up: not public
        return None


def shareable(request, response):
    """May a shared cache store this answer?"""
    if request.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
        return False
    if request.get("QUERY_STRING") or response.getStatus() != 200:
        return False
    if getattr(response, "cookies", None):
        return False
    if not is_anonymous_request(request):
        return False
    return ruleset(request) in PUBLIC_RULESETS


def set_cache_headers(request, response=None, failed=False):
    response = request.response if response is None else response
    if not failed and shareable(request, response):
        response.setHeader("Cache-Control", PUBLIC)
        response.setHeader("Vary", VARY)
        return
    response.setHeader("Cache-Control", PRIVATE)
    response.setHeader("Expires", EXPIRED)
    for name in ("ETag", "Last-Modified", "X-Cache-Rule", "X-Cache-Operation"):
        if response.getHeader(name):
            response.headers.pop(name.lower(), None)


@adapter(IPubSuccess)
def on_success(event):
    set_cache_headers(event.request)


@adapter(IPubBeforeAbort)
def on_failure(event):
    set_cache_headers(event.request, failed=True)


@adapter(IPubBeforeStreaming)
def on_streaming(event):
    request = getRequest()
    if request is not None:
        set_cache_headers(request, event.response)
