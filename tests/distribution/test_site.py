"""The ``ptsp`` distribution creates a complete DPMPTSP site."""

from plone import api
from plone.app.testing import logout
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import DISTRIBUTION_TESTING
from ptsp_portal.testing import SITE_ID
from zope.component.hooks import setSite
from zope.interface import alsoProvides

import datetime
import unittest


class DistributionCase(unittest.TestCase):
    layer = DISTRIBUTION_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.app[SITE_ID]
        setSite(self.portal)
        alsoProvides(self.layer["request"], IBrowserLayer)
        self.catalog = self.portal.portal_catalog

    def brains(self, **query):
        return self.catalog.unrestrictedSearchResults(**query)


class TestSite(DistributionCase):
    def test_created_from_ptsp_distribution(self):
        from plone.distribution.api import distribution as dist_api

        self.assertEqual(dist_api.get_current_distribution(self.portal).name, "ptsp")

    def test_language_and_timezone(self):
        self.assertEqual(api.portal.get_registry_record("plone.default_language"), "id")
        self.assertIn("en", api.portal.get_registry_record("plone.available_languages"))
        self.assertEqual(api.portal.get_registry_record("plone.portal_timezone"), "Asia/Jakarta")

    def test_addon_and_restapi_installed(self):
        from plone.base.utils import get_installer

        installer = get_installer(self.portal)
        self.assertTrue(installer.is_product_installed("ptsp_portal"))
        self.assertTrue(installer.is_product_installed("plone.restapi"))
        self.assertTrue(installer.is_product_installed("collective.easyform"))

    def test_sections(self):
        for name in ("layanan", "regulasi", "berita", "permohonan"):
            self.assertIn(name, self.portal.objectIds(), name)
        self.assertEqual(self.portal.getLayout(), "beranda")
        self.assertEqual(self.portal.layanan.getLayout(), "permit-catalogue")
        self.assertEqual(self.portal.regulasi.getLayout(), "regulation-listing")

    def test_applications_container_is_private(self):
        permohonan = self.portal.permohonan
        self.assertEqual(api.content.get_state(permohonan), "private")
        logout()
        self.assertFalse(api.user.has_permission("View", obj=permohonan))


class TestDemoContent(DistributionCase):
    def test_permit_types(self):
        brains = self.brains(portal_type="PermitType", review_state="published")
        self.assertGreaterEqual(len(brains), 10)
        codes = [b.permit_code for b in brains]
        self.assertEqual(len(codes), len(set(codes)), "permit codes are unique")
        for brain in brains:
            permit = brain._unrestrictedGetObject()
            self.assertTrue(permit.requirements, permit.getId())
            for row in permit.requirements:
                self.assertEqual(
                    set(row) >= {"id", "title", "required", "file_types", "max_size_mb"},
                    True,
                    row,
                )
            # empty where the published standard gives no figure
            self.assertIn(type(permit.service_days), (int, type(None)))
            self.assertIn(type(permit.fee_amount), (int, type(None)))
            if permit.fee_amount is None:
                self.assertTrue(permit.fee_note, permit.getId())
            self.assertTrue(permit.legal_basis, f"{permit.getId()} has no legal basis")
            for relation in permit.legal_basis:
                self.assertFalse(relation.isBroken())
                self.assertEqual(relation.to_object.portal_type, "Regulation")

    def test_well_known_permits_present(self):
        titles = " | ".join(b.Title for b in self.brains(portal_type="PermitType"))
        for expected in ("Persetujuan Bangunan Gedung", "Sertifikat Laik Fungsi", "Izin Reklame"):
            self.assertIn(expected, titles)

    def test_regulations(self):
        brains = self.brains(portal_type="Regulation")
        self.assertGreaterEqual(len(brains), 15)
        by_number = {(b.regulation_type, b.regulation_number, b.regulation_year) for b in brains}
        for key in (("uu", "25", 2009), ("uu", "27", 2022), ("perpres", "97", 2014), ("pp", "16", 2021)):
            self.assertIn(key, by_number)
        uu25 = [b for b in brains if b.regulation_type == "uu" and b.regulation_number == "25"][0]
        obj = uu25._unrestrictedGetObject()
        self.assertEqual(obj.promulgated_date, datetime.date(2009, 7, 18))
        self.assertIn("Pelayanan Publik", obj.Title())

    def test_news(self):
        self.assertGreaterEqual(len(self.brains(portal_type="News Item", review_state="published")), 3)

    def test_front_page_shows_services_and_news(self):
        html = self.portal()
        featured = self.brains(portal_type="PermitType", sort_on="getObjPositionInParent")[0]
        self.assertIn(featured.Title, html)
        news = self.brains(portal_type="News Item", sort_on="effective", sort_order="descending")[0]
        self.assertIn(news.Title, html)
        self.assertIn('name="q"', html)


class TestDemoApplications(DistributionCase):
    def test_demo_applications_across_states(self):
        brains = self.brains(portal_type="PermitApplication")
        self.assertGreaterEqual(len(brains), 5)
        states = {b.review_state for b in brains}
        self.assertTrue({"submitted", "revision", "technical_review", "pending_approval", "issued"} <= states)
        [issued] = [b for b in brains if b.review_state == "issued"]
        app = issued._unrestrictedGetObject()
        self.assertTrue(app.permit_number)
        self.assertIn("surat-izin.pdf", app.objectIds())
        from ptsp_portal.documents.verification import verify

        self.assertEqual(verify(app.verification_code)["status"], "valid")
        for brain in brains:
            app = brain._unrestrictedGetObject()
            self.assertEqual(app.getOwner().getId(), "warga-contoh")
            self.assertTrue(app.objectIds(), "documents uploaded")
            self.assertIsNotNone(brain.submitted)

    def test_demo_citizen_holds_its_nik(self):
        from ptsp_portal.accounts import nik_index

        nik = api.user.get(userid="warga-contoh").getProperty("nik")
        self.assertEqual(nik, "3201010101900001")
        self.assertEqual(nik_index.holder(nik), "warga-contoh")
        for brain in self.brains(portal_type="PermitApplication"):
            self.assertTrue(brain._unrestrictedGetObject().applicant_nik_verified)

    def test_officer_groups_have_their_roles_on_permohonan(self):
        roles = dict(self.portal.permohonan.get_local_roles())
        self.assertIn("Verifier", roles["ptsp-verifiers"])
        self.assertIn("TechnicalReviewer", roles["ptsp-reviewers"])
        self.assertIn("Approver", roles["ptsp-approvers"])
        editors = dict(self.portal.layanan.get_local_roles())
        self.assertIn("Editor", editors["ptsp-editors"])
        self.assertNotIn("ptsp-editors", roles)


class TestApplicationsFolder(DistributionCase):
    def test_unordered(self):
        folder = self.portal["permohonan"]
        self.assertEqual(folder._ordering, "unordered")
        self.assertIsNone(folder.getObjectPosition(folder.objectIds()[0]))

    def test_sorted_by_position_lists_every_application(self):
        # what folder contents and a REST GET of the folder ask the catalog
        folder = self.portal["permohonan"]
        brains = self.brains(
            path={"query": "/".join(folder.getPhysicalPath()), "depth": 1},
            sort_on="getObjPositionInParent",
        )
        self.assertTrue(brains)
        self.assertEqual(sorted(b.getId for b in brains), sorted(folder.objectIds()))
