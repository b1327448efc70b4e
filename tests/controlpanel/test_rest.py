"""The PTSP control panel over REST: ``@controlpanels/ptsp-settings`` (over HTTP)."""

from plone import api
from plone.formwidget.namedfile.converter import b64encode_file
from plone.restapi.testing import RelativeSession
from ptsp_portal.testing import DISTRIBUTION_SERVER_TESTING
from ptsp_portal.testing import SITE_ID
from zope.component.hooks import setSite

import transaction
import unittest

PASSWORD = "rahasia-12345"
USERS = {
    "pengelola": ("Manager",),
    "admin-situs": ("Site Administrator",),
    "editor": (),
    "warga": (),
}
PANEL = "@controlpanels/ptsp-settings"
PATTERN_MESSAGE = (
    "Pola harus memuat {seq} (nomor urut, misalnya {seq:04d}) dan hanya "
    "boleh memakai {code} (kode layanan) dan {year} (tahun)."
)


class TestPtspControlpanelRest(unittest.TestCase):
    layer = DISTRIBUTION_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["app"][SITE_ID]
        setSite(self.portal)
        for user_id, roles in USERS.items():
            if api.user.get(username=user_id) is None:
                api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
            if roles:
                api.user.grant_roles(username=user_id, roles=roles)
        api.group.add_user(groupname="ptsp-editors", username="editor")
        transaction.commit()
        self.base = f"{self.layer['app'].absolute_url()}/{SITE_ID}/++api++"

    def session(self, user_id=None):
        session = RelativeSession(self.base, test=self)
        session.headers.update({"Accept": "application/json"})
        if user_id:
            session.auth = (user_id, PASSWORD)
        return session

    def record(self, name):
        transaction.begin()  # see what the server committed
        return api.portal.get_registry_record(f"ptsp_portal.{name}")

    def test_listed(self):
        response = self.session("pengelola").get("@controlpanels")
        self.assertEqual(response.status_code, 200, response.text)
        panels = {item["@id"].rsplit("/", 1)[-1]: item for item in response.json()}
        self.assertIn("ptsp-settings", panels)
        self.assertEqual(panels["ptsp-settings"]["title"], "Pengaturan PTSP")
        self.assertIn("Awalan nomor registrasi", panels["ptsp-settings"]["searchable_text"])

    def test_get_schema_and_values(self):
        logo = b64encode_file("logo.png", b"\x89PNG\r\n\x1a\n-logo-")
        api.portal.set_registry_record("ptsp_portal.office_logo", logo)
        transaction.commit()
        response = self.session("pengelola").get(PANEL)
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["title"], "Pengaturan PTSP")
        properties = data["schema"]["properties"]
        self.assertEqual(properties["tracking_prefix"]["title"], "Awalan nomor registrasi")
        self.assertEqual(properties["office_logo"]["type"], "string")
        values = data["data"]
        self.assertEqual(values["tracking_prefix"], "PTSP")
        self.assertEqual(values["permit_number_pattern"], "503/{seq:04d}/{code}/DPMPTSP/{year}")
        self.assertEqual(values["upload_default_mb"], 5)
        self.assertEqual(values["office_logo"], logo.decode("ascii"))
        self.assertEqual(data["signing_status"]["state"], "unsigned")
        self.assertIn("tanpa tanda tangan elektronik", data["signing_status"]["message"])

    def test_patch_prefix(self):
        api_ = self.session("pengelola")
        response = api_.patch(PANEL, json={"tracking_prefix": "DPM"})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(self.record("tracking_prefix"), "DPM")
        self.assertEqual(api_.get(PANEL).json()["data"]["tracking_prefix"], "DPM")

    def test_invalid_pattern_is_refused_with_the_form_message(self):
        api_ = self.session("pengelola")
        response = api_.patch(
            PANEL, json={"permit_number_pattern": "503/{code}/{year}", "tracking_prefix": "DPM"}
        )
        self.assertEqual(response.status_code, 400, response.text)
        # plone.restapi's BadRequest: the list of field errors as ``message``
        self.assertIn(PATTERN_MESSAGE, response.json()["message"])
        self.assertIn("permit_number_pattern", response.json()["message"])
        # nothing of the refused request is stored
        self.assertEqual(self.record("permit_number_pattern"), "503/{seq:04d}/{code}/DPMPTSP/{year}")
        self.assertEqual(self.record("tracking_prefix"), "PTSP")

    def test_invalid_prefix_is_refused(self):
        response = self.session("pengelola").patch(PANEL, json={"tracking_prefix": "dpm"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("huruf besar", response.json()["message"])
        response = self.session("pengelola").patch(PANEL, json={"lookups_per_minute": 0})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("lookups_per_minute", response.json()["message"])

    def test_messages_follow_the_language(self):
        api_ = self.session("pengelola")
        api_.headers["Cookie"] = "I18N_LANGUAGE=en"  # the site negotiates by cookie
        response = api_.patch(PANEL, json={"permit_number_pattern": "503/{code}/{year}"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("The pattern must contain {seq}", response.json()["message"])

    def test_refused_to_others(self):
        for user_id in (None, "warga", "editor", "admin-situs"):
            api_ = self.session(user_id)
            response = api_.get(PANEL)
            self.assertIn(response.status_code, (401, 403), (user_id, response.text))
            self.assertNotIn("tracking_prefix", response.text)
            response = api_.patch(PANEL, json={"tracking_prefix": "RETAS"})
            self.assertIn(response.status_code, (401, 403), (user_id, response.text))
        self.assertEqual(self.record("tracking_prefix"), "PTSP")
