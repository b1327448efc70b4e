"""PermitType and Regulation: schemas, validation, catalog, pages."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.dexterity.interfaces import IDexterityFTI
from ptsp_portal.content.permit_type import IPermitType
from ptsp_portal.content.permit_type import IRequirementRow
from ptsp_portal.content.regulation import IRegulation
from ptsp_portal.testing import INTEGRATION_TESTING
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.interface import Invalid
from zope.intid.interfaces import IIntIds
from zope.schema import getFieldNames
from zope.schema import getValidationErrors

import datetime
import unittest

PERMIT_FIELDS = {
    "code",
    "sector",
    "requirements",
    "procedure",
    "service_days",
    "fee_amount",
    "fee_note",
    # the fee's definition (fees/definition.py, issue 18 §2)
    "fee_kind",
    "fee_answer",
    "fee_rate",
    "fee_index",
    "fee_tiers",
    "validity_years",
    "output_product",
    "complaint_handling",
    "legal_basis",
    "online",
    "facilities",
    "staff_competence",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "safety_guarantee",
    "performance_evaluation",
}
REGULATION_FIELDS = {
    "regulation_type",
    "number",
    "year",
    "enacted_date",
    "promulgated_date",
    "issuing_body",
    "subject",
    "status",
    "status_note",
    "file",
    "amends",
    "revokes",
    # JDIH metadata for the JDIHN feed (issue 15 §4)
    "place_of_enactment",
    "source",
    "field_of_law",
    "call_number",
    "document_language",
    "abstract",
    "abstract_file",
}
ROW_FIELDS = {"id", "title", "description", "required", "file_types", "max_size_mb"}


def add_regulation(container, id="uu-25-2009", **kw):
    values = dict(
        title="Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        regulation_type="uu",
        number="25",
        year=2009,
        enacted_date=datetime.date(2009, 7, 18),
        promulgated_date=datetime.date(2009, 7, 18),
        status="berlaku",
    )
    values.update(kw)
    return api.content.create(container=container, type="Regulation", id=id, **values)


def add_permit_type(container, id="pbg", **kw):
    values = dict(
        title="Persetujuan Bangunan Gedung",
        code="PBG",
        sector="pekerjaan-umum",
        service_days=28,
        fee_amount=0,
        requirements=[
            {
                "id": "ktp",
                "title": "KTP pemohon",
                "description": "",
                "required": True,
                "file_types": ["pdf", "jpg"],
                "max_size_mb": 2,
            },
            {
                "id": "gambar",
                "title": "Gambar rencana",
                "description": "",
                "required": True,
                "file_types": ["pdf"],
                "max_size_mb": 10,
            },
        ],
    )
    values.update(kw)
    return api.content.create(container=container, type="PermitType", id=id, **values)


class TestSchemas(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_permit_type_fields_are_the_contract(self):
        self.assertEqual(set(getFieldNames(IPermitType)), PERMIT_FIELDS)
        self.assertEqual(set(getFieldNames(IRequirementRow)), ROW_FIELDS)

    def test_regulation_fields_are_the_contract(self):
        self.assertEqual(set(getFieldNames(IRegulation)), REGULATION_FIELDS)

    def test_permit_type_is_folderish(self):
        fti = getUtility(IDexterityFTI, name="PermitType")
        self.assertEqual(fti.klass, "ptsp_portal.content.permit_type.PermitType")
        self.assertIn("EasyForm", fti.allowed_content_types)

    def test_internal_components_in_own_fieldset(self):
        from plone.supermodel.interfaces import FIELDSETS_KEY

        fieldsets = IPermitType.queryTaggedValue(FIELDSETS_KEY)
        internal = [f for f in fieldsets if f.__name__ == "internal"][0]
        self.assertIn("performance_evaluation", internal.fields)
        self.assertNotIn("fee_amount", internal.fields)


def use_language(request, language="id"):
    """Make ``language`` the site language and bind it to the test request."""
    from plone.i18n.utility import setLanguageBinding

    api.portal.set_registry_record("plone.available_languages", ["id", "en"])
    api.portal.set_registry_record("plone.default_language", language)
    request.other.pop("LANGUAGE_TOOL", None)
    setLanguageBinding(request)


class TestContent(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_language(self.layer["request"])
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.regulation = add_regulation(self.portal)
        intids = getUtility(IIntIds)
        self.permit = add_permit_type(self.portal, legal_basis=[RelationValue(intids.getId(self.regulation))])

    def test_catalog_indexes_and_metadata(self):
        catalog = api.portal.get_tool("portal_catalog")
        [brain] = catalog(permit_code="PBG")
        self.assertEqual(brain.service_days, 28)
        self.assertEqual(brain.sector, "pekerjaan-umum")
        [brain] = catalog(regulation_year=2009, regulation_type="uu", regulation_status="berlaku")
        self.assertEqual(brain.regulation_number, "25")

    def test_permit_code_must_be_unique(self):
        field = IPermitType["code"]
        with self.assertRaises(Invalid):
            field.bind(self.portal).validate("PBG")
        field.bind(self.portal).validate("SLF")

    def test_permit_code_format(self):
        with self.assertRaises(Invalid):
            IPermitType["code"].validate("pbg gedung")

    def test_requirement_row_id_format(self):
        with self.assertRaises(Invalid):
            IRequirementRow["id"].validate("KTP Pemohon")
        IRequirementRow["id"].validate("ktp_pemohon")

    def test_requirement_ids_unique(self):
        class Data:
            requirements = [{"id": "ktp"}, {"id": "ktp"}]

        with self.assertRaises(Invalid):
            IPermitType.validateInvariants(Data())

    def test_regulation_dates_in_order(self):
        class Data:
            enacted_date = datetime.date(2009, 7, 18)
            promulgated_date = datetime.date(2009, 7, 1)

        with self.assertRaises(Invalid):
            IRegulation.validateInvariants(Data())

    def test_valid_objects(self):
        self.assertEqual(getValidationErrors(IRegulation, self.regulation), [])

    def test_permit_page_shows_standard(self):
        html = self.permit.restrictedTraverse("@@view")()
        self.assertIn("KTP pemohon", html)
        self.assertIn("28", html)
        self.assertIn("Gratis", html)
        self.assertIn(self.regulation.absolute_url(), html)

    def test_english_catalogue(self):
        use_language(self.layer["request"], "en")
        html = self.permit.restrictedTraverse("@@view")()
        self.assertIn("Requirements", html)
        self.assertIn("28 working days", html)

    def test_unknown_fee_and_time_point_to_the_note(self):
        self.permit.fee_amount = None
        self.permit.service_days = None
        html = self.permit.restrictedTraverse("@@view")()
        self.assertIn("Lihat keterangan biaya", html)
        self.assertIn("Belum ditetapkan", html)
        self.assertNotIn("Gratis", html)

    def test_fee_in_rupiah(self):
        self.permit.fee_amount = 1500000
        html = self.permit.restrictedTraverse("@@view")()
        self.assertIn("Rp 1.500.000", html)

    def test_regulation_page_and_back_relations(self):
        intids = getUtility(IIntIds)
        newer = add_regulation(
            self.portal,
            id="uu-6-2023",
            title="UU 6/2023",
            number="6",
            year=2023,
            enacted_date=None,
            promulgated_date=None,
            amends=[RelationValue(intids.getId(self.regulation))],
        )
        from zope.lifecycleevent import modified

        modified(newer)
        html = self.regulation.restrictedTraverse("@@view")()
        self.assertIn("18-07-2009", html)
        self.assertIn(newer.absolute_url(), html)  # "Diubah oleh"


class TestListings(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        use_language(self.layer["request"])
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.folder = api.content.create(
            container=self.portal, type="Folder", id="regulasi", title="Regulasi"
        )
        add_regulation(self.folder)
        add_regulation(
            self.folder,
            id="pp-5-2021",
            title="PP 5/2021 Perizinan Berusaha Berbasis Risiko",
            regulation_type="pp",
            number="5",
            year=2021,
        )
        add_regulation(
            self.folder,
            id="old",
            title="Keputusan lama",
            regulation_type="keputusan",
            number="1",
            year=1999,
            status="tidak-berlaku",
        )

    def listing(self, **form):
        self.request.form.clear()
        self.request.form.update(form)
        view = self.folder.restrictedTraverse("@@regulation-listing")
        view()
        return [b.getId for b in view.batch()]

    def test_newest_first(self):
        self.assertEqual(self.listing(), ["pp-5-2021", "uu-25-2009", "old"])

    def test_filters(self):
        self.assertEqual(self.listing(jenis="uu"), ["uu-25-2009"])
        self.assertEqual(self.listing(tahun="2021"), ["pp-5-2021"])
        self.assertEqual(self.listing(status="tidak-berlaku"), ["old"])
        self.assertEqual(self.listing(q="Risiko"), ["pp-5-2021"])

    def test_bad_filter_is_reported_not_crashing(self):
        self.request.form.update({"tahun": "dua ribu"})
        html = self.folder.restrictedTraverse("@@regulation-listing")()
        self.assertIn("Filter tidak dikenali", html)

    def test_permit_catalogue_filters_by_sector(self):
        layanan = api.content.create(container=self.portal, type="Folder", id="layanan", title="Layanan")
        add_permit_type(layanan)
        add_permit_type(
            layanan,
            id="sip-dokter",
            title="Surat Izin Praktik Dokter",
            code="SIP-DOKTER",
            sector="kesehatan",
            service_days=5,
        )
        self.request.form.update({"sektor": "kesehatan"})
        view = layanan.restrictedTraverse("@@permit-catalogue")
        self.assertEqual([b.getId for b in view.batch()], ["sip-dokter"])
        self.assertIn("Surat Izin Praktik Dokter", view())
