"""Record every message translated while pages render, and tell which have
no translation in the site's language (issue 16 §2: tested at the source).

``TranslationRecorder`` wraps, while it is active,

- ``zope.i18n.translationdomain.TranslationDomain._recursive_translate``:
  every lookup of every domain registered with ``i18n:registerTranslations``
  passes there (``zope.i18n.translate``, ``util.translate`` called directly,
  Chameleon's ``i18n:translate``/``i18n:attributes``, and the translatable
  values of a mapping, which ``translate`` itself does not see);
- a fallback translation domain factory, which ``zope.i18n.translate``
  asks for a domain that has no catalogue at all (such a message can never
  be in Indonesian).

Each lookup becomes a ``Lookup``: domain, msgid, default, the language it
was translated into, whether a catalogue of that language has it, and the
page being rendered (``recorder.page = "..."``).

What is checked (``Lookup.needs_translation``) — the exclusion principle:

1. Language-neutral msgids are not text: a msgid that, without its
   ``${name}`` placeholders, has no letter (empty, numbers, punctuation,
   ``${count}``) reads the same in every language.
2. Runtime values are not messages: a msgid that no catalogue of its
   domain knows in ANY language (zope.i18n's ``test`` pseudo-catalogue
   aside) is a value computed while rendering — a content title, a user's
   name, the field titles and descriptions EasyForm's supermodel wraps in
   ``plone`` Messages, a workflow state title of our own workflows — that
   code or a template passed through ``translate``; no translator of that
   domain has ever seen it, so there is nothing to translate. Plone's,
   z3c.form's… UI texts are translated into dozens of languages, so the
   gap of one language shows: known elsewhere, missing in Indonesian. The
   one exception: a ``Message`` of a domain with no catalogue at all (no
   language to compare with) is checked.
3. A translation that repeats the English is none: plone.app.locales' id
   catalogue holds "Password" for ``label_password``; the Indonesian found
   must differ from the English (the domain's en catalogue, else the
   default), unless it comes from our own catalogue (a word that is the
   same in both languages, stated on purpose).
4. Domains written in Indonesian (``SOURCE_INDONESIAN``: our own
   ``ptsp_portal``) show their msgid/default on an Indonesian site; for
   them the check is the other way round: the msgid must be in the domain's
   English catalogue, so that English stays complete as second language
   (a msgid missing there was not extracted with ``make i18n`` or has no
   English yet) — every msgid with a letter, Message or plain string.

Limit: text that was translated when it was STORED (a form's field
description, a generated title) is a runtime value when it is shown; it has
to be tested where it is made (tests/i18n/test_recorder.py TestStoredTexts).

A lookup translated into no language (``target_language`` None: the domain
has no catalogue of the negotiated language, or code called ``translate``
without a request) falls back to English in zope.i18n; it is reported too
when it needs a translation.
"""

from dataclasses import dataclass
from ptsp_portal.i18n.overrides import is_ours
from zope.component import getGlobalSiteManager
from zope.component import queryUtility
from zope.i18n import interpolate
from zope.i18n.interfaces import IFallbackTranslationDomainFactory
from zope.i18n.interfaces import ITranslationDomain
from zope.i18n.translationdomain import TranslationDomain
from zope.i18nmessageid import Message
from zope.interface import implementer
from zope.interface import provider

import os
import ptsp_portal
import re

OUR_LOCALES = os.path.join(os.path.dirname(ptsp_portal.__file__), "locales")
OVERRIDE = "src/ptsp_portal/locales/id/LC_MESSAGES"
SOURCE_INDONESIAN = frozenset({"ptsp_portal"})
SECOND_LANGUAGE = "en"
PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
_MISSING = object()
TEST_LANGUAGE = "test"


def has_letters(msgid):
    """False for a msgid without text: no letter once ``${name}`` is removed."""
    return any(char.isalpha() for char in PLACEHOLDER.sub("", str(msgid)))


def _lookup(catalog, msgid, msgid_plural=None):
    """The catalogue's (non-empty) translation of ``msgid``, or None."""
    if msgid_plural is not None:
        found = catalog.queryPluralMessage(msgid, msgid_plural, 1, _MISSING, _MISSING)
    else:
        found = catalog.queryMessage(msgid, _MISSING)
    return None if found is _MISSING or found == "" else found


def _in_catalog(catalog, msgid, msgid_plural=None):
    return _lookup(catalog, msgid, msgid_plural) is not None


def first_translation(domain, language, msgid, msgid_plural=None):
    """``(text, catalogue identifier)`` as zope.i18n finds it for
    ``language`` (the catalogues in turn, an entry without text skipped),
    or ``(None, None)``."""
    if domain is None:
        return None, None
    for name in domain._catalogs.get(language) or ():
        text = _lookup(domain._data[name], msgid, msgid_plural)
        if text is not None:
            return text, name
    return None, None


def catalogued_in(domain, language, msgid, msgid_plural=None):
    return first_translation(domain, language, msgid, msgid_plural)[0] is not None


def catalogued_anywhere(domain, msgid, msgid_plural=None):
    if domain is None:
        return False
    return any(_in_catalog(catalog, msgid, msgid_plural) for catalog in _real_catalogs(domain))


def _real_catalogs(domain):
    """The domain's catalogues but zope.i18n's ``test`` one (registered for
    every domain, it "translates" any msgid into ``[[domain][msgid]]``)."""
    return [catalog for catalog in domain._data.values() if catalog.language != TEST_LANGUAGE]


@dataclass(frozen=True)
class Lookup:
    domain: str
    msgid: str
    default: str | None
    language: str | None
    is_message: bool  # a Message of a message factory, not a plain string
    translated: bool  # a catalogue of ``language`` has it
    known: bool  # some catalogue of the domain, any language, has it
    second_language: bool  # the domain's English catalogue has it
    catalogued_domain: bool  # the domain has a catalogue in some language
    copied_english: bool  # the translation found is the English text
    page: str

    @property
    def needs_translation(self):
        if not has_letters(self.msgid):
            return False
        if self.domain in SOURCE_INDONESIAN:
            return not self.second_language
        if self.known or (self.is_message and not self.catalogued_domain):
            return not self.translated
        return False

    def describe(self):
        language = (
            self.language or "none: the domain has no catalogue of the page's language, English is used"
        )
        default = "" if self.default in (None, self.msgid) else f"  default={self.default!r}"
        if self.domain in SOURCE_INDONESIAN:
            what = (
                f"no {SECOND_LANGUAGE} translation in locales/{SECOND_LANGUAGE}/LC_MESSAGES/{self.domain}.po"
            )
        elif self.copied_english:
            what = f"Plone's Indonesian repeats the English: add to {OVERRIDE}/{self.domain}.po"
        else:
            what = f"no Indonesian: add to {OVERRIDE}/{self.domain}.po"
        return f"[{self.domain}] msgid={self.msgid!r}{default}  lang={language}  ({what})  on {self.page}"


@implementer(ITranslationDomain)
class _CataloguelessDomain:
    """What zope.i18n.translate uses for a domain nobody registered."""

    def __init__(self, recorder, domain):
        self.recorder = recorder
        self.domain = domain

    def translate(
        self,
        msgid,
        mapping=None,
        context=None,
        target_language=None,
        default=None,
        msgid_plural=None,
        default_plural=None,
        number=None,
    ):
        self.recorder.record(None, self.domain, msgid, default, target_language, msgid_plural)
        return interpolate(default if default is not None else str(msgid), mapping)


class TranslationRecorder:
    """``with TranslationRecorder() as recorder: ...``; then
    ``recorder.missing()`` lists the lookups without a translation."""

    def __init__(self, language="id", ours=OUR_LOCALES):
        self.language = language
        self.ours = ours
        self.page = "(no page)"
        self.lookups = []
        self._original = None
        self._fallback = None

    # recording

    def is_ours(self, catalog):
        return catalog is not None and is_ours(catalog, self.ours)

    def record(self, domain, domain_name, msgid, default, language, msgid_plural=None):
        is_message = isinstance(msgid, Message)
        if is_message and default is None:
            default = msgid.default
        text, catalog = first_translation(domain, language, msgid, msgid_plural)
        english = first_translation(domain, SECOND_LANGUAGE, msgid, msgid_plural)[0]
        if english is None:
            english = str(msgid) if default is None else str(default)
        # Plone's id catalogue repeats the English for some msgids ("Log
        # in", "Password"): that is no translation, unless our own
        # catalogue says so (a word that is the same in both languages)
        copied = text is not None and text.strip() == english.strip() and not self.is_ours(catalog)
        self.lookups.append(
            Lookup(
                domain=domain_name,
                msgid=str(msgid),
                default=None if default is None else str(default),
                language=language,
                is_message=is_message,
                translated=text is not None and not copied,
                copied_english=copied,
                known=catalogued_anywhere(domain, msgid, msgid_plural),
                second_language=catalogued_in(domain, SECOND_LANGUAGE, msgid, msgid_plural),
                catalogued_domain=domain is not None and bool(_real_catalogs(domain)),
                page=self.page,
            )
        )

    def __enter__(self):
        recorder = self
        original = self._original = TranslationDomain._recursive_translate

        def _recursive_translate(
            domain, msgid, mapping, target_language, default, context, msgid_plural, *args, **kw
        ):
            # a Message of another domain is passed on to that domain (and
            # recorded there); the empty msgid never gets here (translate
            # returns '' at once)
            if not (isinstance(msgid, Message) and msgid.domain != domain.domain):
                plural = msgid.msgid_plural if isinstance(msgid, Message) else msgid_plural
                recorder.record(domain, domain.domain, msgid, default, target_language, plural)
            return original(
                domain, msgid, mapping, target_language, default, context, msgid_plural, *args, **kw
            )

        TranslationDomain._recursive_translate = _recursive_translate

        gsm = getGlobalSiteManager()
        existing = queryUtility(IFallbackTranslationDomainFactory)

        @provider(IFallbackTranslationDomainFactory)
        def fallback(domain=""):
            if existing is not None:
                return existing(domain)
            return _CataloguelessDomain(recorder, domain)

        self._fallback = fallback
        self._existing_fallback = existing
        gsm.registerUtility(fallback, IFallbackTranslationDomainFactory)
        return self

    def __exit__(self, *exc_info):
        TranslationDomain._recursive_translate = self._original
        gsm = getGlobalSiteManager()
        gsm.unregisterUtility(self._fallback, IFallbackTranslationDomainFactory)
        if self._existing_fallback is not None:
            gsm.registerUtility(self._existing_fallback, IFallbackTranslationDomainFactory)
        return False

    # results

    def missing(self):
        """Lookups that need a translation they do not have, once each
        (domain, msgid), with every page they were met on."""
        seen = {}
        for lookup in self.lookups:
            if lookup.needs_translation:
                seen.setdefault((lookup.domain, lookup.msgid), []).append(lookup)
        return seen

    def other_languages(self):
        """Lookups translated into another language than the page's."""
        return [
            lookup
            for lookup in self.lookups
            if lookup.language not in (self.language, None) and has_letters(lookup.msgid)
        ]

    def report(self):
        missing = self.missing()
        lines = []
        for _key, lookups in sorted(missing.items()):
            first = lookups[0]
            pages = sorted({lookup.page for lookup in lookups})
            line = first.describe()
            if len(pages) > 1:
                line += f" (+{len(pages) - 1} more: {', '.join(pages[1:4])}{'…' if len(pages) > 4 else ''})"
            lines.append(line)
        return "\n".join(lines)
