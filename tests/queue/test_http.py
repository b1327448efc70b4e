"""``@queue`` (REST) and ``@@antrian-csv`` over HTTP, with real
authentication: who gets what."""

from plone.app.testing import FunctionalTesting
from plone.testing import zope as zope_testing
from ptsp_portal.testing import FIXTURE
from tests.base import rest_session
from tests.queue.base import populate
from tests.workflow.base import setup_office

import csv
import datetime
import io
import transaction
import unittest

QUEUE_SERVER_TESTING = FunctionalTesting(
    bases=(FIXTURE, zope_testing.WSGI_SERVER_FIXTURE), name="PtspQueue:Server"
)
ITEM_KEYS = {
    "@id",
    "tracking_number",
    "permit_type",
    "applicant_name",
    "review_state",
    "review_state_title",
    "oss_status_code",
    "oss_status_label",
    "submitted",
    "due_date",
    "sla_status",
    "renewal_of",  # renewal/: the permit number a renewal renews, else null
}


class HttpCase(unittest.TestCase):
    layer = QUEUE_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.folder = setup_office(self.portal)
        self.apps = populate(self.portal)
        self.numbers = {app.tracking_number: name for name, app in self.apps.items()}
        transaction.commit()
        self.portal_url = self.portal.absolute_url()

    def session(self, user_id=None, api=True):
        base = f"{self.portal_url}/++api++" if api else self.portal_url
        return rest_session(self, base, user_id)

    def queue(self, user_id, query=""):
        return self.session(user_id).get("permohonan/@queue" + (f"?{query}" if query else ""))

    def names(self, response):
        self.assertEqual(response.status_code, 200, response.text)
        return [self.numbers[item["tracking_number"]] for item in response.json()["items"]]


class TestQueueService(HttpCase):
    def test_json_shape(self):
        response = self.queue("verifikator")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["@id"], f"{self.portal_url}/++api++/permohonan/@queue")
        self.assertEqual(data["items_total"], 3)
        self.assertNotIn("batching", data)
        self.assertEqual(self.names(response), ["old", "soon", "new"])
        item = data["items"][0]
        self.assertEqual(set(item), ITEM_KEYS)
        old = self.apps["old"]
        self.assertTrue(item["@id"].endswith("/permohonan/" + old.getId()), item["@id"])
        self.assertEqual(item["tracking_number"], old.tracking_number)
        self.assertEqual(item["permit_type"]["title"], "Surat Izin Praktik Dokter")
        self.assertTrue(item["permit_type"]["@id"].endswith("/layanan/sip-dokter"))
        self.assertEqual(item["applicant_name"], "Budi Santoso")
        self.assertEqual(item["review_state"], "submitted")
        self.assertEqual(item["review_state_title"], "Diajukan")
        self.assertEqual(item["submitted"], old.submitted.isoformat())
        self.assertEqual(item["due_date"], old.due_date.isoformat())
        self.assertEqual(item["sla_status"], "overdue")
        self.assertEqual([i["sla_status"] for i in data["items"]], ["overdue", "warning", "ok"])

    def test_filters(self):
        uid = self.portal["layanan"]["reklame"].UID()
        self.assertEqual(
            set(self.names(self.queue("verifikator", f"tugas=semua&jenis={uid}"))), {"new", "reklame"}
        )
        self.assertEqual(
            self.names(self.queue("verifikator", "tugas=semua&terlambat=1")), ["old", "approval"]
        )
        self.assertEqual(self.names(self.queue("verifikator", "tugas=semua&status=issued")), ["issued"])
        number = self.apps["reklame"].tracking_number.lower()
        self.assertEqual(self.names(self.queue("verifikator", f"tugas=semua&q={number}")), ["reklame"])
        self.assertEqual(
            set(self.names(self.queue("verifikator", "tugas=semua&q=siti"))), {"new", "soon", "approval"}
        )
        # without a status: the files in process, unless a search reaches back
        self.assertEqual(
            set(self.names(self.queue("verifikator", "tugas=semua"))),
            {"old", "new", "soon", "reklame", "approval"},
        )
        issued = self.apps["issued"].tracking_number
        self.assertEqual(self.names(self.queue("verifikator", f"tugas=semua&q={issued}")), ["issued"])
        item = self.queue("verifikator", "tugas=semua&status=issued").json()["items"][0]
        self.assertIsNone(item["sla_status"])
        self.assertEqual(item["review_state_title"], "Izin Terbit")

    def test_batching(self):
        response = self.queue("verifikator", "tugas=semua&status=semua&b_size=4")
        data = response.json()
        self.assertEqual(data["items_total"], 6)
        self.assertEqual(len(data["items"]), 4)
        self.assertIn("next", data["batching"])
        self.assertIn("tugas=semua", data["batching"]["next"])
        self.assertIn("status=semua", data["batching"]["next"])
        second = self.session("verifikator").get(data["batching"]["next"]).json()
        self.assertEqual(len(second["items"]), 2)
        first_ids = {i["@id"] for i in data["items"]}
        self.assertFalse(first_ids & {i["@id"] for i in second["items"]})

    def test_bad_filter_is_400(self):
        for query, field in (
            ("status=bogus", "status"),
            ("jenis=0123456789abcdef0123456789abcdef", "jenis"),
            ("terlambat=kadang", "terlambat"),
            ("tugas=kita", "tugas"),
            ("q=(", "q"),
            ("b_size=banyak", "b_size"),
            ("b_size=0", "b_size"),
            ("b_start=-1", "b_start"),
        ):
            response = self.queue("verifikator", query)
            self.assertEqual(response.status_code, 400, query)
            error = response.json()["error"]
            self.assertEqual(error["type"], "BadRequest")
            self.assertEqual(error["field"], field)
            self.assertTrue(error["message"])
        message = self.queue("verifikator", "status=bogus").json()["error"]["message"]
        self.assertEqual(message, 'Status "bogus" tidak dikenal.')


class TestQueueSecurity(HttpCase):
    def test_anonymous_is_refused(self):
        self.assertEqual(self.queue(None).status_code, 401)
        self.assertEqual(self.queue(None, "tugas=semua").status_code, 401)
        response = self.session(api=False).get("permohonan/@@antrian-csv?tugas=semua")
        self.assertEqual(response.status_code, 401)

    def assert_only_own(self, user_id, own):
        """Refused at the folder, or shown only ``own``."""
        for query in ("", "tugas=semua"):
            response = self.queue(user_id, query)
            if response.status_code == 200:
                self.assertLessEqual(set(self.names(response)), own, (user_id, query))
            else:
                self.assertIn(response.status_code, (401, 403), (user_id, query))

    def test_citizens_see_at_most_their_own(self):
        self.assert_only_own("budi", {"old", "reklame", "issued"})
        self.assert_only_own("siti", {"new", "soon", "approval"})

    def test_editor_sees_nothing(self):
        self.assert_only_own("editor", set())

    def test_catalog_still_filters_when_the_folder_is_open(self):
        """Even if someone opened /permohonan to all members, the rows come
        from the catalog, which only returns what each user may view."""
        self.folder.manage_permission("View", ["Authenticated", "Manager"], acquire=False)
        self.folder.reindexObjectSecurity()
        transaction.commit()
        self.assertEqual(
            set(self.names(self.queue("budi", "tugas=semua&status=semua"))), {"old", "reklame", "issued"}
        )
        self.assertEqual(
            set(self.names(self.queue("siti", "tugas=semua&status=semua"))), {"new", "soon", "approval"}
        )
        self.assertEqual(self.names(self.queue("editor", "tugas=semua&status=semua")), [])
        self.assertEqual(self.names(self.queue("budi")), [])  # nothing waits for a citizen

    def test_reviewer_of_one_permit_type(self):
        self.assertEqual(self.names(self.queue("teknis-reklame")), ["reklame"])
        self.assertEqual(set(self.names(self.queue("teknis-reklame", "tugas=semua"))), {"reklame", "new"})

    def test_my_actions_per_role(self):
        self.assertEqual(self.names(self.queue("teknis")), ["reklame"])
        self.assertEqual(self.names(self.queue("kadis")), ["approval"])


class TestCsv(HttpCase):
    def get_csv(self, user_id, query=""):
        return self.session(user_id, api=False).get(
            "permohonan/@@antrian-csv" + (f"?{query}" if query else "")
        )

    def test_headers_and_rows(self):
        response = self.get_csv("verifikator", "tugas=semua&status=semua")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.headers["Content-Type"], "text/csv; charset=utf-8")
        today = datetime.date.today().strftime("%Y%m%d")
        self.assertEqual(
            response.headers["Content-Disposition"], f'attachment; filename="antrian-{today}.csv"'
        )
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(len(rows), 7)
        self.assertEqual(rows[0][0], "Nomor registrasi")
        self.assertEqual(len(rows[0]), 9)
        by_name = {self.numbers[row[0]]: row for row in rows[1:]}
        old = self.apps["old"]
        self.assertEqual(
            by_name["old"],
            [
                old.tracking_number,
                "Surat Izin Praktik Dokter",
                "Budi Santoso",
                "Diajukan",
                old.submitted.isoformat(),
                old.due_date.isoformat(),
                "Terlambat",
                "09",
                "Telah Melengkapi Persyaratan",
            ],
        )
        self.assertEqual(by_name["issued"][3], "Izin Terbit")
        self.assertEqual(by_name["issued"][6], "")
        self.assertEqual(by_name["soon"][6], "Segera jatuh tempo")
        # same order as the page: the work first, the closed file last
        self.assertEqual(self.numbers[rows[1][0]], "old")
        self.assertEqual(self.numbers[rows[-1][0]], "issued")

    def test_same_filters_as_the_page(self):
        rows = list(csv.reader(io.StringIO(self.get_csv("verifikator", "terlambat=1").text.lstrip("\ufeff"))))
        self.assertEqual([self.numbers[r[0]] for r in rows[1:]], ["old"])
        response = self.get_csv("verifikator", "status=bogus")
        self.assertEqual(response.status_code, 400)
        self.assertIn("tidak dikenal", response.text)

    def test_citizen_and_editor_get_no_rows_of_others(self):
        for user, own in (("siti", {"new", "soon", "approval"}), ("editor", set())):
            response = self.get_csv(user, "tugas=semua&status=semua")
            if response.status_code == 200:
                rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
                self.assertLessEqual({self.numbers[r[0]] for r in rows[1:]}, own)
            else:
                self.assertIn(response.status_code, (401, 403))

    def test_formula_cells_are_neutralised(self):
        from plone.app.testing import login
        from plone.app.testing import TEST_USER_NAME

        login(self.portal, TEST_USER_NAME)
        app = self.apps["new"]
        app.applicant_name = '=HYPERLINK("http://x")'
        app.reindexObject()
        transaction.commit()
        text = self.get_csv("verifikator", "tugas=semua").content.decode("utf-8-sig")
        self.assertIn("'=HYPERLINK", text)


class TestPageOverHttp(HttpCase):
    def test_officer_page(self):
        response = self.session("verifikator", api=False).get("permohonan/@@antrian")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.apps["old"].tracking_number, response.text)
        self.assertIn("@@antrian-csv", response.text)
        # a phone: the table scrolls inside its own box
        self.assertIn('class="table-responsive"', response.text)

    def test_anonymous_page_refused(self):
        response = self.session(api=False).get("permohonan/@@antrian", allow_redirects=False)
        self.assertIn(response.status_code, (302, 401))
