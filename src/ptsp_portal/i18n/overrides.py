"""Our catalogues of other packages' domains come first.

``locales/id/LC_MESSAGES/plone.po`` (and ``z3c.form.po``, …) fill the gaps
of Plone's Indonesian: zope.i18n looks a msgid up in the catalogues of a
domain and language in the order they were registered, and takes the first
one that has it. An entry without text is not in a compiled catalogue, so
our catalogue fills a gap whatever the order; but plone.app.locales' id
catalogue also carries English copied as "translation" ("Log in",
"Password"), and it is registered first. The ``ptsp:preferTranslations``
directive (meta.zcml) therefore moves the catalogues of ``directory``
(registered by ``i18n:registerTranslations`` in the same configuration)
to the front of their domain's list, once every package's catalogues are
registered (a late action order). Only msgids we list are affected: for
everything else zope.i18n falls through to Plone's catalogue as before.
"""

from zope.component import getUtilitiesFor
from zope.configuration.fields import Path
from zope.i18n.interfaces import ITranslationDomain
from zope.interface import Interface

import os

# after zope.i18n's registerTranslations actions (order 0)
LATE = 1000


class IPreferTranslationsDirective(Interface):
    directory = Path(title="Directory of gettext catalogues (locales)", required=True)


def is_ours(identifier, directory):
    return os.path.normpath(str(identifier)).startswith(os.path.normpath(directory) + os.sep)


def prefer(directory):
    """Put the catalogues of ``directory`` first in every domain/language."""
    for _name, domain in getUtilitiesFor(ITranslationDomain):
        catalogs = getattr(domain, "_catalogs", None)
        if not catalogs:
            continue
        for names in catalogs.values():
            ours = [name for name in names if is_ours(name, directory)]
            if ours:
                names[:] = ours + [name for name in names if name not in ours]


def prefer_translations(_context, directory):
    _context.action(discriminator=None, callable=prefer, args=(directory,), order=LATE)
