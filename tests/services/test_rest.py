"""Anonymous REST reads of public content, over HTTP on the demo site."""

from plone.restapi.testing import RelativeSession
from ptsp_portal.testing import DISTRIBUTION_SERVER_TESTING
from ptsp_portal.testing import SITE_ID

import unittest

PERMIT_FIELDS = (
    "code",
    "sector",
    "requirements",
    "procedure",
    "service_days",
    "fee_amount",
    "fee_note",
    "output_product",
    "complaint_handling",
    "legal_basis",
    "online",
)
REGULATION_FIELDS = (
    "regulation_type",
    "number",
    "year",
    "enacted_date",
    "promulgated_date",
    "issuing_body",
    "subject",
    "status",
    "status_note",
    "amends",
    "revokes",
)


class TestAnonymousRest(unittest.TestCase):
    layer = DISTRIBUTION_SERVER_TESTING

    def setUp(self):
        url = f"{self.layer['app'].absolute_url()}/{SITE_ID}/++api++"
        self.api = RelativeSession(url, test=self)
        self.api.headers.update({"Accept": "application/json"})

    def get_first(self, portal_type):
        response = self.api.get(f"@search?portal_type={portal_type}&sort_on=getObjPositionInParent")
        self.assertEqual(response.status_code, 200, response.text)
        return self.api.get(response.json()["items"][0]["@id"])

    def test_permit_type(self):
        response = self.get_first("PermitType")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        for field in PERMIT_FIELDS:
            self.assertIn(field, data)
        self.assertEqual(data["@type"], "PermitType")
        row = data["requirements"][0]
        self.assertTrue({"id", "title", "required", "file_types", "max_size_mb"} <= set(row))
        self.assertEqual(data["sector"]["token"], data["sector"]["token"].lower())
        self.assertTrue(data["legal_basis"])
        self.assertIn("/regulasi/", data["legal_basis"][0]["@id"])
        # the internal components stay readable for integrations too
        self.assertIn("performance_evaluation", data)

    def test_regulation(self):
        response = self.get_first("Regulation")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        for field in REGULATION_FIELDS:
            self.assertIn(field, data)
        self.assertIsInstance(data["year"], int)

    def test_regulations_service_filters(self):
        response = self.api.get("regulasi/@regulations?jenis=uu")
        self.assertEqual(response.status_code, 200, response.text)
        items = response.json()["items"]
        self.assertTrue(items)
        self.assertTrue(all(item["regulation_type"] == "uu" for item in items))
        years = [item["year"] for item in items]
        self.assertEqual(years, sorted(years, reverse=True))

    def test_regulations_service_rejects_bad_filter(self):
        response = self.api.get("regulasi/@regulations?tahun=abc")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["field"], "tahun")

    def test_applications_container_refused(self):
        response = self.api.get("permohonan")
        self.assertEqual(response.status_code, 401)
        response = self.api.get(f"@search?path=/{SITE_ID}/permohonan")
        self.assertEqual(response.json()["items_total"], 0)
