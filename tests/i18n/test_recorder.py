"""The recorder of tests/i18n/recorder.py can fail, and its exclusions are
the documented ones; our catalogues of other domains fill Plone's gaps and
win over its English copies; English stays complete for our own domain."""

from ptsp_portal.forms.uploads import describe_rules
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.i18n.recorder import has_letters
from tests.i18n.recorder import TranslationRecorder
from zope.component import getGlobalSiteManager
from zope.component import queryUtility
from zope.globalrequest import getRequest
from zope.globalrequest import setRequest
from zope.i18n import translate
from zope.i18n.interfaces import ITranslationDomain
from zope.i18n.translationdomain import TranslationDomain
from zope.i18nmessageid import MessageFactory

import os
import ptsp_portal
import unittest

plone_ = MessageFactory("plone")
ours_ = MessageFactory("ptsp_portal")
LOCALES = os.path.join(os.path.dirname(ptsp_portal.__file__), "locales")


class MessageCatalog:
    """A message catalogue in memory (as zope.i18n's GettextMessageCatalog
    answers)."""

    def __init__(self, language, domain):
        self.language = language
        self.domain = domain
        self.messages = {}

    def setMessage(self, msgid, text):
        self.messages[msgid] = text

    def getIdentifier(self):
        return f"memory:{self.domain}:{self.language}"

    def queryMessage(self, msgid, default=None):
        return self.messages.get(msgid, default)

    def queryPluralMessage(self, singular, plural, n, dft1=None, dft2=None):
        return self.messages.get(singular, dft1)


def read_po(path):
    """``{msgid: msgstr}`` of a .po file (single-line and continued strings)."""
    entries, msgid, msgstr, current = {}, None, None, None
    with open(path, encoding="utf-8") as po:
        for line in [*po.read().splitlines(), ""]:
            line = line.strip()
            if line.startswith("msgid "):
                if msgid is not None:
                    entries[msgid] = msgstr
                msgid, msgstr, current = _unquote(line[6:]), None, "msgid"
            elif line.startswith("msgstr "):
                msgstr, current = _unquote(line[7:]), "msgstr"
            elif line.startswith('"') and current == "msgid":
                msgid += _unquote(line)
            elif line.startswith('"') and current == "msgstr":
                msgstr += _unquote(line)
        if msgid is not None:
            entries[msgid] = msgstr
    entries.pop("", None)
    return entries


def _unquote(text):
    return text.strip()[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


class TestRecorder(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def a_domain(self):
        """A domain with German and an (incomplete) Indonesian catalogue."""
        domain = TranslationDomain("ptsp.test")
        german = MessageCatalog("de", "ptsp.test")
        german.setMessage("msgid_without_indonesian", "Niemand hat mich übersetzt")
        german.setMessage("msgid_with_indonesian", "Übersetzt")
        indonesian = MessageCatalog("id", "ptsp.test")
        indonesian.setMessage("msgid_with_indonesian", "Diterjemahkan")
        domain.addCatalog(german)
        domain.addCatalog(indonesian)
        gsm = getGlobalSiteManager()
        gsm.registerUtility(domain, ITranslationDomain, "ptsp.test")
        self.addCleanup(gsm.unregisterUtility, domain, ITranslationDomain, "ptsp.test")
        return MessageFactory("ptsp.test")

    def test_unknown_msgid_is_reported(self):
        test_ = self.a_domain()
        with TranslationRecorder() as recorder:
            recorder.page = "a test page"
            text = translate(
                test_("msgid_without_indonesian", default="Nobody translated me"), target_language="id"
            )
            self.assertEqual(translate(test_("msgid_with_indonesian"), target_language="id"), "Diterjemahkan")
        self.assertEqual(text, "Nobody translated me")
        self.assertEqual(len(recorder.lookups), 2)
        report = recorder.report()
        self.assertEqual(len(report.splitlines()), 1, report)
        self.assertIn("[ptsp.test] msgid='msgid_without_indonesian'", report)
        self.assertIn("default='Nobody translated me'", report)
        self.assertIn("on a test page", report)
        self.assertIn("locales/id/LC_MESSAGES/ptsp.test.po", report)

    def test_value_no_catalogue_knows_is_not_checked(self):
        # a runtime value (EasyForm's field title from the permit type's
        # rows, a content title): in no catalogue of the domain, any language
        test_ = self.a_domain()
        with TranslationRecorder() as recorder:
            translate(test_("Surat keterangan sehat"), target_language="id")
            translate("Izin Reklame", domain="ptsp.test", target_language="id")
        self.assertEqual(len(recorder.lookups), 2)
        self.assertEqual(recorder.report(), "")

    def test_domain_without_catalogue_is_reported(self):
        with TranslationRecorder() as recorder:
            recorder.page = "p"
            text = translate(MessageFactory("no.such.domain")("Hello"), target_language="id")
        self.assertEqual(text, "Hello")
        self.assertIn("[no.such.domain] msgid='Hello'", recorder.report())

    def test_english_copied_as_indonesian_is_reported(self):
        # plone.app.locales' id catalogue says "Password" for label_password:
        # compare with Plone's own catalogue, not ours which comes first
        domain = queryUtility(ITranslationDomain, "plone")
        plone_id = [name for name in domain._catalogs["id"] if not name.startswith(LOCALES)]
        self.assertEqual(domain._data[plone_id[0]].queryMessage("label_password"), "Password")
        with TranslationRecorder(ours="/nowhere") as recorder:
            recorder.page = "p"
            original = domain._catalogs["id"][:]
            domain._catalogs["id"][:] = plone_id  # Plone's catalogue alone
            try:
                translate(plone_("label_password", default="Password"), target_language="id")
            finally:
                domain._catalogs["id"][:] = original
        self.assertIn("repeats the English", recorder.report())

    def test_our_english_gap_is_reported(self):
        with TranslationRecorder() as recorder:
            recorder.page = "p"
            translate(ours_("Teks yang belum diterjemahkan ke bahasa Inggris"), target_language="id")
        self.assertIn("no en translation in locales/en/LC_MESSAGES/ptsp_portal.po", recorder.report())

    def test_translated_messages_pass(self):
        with TranslationRecorder() as recorder:
            self.assertEqual(
                translate(plone_("label_log_in", default="Log in"), target_language="id"), "Masuk"
            )
            translate(ours_("Permohonan Saya"), target_language="id")
        self.assertTrue(recorder.lookups)
        self.assertEqual(recorder.report(), "")

    def test_exclusions(self):
        self.assertFalse(has_letters(""))
        self.assertFalse(has_letters("${count}"))
        self.assertFalse(has_letters("12 / 30 —"))
        self.assertTrue(has_letters("${count} berkas"))
        with TranslationRecorder() as recorder:
            # a runtime value (a content title) through translate: no catalogue
            # of the domain knows it in any language, and it is no Message
            translate("Izin Reklame Kabupaten Contoh", domain="plone", target_language="id")
            translate("${Y}-${m}-${d}", domain="plonelocales", target_language="id")
        self.assertEqual(len(recorder.lookups), 2)
        self.assertEqual(recorder.report(), "")

    def test_recorder_restores_zope_i18n(self):
        from zope.i18n.translationdomain import TranslationDomain

        before = TranslationDomain._recursive_translate
        with TranslationRecorder():
            self.assertIsNot(TranslationDomain._recursive_translate, before)
        self.assertIs(TranslationDomain._recursive_translate, before)


class TestOurCatalogues(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_gaps_of_other_domains_filled(self):
        for domain, msgid, default, expected in (
            ("plone", "trouble_logging_in", "Trouble logging in?", "Kesulitan masuk?"),
            ("plone", "file_keep", "Keep existing file", "Pertahankan berkas yang ada"),
            ("plone", "by", "by", "oleh"),
            ("z3c.form", "There were some errors.", None, "Ada kesalahan pada isian formulir."),
            ("collective.easyform", "A web-form builder", None, "Pembuat formulir web"),
        ):
            with self.subTest(domain=domain, msgid=msgid):
                self.assertEqual(translate(msgid, domain, default=default, target_language="id"), expected)

    def test_ours_win_over_plones_english_copies(self):
        self.assertEqual(translate("label_password", "plone", target_language="id"), "Kata sandi")
        self.assertEqual(translate("label_log_in", "plone", target_language="id"), "Masuk")
        # and Plone's Indonesian is still used for everything else
        self.assertEqual(translate("Log in", "plone", target_language="id"), "Masuk")
        self.assertEqual(translate("label_search", "plone", default="Search", target_language="id"), "Cari")

    def test_empty_msgstr_does_not_shadow_ours(self):
        # plone.app.locales has "trouble_logging_in" with an empty msgstr in
        # its id catalogue: the compiled catalogue leaves it out, ours is used
        path = os.path.join(
            os.path.dirname(__import__("plone.app.locales").app.locales.__file__),
            "locales",
            "id",
            "LC_MESSAGES",
            "plone.po",
        )
        self.assertEqual(read_po(path).get("trouble_logging_in"), "")
        domain = queryUtility(ITranslationDomain, "plone")
        for name in domain._catalogs["id"]:
            if not name.startswith(LOCALES):
                self.assertIsNone(domain._data[name].queryMessage("trouble_logging_in"))
        self.assertEqual(translate("trouble_logging_in", "plone", target_language="id"), "Kesulitan masuk?")

    def test_our_catalogues_first(self):
        for name in ("plone", "z3c.form"):
            domain = queryUtility(ITranslationDomain, name)
            self.assertTrue(domain._catalogs["id"][0].startswith(LOCALES), name)

    def test_english_catalogue_complete(self):
        pot = read_po(os.path.join(LOCALES, "ptsp_portal.pot"))
        english = read_po(os.path.join(LOCALES, "en", "LC_MESSAGES", "ptsp_portal.po"))
        self.assertGreater(len(pot), 500)
        self.assertFalse(sorted(set(pot) - set(english)), "msgids of the .pot missing in locales/en")
        self.assertFalse(sorted(m for m, text in english.items() if not text), "msgids without English")

    def test_english_translation_used(self):
        self.assertEqual(translate(ours_("Permohonan Saya"), target_language="en"), "My applications")


class TestStoredTexts(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_upload_hint_in_site_language_without_a_request(self):
        # a form synced with no request (make start's site creation, a
        # script): the type names followed zope.i18n's fallback, English
        old = getRequest()
        setRequest(None)
        try:
            text = translate(describe_rules({"file_types": ["pdf", "jpg", "png"]}), target_language="id")
        finally:
            setRequest(old)
        self.assertEqual(text, "Jenis berkas: PDF, gambar JPEG atau gambar PNG; ukuran maksimum 5 MB.")
