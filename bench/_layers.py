"""What the in-process benchmarks (queue.py, permits.py) share: the
plone.app.testing layers of ``ptsp_portal.testing`` set up and torn down by
hand, a mock MailHost, and the notification outbox switched off.

Imported as ``bench._layers`` (the scripts put the repository root first on
``sys.path``).  Only the standard library at import time: Plone and the
package are imported inside the functions, once a script has set its
environment (and ``--help`` stays fast).  The workflow id is
``ptsp_portal.constants.APPLICATION_WORKFLOW``, imported where it is used.
"""

COMMIT_EVERY = 1000
# the object cache of a rendered instance: instance.yaml's db_cache_size
# default (scripts/instance/render.py), not ZODB's default of 400
# objects that the test layers keep
DB_CACHE_SIZE = 30000


def layer_order(layer):
    order = []

    def visit(item):
        for base in item.__bases__:
            visit(base)
        if item not in order:
            order.append(item)

    visit(layer)
    return order


def set_up_site():
    from ptsp_portal.testing import FUNCTIONAL_TESTING

    layers = layer_order(FUNCTIONAL_TESTING)
    for layer in layers:
        layer.setUp()
    for layer in layers:
        layer.testSetUp()
    return FUNCTIONAL_TESTING, layers


def tear_down(layers):
    for layer in reversed(layers):
        layer.testTearDown()
    for layer in reversed(layers):
        layer.tearDown()


def install_mock_mailhost(portal):
    """Nothing may try to reach an SMTP server."""
    from Products.CMFPlone.tests.utils import MockMailHost
    from Products.MailHost.interfaces import IMailHost
    from zope.component import getSiteManager

    portal.MailHost = mailhost = MockMailHost("MailHost")
    mailhost.smtp_host = "localhost"
    site_manager = getSiteManager(context=portal)
    site_manager.unregisterUtility(provided=IMailHost)
    site_manager.registerUtility(mailhost, provided=IMailHost)
    return mailhost


def no_mail():
    """Suppress the notification outbox of the current transaction; the mock
    MailHost catches the rest."""
    from ptsp_portal.notifications.subscribers import suppressed

    return suppressed()
