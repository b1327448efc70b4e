"""Security headers on every response, set in one place.

Pages, REST answers, file downloads and error pages (404, 500) all pass
through ZPublisher's publication events: ``IPubBeforeCommit`` for a
successful request, ``IPubBeforeStreaming`` when a view streams its answer
(``response.write``) and ``IPubBeforeAbort`` when the request ends in an
exception (the error page is rendered before it).  A header a view has set
itself is kept.

- ``Content-Security-Policy``: what Plone Classic UI needs and nothing from
  another origin.  Classic UI (the toolbar, TinyMCE, mockup's patterns)
  still uses inline ``<script>``/``style=`` and ``eval``-style code, so
  ``'unsafe-inline'`` and ``'unsafe-eval'`` stay; what the policy buys is
  that nothing is loaded from, posted to or framed by another site, and no
  plugin or ``<base>`` can be injected.  The browser tests fail on any
  violation (``tests/browser/base.py``).
- ``Strict-Transport-Security`` only when the request came over HTTPS (the
  request's own URL, so a virtual host or waitress's trusted proxy, or an
  ``X-Forwarded-Proto: https`` from one of Zope's trusted proxies).
- Every cookie of an HTTPS response (the login cookies ``__ac`` and
  ``auth_token``, the language cookie) is marked ``Secure``, whatever the
  session plugin's ``secure`` property says; the language cookie is
  ``HttpOnly`` always (only the server reads it).
"""

from zope.component import adapter
from zope.globalrequest import getRequest
from ZPublisher import HTTPRequest
from ZPublisher.interfaces import IPubBeforeAbort
from ZPublisher.interfaces import IPubBeforeCommit
from ZPublisher.interfaces import IPubBeforeStreaming

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "magnetometer=(), gyroscope=(), accelerometer=(), interest-cohort=()"
    ),
}
HSTS = "max-age=31536000"
LANGUAGE_COOKIE = "I18N_LANGUAGE"


def is_https(request):
    """Did the client reach us over HTTPS?"""
    if str(request.get("SERVER_URL", "")).lower().startswith("https://"):
        return True
    proto = request.get_header("X-Forwarded-Proto") or ""
    remote = request.environ.get("REMOTE_ADDR", "")
    return bool(remote) and remote in HTTPRequest.trusted_proxies and proto.strip().lower() == "https"


def add_security_headers(request, response=None):
    response = request.response if response is None else response
    for name, value in HEADERS.items():
        if not response.getHeader(name):
            response.setHeader(name, value)
    cookies = getattr(response, "cookies", {})
    # the language choice is read by the server only: no script needs it
    if LANGUAGE_COOKIE in cookies:
        cookies[LANGUAGE_COOKIE]["HttpOnly"] = True
    if is_https(request):
        if not response.getHeader("Strict-Transport-Security"):
            response.setHeader("Strict-Transport-Security", HSTS)
        # nothing set on an HTTPS answer needs to travel over plain HTTP
        for attributes in cookies.values():
            # the parameter name ZPublisher renders (ZPublisher.cookie)
            attributes["Secure"] = True


@adapter(IPubBeforeCommit)
def before_commit(event):
    add_security_headers(event.request)


@adapter(IPubBeforeAbort)
def before_abort(event):
    add_security_headers(event.request)


@adapter(IPubBeforeStreaming)
def before_streaming(event):
    # this event carries the response only
    request = getRequest()
    if request is not None:
        add_security_headers(request, event.response)
