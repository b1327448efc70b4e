"""OSS RBA status codes (issue 18 §3): every state's code and label where
integrations read states — ``@track``, ``@my-applications``, ``GET
<application>``, ``@queue`` and the queue's CSV — from the office's mapping
(registry ``ptsp_portal.oss_status_codes``)."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from ptsp_portal.oss.codes import DEFAULT_MAPPING
from ptsp_portal.oss.codes import LABELS
from ptsp_portal.oss.status import RECORD
from tests.queue.test_http import HttpCase
from zope.schema.interfaces import ValidationError

import csv
import io
import transaction

EXPECTED = {
    "old": ("09", "Telah Melengkapi Persyaratan"),
    "reklame": ("20", "Validasi"),
    "approval": ("45", "Persyaratan terverifikasi"),
    "issued": ("50", "Disetujui"),
}


class TestOssStatus(HttpCase):
    def track(self, app):
        response = self.session().get(f"@track?number={app.tracking_number}")
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def set_mapping(self, mapping):
        api.portal.set_registry_record(RECORD, mapping)
        transaction.commit()

    def test_track_answers_each_states_code(self):
        for name, (code, label) in EXPECTED.items():
            data = self.track(self.apps[name])
            self.assertEqual((data["oss_status_code"], data["oss_status_label"]), (code, label), name)

    def test_withdrawn_has_no_code(self):
        login(self.portal, "budi")
        api.portal.get_tool("portal_workflow").doActionFor(self.apps["old"], "withdraw", comment="")
        logout()
        transaction.commit()
        data = self.track(self.apps["old"])
        self.assertEqual(data["review_state"], "withdrawn")
        self.assertIsNone(data["oss_status_code"])
        self.assertIsNone(data["oss_status_label"])

    def test_my_applications_and_the_application_itself(self):
        citizen = self.session("budi")
        items = citizen.get("@my-applications").json()["items"]
        by_number = {item["tracking_number"]: item for item in items}
        for name in ("old", "reklame", "issued"):
            item = by_number[self.apps[name].tracking_number]
            self.assertEqual((item["oss_status_code"], item["oss_status_label"]), EXPECTED[name])
        url = self.apps["issued"].absolute_url().replace(self.portal_url, "")
        data = citizen.get(url.lstrip("/")).json()
        self.assertEqual(data["review_state"], "issued")
        self.assertEqual((data["oss_status_code"], data["oss_status_label"]), EXPECTED["issued"])

    def test_queue_json_and_csv(self):
        items = self.queue("teknis").json()["items"]
        reklame = next(i for i in items if i["tracking_number"] == self.apps["reklame"].tracking_number)
        self.assertEqual((reklame["oss_status_code"], reklame["oss_status_label"]), EXPECTED["reklame"])
        response = self.session("teknis", api=False).get("permohonan/@@antrian-csv")
        self.assertEqual(response.status_code, 200, response.text)
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][-2:], ["Kode status OSS", "Status OSS"])
        line = next(r for r in rows[1:] if r[0] == self.apps["reklame"].tracking_number)
        self.assertEqual(tuple(line[-2:]), EXPECTED["reklame"])

    def test_office_adjusts_the_mapping(self):
        self.set_mapping({**DEFAULT_MAPPING, "technical_review": "40"})
        data = self.track(self.apps["reklame"])
        self.assertEqual((data["oss_status_code"], data["oss_status_label"]), ("40", "Inspeksi"))
        # a state left out of the mapping has no code
        mapping = dict(DEFAULT_MAPPING)
        del mapping["issued"]
        self.set_mapping(mapping)
        data = self.track(self.apps["issued"])
        self.assertIsNone(data["oss_status_code"])
        self.assertIsNone(data["oss_status_label"])

    def test_unknown_code_refused(self):
        with self.assertRaises(ValidationError):
            api.portal.set_registry_record(RECORD, {"submitted": "99"})
        transaction.abort()
        self.assertEqual(api.portal.get_registry_record(RECORD), DEFAULT_MAPPING)
        # through the control panel's REST form: 400, the mapping unchanged
        response = self.session(SITE_OWNER_NAME).patch(
            "@controlpanels/ptsp-settings", json={"oss_status_codes": {"submitted": "99"}}
        )
        self.assertEqual(response.status_code, 400, response.text)
        transaction.begin()
        self.assertEqual(api.portal.get_registry_record(RECORD), DEFAULT_MAPPING)

    def test_default_mapping_uses_published_codes(self):
        self.assertTrue(set(DEFAULT_MAPPING.values()) <= set(LABELS))
        for code in LABELS:
            self.assertRegex(code, r"^\d\d$")

    def test_control_panel_shows_the_mapping(self):
        response = self.session(SITE_OWNER_NAME, api=False).get("@@ptsp-settings")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Kode status OSS per status permohonan", response.text)
        self.assertIn("technical_review", response.text)
