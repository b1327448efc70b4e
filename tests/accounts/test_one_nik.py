"""One account per NIK (issue 12, §3): the NIK index, kept by every write
of the member property, checked on registration and Personal Information,
released when an account goes or a Manager frees it."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from ptsp_portal.accounts import nik_index
from ptsp_portal.accounts.nik_claims import release_registered
from ptsp_portal.applications.applicant import account_values
from tests.accounts.test_accounts import AccountCase
from tests.workflow.base import NIK
from zope.annotation.interfaces import IAnnotations

TAKEN = "NIK ini sudah terdaftar pada akun lain."
OTHER_NIK = "3201010101900002"


def give_nik(user_id, nik):
    api.user.get(userid=user_id).setMemberProperties({"nik": nik})


class TestIndex(AccountCase):
    def test_member_property_claims(self):
        give_nik("budi", "3201 0101.0190-0001")  # as typed: normalised
        self.assertEqual(nik_index.holder(NIK), "budi")
        self.assertEqual(nik_index.held_by("budi"), NIK)
        self.assertEqual(account_values("budi")["applicant_nik"], NIK)

    def test_another_account_cannot_take_it_in_code(self):
        give_nik("budi", NIK)
        with self.assertRaises(nik_index.NIKTaken):
            give_nik("siti", NIK)
        with self.assertRaises(nik_index.NIKTaken):
            api.user.create(email="dewi@example.org", username="dewi", properties={"nik": NIK})
        self.assertEqual(nik_index.holder(NIK), "budi")

    def test_change_releases_the_old_nik(self):
        give_nik("budi", NIK)
        give_nik("budi", OTHER_NIK)
        self.assertIsNone(nik_index.holder(NIK))
        self.assertEqual(nik_index.holder(OTHER_NIK), "budi")
        give_nik("siti", NIK)  # free again
        self.assertEqual(nik_index.holder(NIK), "siti")
        api.user.get(userid="budi").setMemberProperties({"nik": ""}, force_empty=True)
        self.assertIsNone(nik_index.holder(OTHER_NIK))
        self.assertIsNone(nik_index.held_by("budi"))

    def test_deleting_the_account_releases_it(self):
        give_nik("budi", NIK)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        api.user.delete(username="budi")
        self.assertIsNone(nik_index.holder(NIK))
        self.assertIsNone(nik_index.held_by("budi"))
        give_nik("siti", NIK)
        self.assertEqual(nik_index.holder(NIK), "siti")

    def test_release_by_manager(self):
        give_nik("budi", NIK)
        self.assertEqual(release_registered(NIK), "budi")
        self.assertIsNone(nik_index.holder(NIK))
        # the account stays, without a NIK: its next applications are unverified
        self.assertEqual(api.user.get(userid="budi").getProperty("nik"), "")
        self.assertNotIn("applicant_nik", account_values("budi"))
        self.assertIsNone(release_registered(NIK))  # nothing more to free

    def test_reading_creates_nothing(self):
        annotations = IAnnotations(self.portal)
        self.assertIn(nik_index.BY_NIK, annotations)  # made at install
        for key in (nik_index.BY_NIK, nik_index.BY_USER):
            del annotations[key]
        self.assertIsNone(nik_index.holder(NIK))
        self.assertIsNone(nik_index.held_by("budi"))
        nik_index.ensure_free(NIK)
        self.assertNotIn(nik_index.BY_NIK, annotations)
        give_nik("budi", NIK)  # a write makes it
        self.assertEqual(nik_index.holder(NIK), "budi")


class TestRegistrationForm(AccountCase):
    def test_taken_nik_refused(self):
        give_nik("budi", NIK)
        page = self.register(nik="3201 0101 0190 0001")
        self.assertIn(TAKEN, page)
        self.assertIsNone(api.user.get(username="dewi@example.org"))
        self.assertEqual(self.portal.MailHost.messages, [])
        self.assertEqual(nik_index.holder(NIK), "budi")

    def test_free_nik_claimed(self):
        self.register()
        user = api.user.get(username="dewi@example.org")
        self.assertEqual(nik_index.holder(NIK), user.getId())

    def test_released_nik_can_be_registered(self):
        give_nik("budi", NIK)
        self.assertIn(TAKEN, self.register())
        release_registered(NIK)
        page = self.register()
        self.assertNotIn(TAKEN, page)
        user = api.user.get(username="dewi@example.org")
        self.assertEqual(nik_index.holder(NIK), user.getId())


class TestPersonalInformationForm(AccountCase):
    def save(self, user_id="siti", userid_param=None, **widgets):
        form = {
            "form.widgets.fullname": api.user.get(userid=user_id).getProperty("fullname"),
            "form.widgets.email": f"{user_id}@example.org",
            "form.widgets.phone": "0812 3456 7890",
            "form.buttons.save": "Simpan",
        }
        if userid_param:
            form["userid"] = userid_param
        form.update({f"form.widgets.{k}": v for k, v in widgets.items()})
        return self.post("personal-information", form)

    def test_taken_nik_refused(self):
        give_nik("budi", NIK)
        login(self.portal, "siti")
        page = self.save(nik=NIK, address="Jl. Kenanga 2")
        self.assertIn(TAKEN, page)
        siti = api.user.get(userid="siti")
        self.assertEqual(siti.getProperty("nik"), "")
        self.assertEqual(siti.getProperty("address"), "")  # nothing written
        self.assertEqual(nik_index.holder(NIK), "budi")

    def test_own_nik_kept_and_changed(self):
        give_nik("siti", NIK)
        login(self.portal, "siti")
        page = self.save(nik=NIK, address="Jl. Kenanga 2")  # unchanged: still hers
        self.assertNotIn(TAKEN, page)
        self.assertEqual(api.user.get(userid="siti").getProperty("address"), "Jl. Kenanga 2")
        self.save(nik=OTHER_NIK)
        self.assertEqual(api.user.get(userid="siti").getProperty("nik"), OTHER_NIK)
        self.assertEqual(nik_index.holder(OTHER_NIK), "siti")
        self.assertIsNone(nik_index.holder(NIK))

    def test_manager_editing_another_account(self):
        give_nik("budi", NIK)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        page = self.save(userid_param="siti", nik=NIK)
        self.assertIn(TAKEN, page)
        self.assertEqual(api.user.get(userid="siti").getProperty("nik"), "")
        self.save(userid_param="siti", nik=OTHER_NIK)
        self.assertEqual(nik_index.holder(OTHER_NIK), "siti")


class TestReleasePage(AccountCase):
    def release(self, nik):
        form = {"form.widgets.nik": nik, "form.buttons.release": "Lepaskan NIK"}
        return self.post("ptsp-release-nik", form)

    def test_manager_releases(self):
        give_nik("budi", NIK)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        self.release("3201 0101 0190 0001")
        self.assertIsNone(nik_index.holder(NIK))
        self.assertEqual(api.user.get(userid="budi").getProperty("nik"), "")
        self.assertEqual(self.request.response.getHeader("location"), self.request.getURL())
        logout()
        self.assertNotIn(TAKEN, self.register())
        self.assertIsNotNone(api.user.get(username="dewi@example.org"))

    def test_unknown_nik(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        page = self.release(NIK)
        self.assertIn("NIK ini tidak terdaftar pada akun mana pun.", page)

    def test_in_site_setup_for_managers(self):
        [configlet] = [
            a for a in self.portal.portal_controlpanel.listActions() if a.getId() == "ptsp-release-nik"
        ]
        self.assertEqual(configlet.permissions, ("Manage portal",))
