"""Pengaturan PTSP's own widgets (issue 16 §1): every input has a name a
screen reader reads, and the lists and the OSS mapping still save."""

from ptsp_portal.testing import DISTRIBUTION_TESTING
from tests.look.test_look import TestLookPages

import re
import unittest


class TestSettingsWidgets(unittest.TestCase):
    layer = DISTRIBUTION_TESTING
    # the look tests' set-up and helpers (users, browser, records, the form)
    setUp = TestLookPages.setUp
    browser = TestLookPages.browser
    record = TestLookPages.record
    settings_form = TestLookPages.settings_form

    def test_inputs_are_named(self):
        browser = self.browser("pengelola")
        browser.open(f"{self.url}/@@ptsp-settings")
        html = browser.contents
        # the letterhead logo's file input: named by the field's label
        upload = re.search(r'<input[^>]*id="form-widgets-office_logo-input"[^>]*>', html).group(0)
        self.assertIn('aria-label="Logo kop surat', upload)
        # every row of the OSS mapping: a named "remove" checkbox
        checkboxes = re.findall(r'<input class="multi-widget-checkbox[^>]*>', html)
        self.assertEqual(len(checkboxes), 7)  # the seven mapped states
        for checkbox in checkboxes:
            row = re.search(r'id="(form-widgets-oss_status_codes-\d+)-remove"', checkbox).group(1)
            key = row.replace("codes-", "codes-key-")
            self.assertIn(f'aria-labelledby="{row}-remove-label {key}"', checkbox)
            self.assertIn(f'id="{row}-remove-label"', html)
        self.assertIn("Hapus baris", html)
        # the reminder days: one number per line, no multi widget
        self.assertRegex(html, r'<textarea[^>]*id="form-widgets-renewal_reminder_days"')
        self.assertNotIn("form-widgets-renewal_reminder_days-0-remove", html)

    def test_reminder_days_saved_from_lines(self):
        self.settings_form(renewal_reminder_days="60\n14")
        self.assertEqual(self.record("renewal_reminder_days"), [60, 14])
        browser = self.settings_form(renewal_reminder_days="enam puluh")
        # the form shows the field in error and keeps what was saved
        self.assertRegex(browser.contents, r'fieldname-form\.widgets\.renewal_reminder_days[^"]*error')
        self.assertEqual(self.record("renewal_reminder_days"), [60, 14])

    def test_oss_mapping_saved_from_the_form(self):
        browser = self.browser("pengelola")
        browser.open(f"{self.url}/@@ptsp-settings")
        keys = {browser.getControl(name=f"form.widgets.oss_status_codes.key.{i}").value: i for i in range(7)}
        row = keys["technical_review"]
        browser.getControl(name=f"form.widgets.oss_status_codes.{row}:list").value = ["40"]
        browser.getControl(name="form.buttons.save").click()
        self.assertEqual(self.record("oss_status_codes")["technical_review"], "40")
        self.assertEqual(self.record("oss_status_codes")["issued"], "50")
