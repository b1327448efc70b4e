"""One account per NIK over HTTP: ``POST @users`` and ``PATCH @users/<id>``
refuse a NIK held by another account; only Managers release a NIK
(``POST @nik-release``, ``@@ptsp-release-nik``)."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from Products.CMFPlone.tests.utils import MockMailHost
from ptsp_portal.accounts import nik_index
from tests.accounts.test_one_nik import OTHER_NIK
from tests.accounts.test_one_nik import TAKEN
from tests.my_applications.base import CITIZEN_SERVER_TESTING
from tests.my_applications.base import session
from tests.workflow.base import add_user
from tests.workflow.base import NIK
from tests.workflow.base import setup_office

import transaction
import unittest

REFUSED = (401, 403)


class NIKHttpCase(unittest.TestCase):
    layer = CITIZEN_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.portal.MailHost = MockMailHost("MailHost")
        api.portal.set_registry_record("plone.smtp_host", "localhost")
        setup_office(self.portal)
        add_user("pengelola", "Pengelola Situs")
        api.user.grant_roles(username="pengelola", roles=["Manager"])
        add_user("admin-situs", "Admin Situs")
        api.user.grant_roles(username="admin-situs", roles=["Site Administrator"])
        api.user.get(userid="budi").setMemberProperties({"nik": NIK})
        transaction.commit()

    def api(self, user_id=None):
        return session(self, self.portal, user_id)

    def fresh(self):
        """What is committed, seen from the test's connection."""
        transaction.begin()
        self.portal._p_jar.sync()


class TestUsersService(NIKHttpCase):
    def register(self, nik):
        return self.api().post(
            "@users", json={"email": "dewi@example.org", "fullname": "Dewi Lestari", "nik": nik}
        )

    def test_registration_with_taken_nik_refused(self):
        response = self.register("3201-0101-0190-0001")
        self.assertEqual(response.status_code, 400, response.text)
        error = response.json()["error"]
        self.assertIn(TAKEN, error["message"])
        self.assertEqual(error["errors"][0]["field"], "nik")
        self.fresh()
        self.assertIsNone(api.user.get(username="dewi@example.org"))
        self.assertEqual(nik_index.holder(NIK), "budi")

    def test_registration_with_bad_nik_refused(self):
        response = self.register("1234")
        self.assertEqual(response.status_code, 400)
        self.assertIn("NIK tidak valid", response.json()["error"]["message"])
        self.fresh()
        self.assertIsNone(api.user.get(username="dewi@example.org"))

    def test_registration_claims_a_free_nik(self):
        response = self.register(OTHER_NIK)
        self.assertEqual(response.status_code, 201, response.text)
        self.fresh()
        user_id = api.user.get(username="dewi@example.org").getId()
        self.assertEqual(nik_index.holder(OTHER_NIK), user_id)

    def test_profile_change_to_taken_nik_refused(self):
        response = self.api("siti").patch("@users/siti", json={"location": "Bandung", "nik": NIK})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn(TAKEN, response.json()["error"]["message"])
        self.fresh()
        siti = api.user.get(userid="siti")
        self.assertEqual(siti.getProperty("nik"), "")
        self.assertEqual(siti.getProperty("location"), "")  # nothing written
        self.assertEqual(nik_index.holder(NIK), "budi")

    def test_own_nik_change(self):
        budi = self.api("budi")
        self.assertEqual(budi.patch("@users/budi", json={"nik": NIK}).status_code, 204)  # own: fine
        self.assertEqual(budi.patch("@users/budi", json={"nik": OTHER_NIK}).status_code, 204)
        self.fresh()
        self.assertEqual(nik_index.holder(OTHER_NIK), "budi")
        self.assertIsNone(nik_index.holder(NIK))

    def test_manager_changing_another_account(self):
        manager = self.api("pengelola")
        response = manager.patch("@users/siti", json={"nik": NIK})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(manager.patch("@users/siti", json={"nik": OTHER_NIK}).status_code, 204)
        self.fresh()
        self.assertEqual(nik_index.holder(OTHER_NIK), "siti")

    def test_someone_elses_profile_still_refused_as_before(self):
        response = self.api("siti").patch("@users/budi", json={"nik": OTHER_NIK})
        self.assertEqual(response.status_code, 403)
        self.fresh()
        self.assertEqual(nik_index.holder(NIK), "budi")


class TestRelease(NIKHttpCase):
    def test_manager_releases_then_registration_succeeds(self):
        response = self.api("pengelola").post("@nik-release", json={"nik": "3201 0101 0190 0001"})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json(), {"nik": NIK, "released_from": "budi"})
        registered = self.api().post(
            "@users", json={"email": "dewi@example.org", "fullname": "Dewi Lestari", "nik": NIK}
        )
        self.assertEqual(registered.status_code, 201, registered.text)
        self.fresh()
        self.assertEqual(api.user.get(userid="budi").getProperty("nik"), "")
        self.assertEqual(nik_index.holder(NIK), api.user.get(username="dewi@example.org").getId())

    def test_release_of_an_unregistered_nik(self):
        manager = self.api("pengelola")
        response = manager.post("@nik-release", json={"nik": OTHER_NIK})
        self.assertEqual(response.status_code, 404)
        self.assertIn("tidak terdaftar", response.json()["error"]["message"])
        self.assertEqual(manager.post("@nik-release", json={}).status_code, 400)
        self.assertEqual(manager.post("@nik-release", json={"nik": 3201}).status_code, 400)

    def test_zope_root_manager_releases(self):
        response = self.api(SITE_OWNER_NAME).post("@nik-release", json={"nik": NIK})
        self.assertEqual(response.status_code, 200, response.text)

    def test_refused_to_everyone_but_managers(self):
        # anonymous, citizen, officer, editor, Site Administrator
        for user_id in (None, "siti", "budi", "verifikator", "editor", "admin-situs"):
            response = self.api(user_id).post("@nik-release", json={"nik": NIK})
            self.assertIn(response.status_code, REFUSED, (user_id, response.text))
            pages = session(self, self.portal, user_id, api=False)
            for method in ("get", "post"):
                response = getattr(pages, method)(
                    "@@ptsp-release-nik",
                    data={"form.widgets.nik": NIK, "form.buttons.release": "Lepaskan NIK"},
                    allow_redirects=False,
                )
                self.assertIn(response.status_code, (302, *REFUSED), (user_id, method))
                self.assertNotIn('name="form.widgets.nik"', response.text)
        self.fresh()
        self.assertEqual(nik_index.holder(NIK), "budi")
        self.assertEqual(api.user.get(userid="budi").getProperty("nik"), NIK)

    def test_page_for_managers(self):
        pages = session(self, self.portal, "pengelola", api=False)
        response = pages.get("@@ptsp-release-nik")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="form.widgets.nik"', response.text)
        self.assertIn('name="_authenticator"', response.text)
        # a POST without the form's token writes nothing
        response = pages.post(
            "@@ptsp-release-nik", data={"form.widgets.nik": NIK, "form.buttons.release": "Lepaskan NIK"}
        )
        self.assertNotEqual(response.status_code, 200)
        self.fresh()
        self.assertEqual(nik_index.holder(NIK), "budi")
