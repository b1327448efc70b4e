"""scripts/i18n_escape_newlines.py repairs what i18ndude writes for a
msgid with a line break, and leaves everything else as it was."""

from scripts.i18n_escape_newlines import escape_newlines

import unittest

BROKEN = """#: ./notifications/mail.py:100
msgid "Hormat kami,
${office}"
msgstr ""

msgid "Satu
dua
tiga"
msgstr ""
"""


class TestEscapeNewlines(unittest.TestCase):
    def test_line_breaks_become_escapes(self):
        fixed = escape_newlines(BROKEN)
        self.assertIn('msgid "Hormat kami,\\n${office}"\nmsgstr ""', fixed)
        self.assertIn('msgid "Satu\\ndua\\ntiga"', fixed)

    def test_good_catalogue_unchanged(self):
        good = 'msgid "Kata \\"kutip\\""\nmsgstr ""\n\nmsgid ""\n"sambungan"\nmsgstr "a\\\\"\n'
        self.assertEqual(escape_newlines(good), good)
        self.assertEqual(escape_newlines(escape_newlines(BROKEN)), escape_newlines(BROKEN))
