"""The officer work queue: the shared query, the ``antrian`` page."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain
from ptsp_portal.applications import queue
from ptsp_portal.applications.queue.ordering import order_by_deadline
from ptsp_portal.constants import ACTIVE_STATES
from ptsp_portal.constants import FINAL_STATES
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.queue.base import populate
from tests.queue.base import transition
from tests.workflow.base import apply
from tests.workflow.base import setup_office
from unittest import mock
from zope.i18n import translate
from zope.interface import alsoProvides

import datetime
import transaction
import unittest


class QueueCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        self.folder = setup_office(self.portal)
        self.apps = populate(self.portal)
        self.ids = {app.getId(): name for name, app in self.apps.items()}

    def found(self, user_id, **form):
        """Short names of the applications ``user_id`` finds, in queue order."""
        login(self.portal, user_id)
        filters = queue.parse_filters(form)
        return [self.ids.get(b.getId, b.getId) for b in queue.search(self.folder, filters)]


class TestMyActions(QueueCase):
    def test_default_is_what_waits_for_me(self):
        self.assertEqual(set(self.found("verifikator")), {"old", "new", "soon"})
        self.assertEqual(self.found("teknis"), ["reklame"])
        self.assertEqual(self.found("teknis-reklame"), ["reklame"])
        self.assertEqual(self.found("kadis"), ["approval"])

    def test_citizens_and_editors_have_no_actions(self):
        for user in ("budi", "siti", "editor"):
            self.assertEqual(self.found(user), [], user)

    def test_all_is_limited_by_catalog_security(self):
        history = {"tugas": "semua", "status": "semua"}
        self.assertEqual(set(self.found("budi", **history)), {"old", "reklame", "issued"})
        self.assertEqual(set(self.found("siti", **history)), {"new", "soon", "approval"})
        self.assertEqual(self.found("editor", **history), [])
        self.assertEqual(set(self.found("teknis-reklame", **history)), {"new", "reklame"})
        self.assertEqual(len(self.found("verifikator", **history)), 6)
        self.assertEqual(set(self.found("budi", tugas="semua")), {"old", "reklame"})
        logout()
        for filters in ({"tugas": "semua"}, history):
            self.assertEqual([b for b in queue.search(self.folder, filters)], [])

    def test_all_lists_the_files_in_process(self):
        """ "Semua permohonan" is the office's open work; the closed files
        are behind "Semua status" and a search (by number or name)."""
        self.assertEqual(
            set(self.found("verifikator", tugas="semua")), {"old", "new", "soon", "reklame", "approval"}
        )
        self.assertEqual(self.found("verifikator", tugas="semua", status="issued"), ["issued"])
        issued = self.apps["issued"]
        self.assertEqual(self.found("verifikator", tugas="semua", q=issued.tracking_number), ["issued"])
        self.assertIn("issued", self.found("verifikator", tugas="semua", q="santo"))
        # every state still in process is listed, the closed ones never
        login(self.portal, "verifikator")
        query = queue.build_query(self.folder, queue.parse_filters({"tugas": "semua"}))
        self.assertEqual(set(query["review_state"]), set(ACTIVE_STATES))
        self.assertFalse(set(query["review_state"]) & set(FINAL_STATES))

    def test_my_actions_follow_the_workflow(self):
        login(self.portal, "verifikator")
        api.portal.get_tool("portal_workflow").doActionFor(self.apps["new"], "accept")
        self.assertEqual(set(self.found("verifikator")), {"old", "soon"})
        self.assertEqual(set(self.found("teknis")), {"reklame", "new"})
        self.assertEqual(set(self.found("teknis-reklame")), {"reklame", "new"})


class TestFilters(QueueCase):
    def test_order_oldest_deadline_first(self):
        login(self.portal, "verifikator")
        brains = list(queue.search(self.folder, {"tugas": "semua"}))
        dues = [b.due_date for b in brains]
        self.assertEqual(dues, sorted(dues))
        self.assertEqual(self.ids[brains[0].getId], "old")
        # the whole history: the work first, the closed files after it
        # (files closed long ago have the oldest deadlines of all)
        brains = list(queue.search(self.folder, {"tugas": "semua", "status": "semua"}))
        in_process = [self.ids[b.getId] for b in queue.search(self.folder, {"tugas": "semua"})]
        self.assertEqual([self.ids[b.getId] for b in brains[:5]], in_process)
        self.assertLess(self.apps["issued"].due_date, self.apps["old"].due_date)
        self.assertEqual(self.ids[brains[-1].getId], "issued")

    def test_closed_files_newest_first(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        start = datetime.datetime(2025, 1, 6, 9, 0)
        closed = []
        for days, applicant in ((0, "siti"), (40, "budi"), (20, "siti")):
            app = apply(self.portal, "reklame", applicant, submitted=start + datetime.timedelta(days=days))
            transition(self.portal, "verifikator", "reject", obj=app)
            closed.append(app.getId())
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        for walk in (False, True):
            ids = [b.getId for b in self.sorted(walk=walk)]
            # "issued" was submitted 65 days ago, the three rejected in 2025
            self.assertEqual(ids[-4:], [self.apps["issued"].getId(), closed[1], closed[2], closed[0]], walk)
            self.assertEqual({self.ids[i] for i in ids[:5]}, {"old", "new", "soon", "reklame", "approval"})
        rejected = [b.getId for b in queue.search(self.folder, {"tugas": "semua", "status": "rejected"})]
        self.assertEqual(rejected, [closed[1], closed[2], closed[0]])

    def test_same_deadline_then_submitted(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        early = datetime.datetime(2026, 3, 2, 8, 0)
        late = early.replace(hour=15)
        second = apply(self.portal, "reklame", "siti", submitted=late)
        first = apply(self.portal, "reklame", "budi", submitted=early)
        self.assertEqual(first.due_date, second.due_date)
        brains = list(queue.search(self.folder, {"tugas": "semua", "jenis": self.reklame_uid()}))
        ids = [b.getId for b in brains]
        self.assertLess(ids.index(first.getId()), ids.index(second.getId()))

    def test_without_due_date_sorts_last(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        permit = api.content.create(
            container=self.portal["layanan"],
            type="PermitType",
            id="tanpa-sla",
            title="Izin Tanpa SLA",
            code="TANPA",
            sector="kesehatan",
        )
        api.content.transition(permit, to_state="published")
        app = apply(self.portal, "tanpa-sla", "siti")
        self.assertIsNone(app.due_date)
        brains = list(queue.search(self.folder, {"tugas": "semua", "status": "semua"}))
        self.assertEqual(len(brains), 7)
        # after every file in process with a due date, before the closed one
        self.assertEqual(brains[-2].getId, app.getId())
        self.assertEqual(self.ids[brains[-1].getId], "issued")
        self.assertEqual([b.getId for b in self.sorted(walk=True)], [b.getId for b in brains])
        self.assertIn(app.getId(), [b.getId for b in queue.search(self.folder, {"tugas": "saya"})])

    def sorted(self, walk, **filters):
        catalog = api.portal.get_tool("portal_catalog")
        query = queue.build_query(self.folder, {"tugas": "semua", "status": "semua", **filters})
        return order_by_deadline(catalog, catalog.searchResults(query), walk=walk)

    def test_both_sort_strategies_agree(self):
        """Small result sets are sorted at once, large ones by walking the
        due-date index; the order is the same."""
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        same_day = datetime.datetime(2026, 3, 2, 8, 0)
        for hour, applicant in ((15, "siti"), (8, "budi"), (11, "siti")):
            apply(self.portal, "reklame", applicant, submitted=same_day.replace(hour=hour))
        for filters in ({}, {"q": "Siti"}, {"terlambat": True}):
            eager = [b.getId for b in self.sorted(walk=False, **filters)]
            walked = self.sorted(walk=True, **filters)
            self.assertEqual([b.getId for b in walked], eager, filters)
            self.assertEqual(len(walked), len(eager))
        eager = [b.getId for b in self.sorted(walk=False)]
        walked = self.sorted(walk=True)
        self.assertEqual(walked[-1].getId, eager[-1])
        self.assertEqual([b.getId for b in walked[2:5]], eager[2:5])
        with self.assertRaises(IndexError):
            walked[len(eager)]

    def reklame_uid(self):
        return self.portal["layanan"]["reklame"].UID()

    def test_status(self):
        self.assertEqual(self.found("verifikator", tugas="semua", status="technical_review"), ["reklame"])
        self.assertEqual(self.found("verifikator", tugas="semua", status="issued"), ["issued"])
        self.assertEqual(self.found("verifikator", status="issued"), [])

    def test_permit_type(self):
        found = self.found("verifikator", tugas="semua", jenis=self.reklame_uid())
        self.assertEqual(set(found), {"new", "reklame"})

    def test_overdue(self):
        self.assertEqual(set(self.found("verifikator", tugas="semua", terlambat="1")), {"old", "approval"})
        self.assertEqual(self.found("verifikator", terlambat="1"), ["old"])
        self.assertEqual(self.found("kadis", terlambat="1"), ["approval"])
        self.assertEqual(self.found("verifikator", tugas="semua", terlambat="1", status="submitted"), ["old"])
        self.assertEqual(self.found("verifikator", tugas="semua", terlambat="1", status="issued"), [])

    def test_search_by_tracking_number(self):
        number = self.apps["soon"].tracking_number
        query = queue.build_query(self.folder, queue.parse_filters({"q": number.lower()}))
        self.assertEqual(query["tracking_number"], number)
        self.assertNotIn("SearchableText", query)
        self.assertEqual(self.found("verifikator", tugas="semua", q=f" {number.lower()} "), ["soon"])

    def test_search_by_name(self):
        self.assertEqual(set(self.found("verifikator", tugas="semua", q="Siti")), {"new", "soon", "approval"})
        self.assertEqual(
            set(self.found("verifikator", tugas="semua", q="santo")), {"old", "reklame", "issued"}
        )
        self.assertEqual(self.found("verifikator", tugas="semua", q="Jl. Merdeka"), [])  # address not indexed
        # part of a number is a word search, not an exact match
        seq = self.apps["new"].tracking_number.rsplit("-", 1)[1]
        self.assertEqual(self.found("verifikator", tugas="semua", q=seq), ["new"])

    def test_invalid_values(self):
        with self.assertRaises(queue.QueueQueryError) as raised:
            queue.parse_filters(
                {"status": "bogus", "jenis": "not-a-uid", "terlambat": "kadang", "tugas": "kita", "q": "Budi"}
            )
        errors = raised.exception.errors
        self.assertEqual(set(errors), {"status", "jenis", "terlambat", "tugas"})
        self.assertEqual(translate(errors["status"], target_language="id"), 'Status "bogus" tidak dikenal.')
        self.assertEqual(raised.exception.filters, {"tugas": "saya", "q": "Budi"})
        for form, field in (({"q": "*"}, "q"), ({"q": "x" * 101}, "q")):
            with self.assertRaises(queue.QueueQueryError) as raised:
                queue.parse_filters(form)
            self.assertEqual(raised.exception.field, field)

    def test_permit_type_must_be_visible(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        news = api.content.create(container=self.portal, type="Document", id="bukan-izin", title="Bukan")
        with self.assertRaises(queue.QueueQueryError) as raised:
            queue.parse_filters({"jenis": news.UID()})
        self.assertEqual(raised.exception.field, "jenis")


class TestPage(QueueCase):
    def render(self, user_id, **form):
        login(self.portal, user_id)
        self.request.form.clear()
        self.request.form.update(form)
        return self.folder.restrictedTraverse("@@antrian")()

    def test_columns_and_badges(self):
        html = self.render("verifikator")
        for name in ("old", "new", "soon"):
            self.assertIn(self.apps[name].tracking_number, html)
            self.assertIn(self.apps[name].absolute_url(), html)
        self.assertNotIn(self.apps["reklame"].tracking_number, html)
        self.assertIn('class="table-responsive"', html)
        self.assertIn("Surat Izin Praktik Dokter", html)
        self.assertIn("Siti Aminah", html)
        self.assertIn("Diajukan", html)
        self.assertIn("ptsp-sla-overdue", html)
        self.assertIn(">Terlambat<", html)
        self.assertIn(">Segera jatuh tempo<", html)
        self.assertIn(">Sesuai jadwal<", html)
        self.assertIn("3 permohonan", html)
        # oldest deadline first
        self.assertLess(
            html.index(self.apps["old"].tracking_number), html.index(self.apps["new"].tracking_number)
        )

    def test_state_titles_in_indonesian(self):
        html = self.render("verifikator", tugas="semua")
        for title in ("Peninjauan Teknis", "Menunggu Persetujuan", "Izin Terbit"):
            self.assertIn(title, html)

    def test_csv_link_carries_filters(self):
        uid = self.portal["layanan"]["reklame"].UID()
        html = self.render("verifikator", tugas="semua", jenis=uid, terlambat="1", status="submitted")
        self.assertIn(
            f"{self.folder.absolute_url()}/@@antrian-csv"
            f"?status=submitted&amp;jenis={uid}&amp;terlambat=1&amp;tugas=semua",
            html,
        )
        self.assertIn("Unduh CSV", html)

    def test_invalid_filter_is_a_message_not_an_error(self):
        html = self.render("verifikator", status="bogus", jenis="zzz", terlambat="2")
        self.assertIn('Status "bogus" tidak dikenal.', html.replace("&quot;", '"'))
        self.assertIn("Jenis izin yang dipilih tidak dikenal.", html)
        self.assertIn("alert-warning", html)
        # the valid part of the query still runs
        self.assertIn(self.apps["old"].tracking_number, html)

    def test_status_choice_and_search_scope(self):
        html = self.render("verifikator", tugas="semua")
        self.assertNotIn(self.apps["issued"].tracking_number, html)
        self.assertIn('<option value="">Sedang diproses</option>', html)
        self.assertNotIn("pencarian mencakup semua status", html)
        html = self.render("verifikator", tugas="semua", status="semua")
        self.assertIn(self.apps["issued"].tracking_number, html)
        self.assertRegex(
            html, r'<option value="semua"\s+selected="selected">Semua status, termasuk yang selesai'
        )
        html = self.render("verifikator", tugas="semua", q="santo")
        self.assertIn(self.apps["issued"].tracking_number, html)
        self.assertIn("(pencarian mencakup semua status)", html)

    def test_unparseable_search_is_a_message(self):
        html = self.render("verifikator", q='"Siti', tugas="semua")
        self.assertNotIn("Traceback", html)

    def test_empty_queue(self):
        html = self.render("kadis", status="submitted")
        self.assertIn("Tidak ada permohonan yang menunggu tindakan Anda.", html)

    def test_batched_by_30(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        for _i in range(30):
            apply(self.portal, "reklame", "siti")
        html = self.render("verifikator")
        self.assertEqual(html.count('class="ptsp-queue-row'), 30)
        self.assertIn("33 permohonan", html)
        self.assertIn("b_start:int=30", html)
        html = self.render("verifikator", b_start="30")
        self.assertEqual(html.count('class="ptsp-queue-row'), 3)
        html = self.render("verifikator", b_start="abc")
        self.assertEqual(html.count('class="ptsp-queue-row'), 30)

    def test_render_does_not_wake_objects(self):
        transaction.savepoint()

        def forbidden(brain, *args, **kwargs):
            raise AssertionError(f"getObject() called on {brain.getPath()}")

        with (
            mock.patch.object(AbstractCatalogBrain, "getObject", forbidden),
            mock.patch.object(AbstractCatalogBrain, "_unrestrictedGetObject", forbidden),
        ):
            html = self.render("verifikator", tugas="semua", status="semua")
            # the patch reaches the catalog's brain class
            brain = api.portal.get_tool("portal_catalog")(portal_type="PermitApplication")[0]
            with self.assertRaises(AssertionError):
                brain.getObject()
        self.assertIn(self.apps["issued"].tracking_number, html)
