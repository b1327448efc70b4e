"""The queue's narrow search (``applications.queue.narrow``): the same answer
as ``catalog.searchResults``, security included, without the catalog's
application-wide sets."""

from DateTime import DateTime
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from Products.CMFPlone.CatalogTool import CatalogTool
from ptsp_portal.applications import queue
from ptsp_portal.applications.queue import narrow
from tests.queue.test_queue import QueueCase
from unittest import mock

USERS = ("verifikator", "teknis", "teknis-reklame", "kadis", "budi", "siti", "editor")


class TestNarrow(QueueCase):
    def setUp(self):
        super().setUp()
        self.catalog = api.portal.get_tool("portal_catalog")

    def forms(self):
        old = self.apps["old"]
        return (
            {},
            {"status": "submitted"},
            {"status": "technical_review"},
            {"jenis": old.permit_type},
            {"tugas": "semua", "q": old.tracking_number},
            {"q": old.tracking_number},
            {"tugas": "semua"},
            {"tugas": "semua", "status": "semua"},
            {"tugas": "semua", "status": "issued"},
            {"tugas": "semua", "q": old.tracking_number[-6:]},
            {"tugas": "semua", "q": old.applicant_name.split()[0]},
        )

    def both(self, user_id, form, context=None):
        """(narrow's record ids, searchResults' record ids) for ``user_id``."""
        login(self.portal, user_id)
        query = queue.build_query(context or self.folder, queue.parse_filters(form))
        if query is None:
            return set(), set()
        narrowed = {brain.getRID() for brain in narrow.search(self.catalog, query)}
        return narrowed, {brain.getRID() for brain in self.catalog.searchResults(query)}

    def test_same_answer_as_the_catalog(self):
        for user_id in USERS:
            for form in self.forms():
                narrowed, expected = self.both(user_id, form)
                self.assertEqual(narrowed, expected, (user_id, form))
        logout()
        query = queue.build_query(self.folder, {"tugas": "semua", "q": self.apps["old"].tracking_number})
        self.assertEqual(list(narrow.search(self.catalog, query)), [])

    def test_my_actions_never_use_the_wide_catalog_query(self):
        login(self.portal, "verifikator")
        with mock.patch.object(CatalogTool, "searchResults", side_effect=AssertionError("wide query")):
            found = {self.ids[b.getId] for b in queue.search(self.folder, queue.parse_filters({}))}
        self.assertEqual(found, {"old", "new", "soon"})

    def test_the_files_in_process_never_use_the_wide_catalog_query(self):
        """ "Semua permohonan" lists the open work: found by its states,
        which an office's history does not grow, security checked on each."""
        login(self.portal, "verifikator")
        with mock.patch.object(CatalogTool, "searchResults", side_effect=AssertionError("wide query")):
            found = {
                self.ids[b.getId] for b in queue.search(self.folder, queue.parse_filters({"tugas": "semua"}))
            }
            with self.assertRaises(AssertionError):  # the whole history is the catalog's
                queue.search(self.folder, queue.parse_filters({"tugas": "semua", "status": "semua"}))
        self.assertEqual(found, {"old", "new", "soon", "reklame", "approval"})

    def test_an_actor_without_view_permission_is_refused(self):
        new = self.apps["new"]
        # what allowedRolesAndUsers is made of
        new.manage_permission("Access contents information", ["Owner"], acquire=0)
        # only allowedRolesAndUsers: ptsp_actors still names the verifier
        self.catalog.catalog_object(new, idxs=["allowedRolesAndUsers"], update_metadata=False)
        login(self.portal, "verifikator")
        actors = self.catalog._listAllowedRolesAndUsers(api.user.get_current())
        unrestricted = self.catalog.unrestrictedSearchResults(ptsp_actors=actors)
        self.assertIn(new.getId(), {b.getId for b in unrestricted})
        narrowed, expected = self.both("verifikator", {})
        self.assertEqual(narrowed, expected)
        self.assertEqual(set(self.found("verifikator")), {"old", "soon"})

    def test_expired_content_follows_the_catalog(self):
        old = self.apps["old"]
        old.setExpirationDate(DateTime() - 1)
        old.reindexObject(idxs=["effectiveRange", "expires"])
        narrowed, expected = self.both("verifikator", {})
        self.assertEqual(narrowed, expected)
        self.assertNotIn(self.catalog.getrid("/".join(old.getPhysicalPath())), narrowed)

    def test_path_below_another_folder_finds_nothing(self):
        for user_id in ("verifikator", "kadis"):
            narrowed, expected = self.both(user_id, {}, context=self.portal["layanan"])
            self.assertEqual((narrowed, expected), (set(), set()))

    def test_too_many_records_fall_back_to_the_catalog(self):
        with mock.patch.object(narrow, "MAX_CHECKED", 0):
            for form in self.forms():
                narrowed, expected = self.both("verifikator", form)
                self.assertEqual(narrowed, expected, form)

    def test_permit_types_as_the_catalog_gives_them(self):
        """The queue's permit type filter: what searchResults gives each
        user, in title order, a private permit type included for those who
        may see it and no one else."""
        with api.env.adopt_roles(["Manager"]):
            private = api.content.create(
                container=self.portal["layanan"], type="PermitType", id="izin-rahasia", title="Izin Rahasia"
            )
        self.assertEqual(api.content.get_state(private), "private")
        seen = {}
        for user_id in USERS:
            login(self.portal, user_id)
            expected = self.catalog.searchResults(portal_type="PermitType", sort_on="sortable_title")
            got = queue.permit_types()
            self.assertEqual([b.getRID() for b in got], [b.getRID() for b in expected], user_id)
            seen[user_id] = private.UID() in [b.UID for b in got]
            logout()
        self.assertFalse(seen["budi"])  # a citizen never sees the private one

    def test_excluded_actors_are_checked_record_by_record(self):
        """Four-eyes' ``not`` clause (``!user:<id>``) gives what the catalog
        gives, without the catalog's start from every record
        (``UnIndex.query_index`` with ``not``: all record ids of the site)."""
        from Products.CMFCore.indexing import processQueue
        from Products.PluginIndexes.unindex import UnIndex
        from ptsp_portal.workflow import foureyes

        old = self.apps["old"]
        # as if the verifier had taken an earlier step of "old"
        barred = mock.patch.dict(foureyes.STEP_TRANSITIONS, {api.content.get_state(old): "accept"})
        with barred, mock.patch.object(foureyes, "earlier_actors", return_value=["verifikator"]):
            old.reindexObject(idxs=["ptsp_actors"])
            processQueue()
        login(self.portal, "verifikator")
        query = queue.build_query(self.folder, queue.parse_filters({}))
        self.assertEqual(query["ptsp_actors"]["not"], ["!user:verifikator"])
        expected = {b.getRID() for b in self.catalog.searchResults(query)}
        original = UnIndex.query_index

        def no_not(index, record, resultset=None):
            if record.get("not"):
                raise AssertionError(f"{index.getId()}: 'not' from every record")
            return original(index, record, resultset)

        with mock.patch.object(UnIndex, "query_index", no_not):
            narrowed = {self.ids[b.getId] for b in queue.search(self.folder, queue.parse_filters({}))}
        self.assertEqual(
            narrowed, {self.ids[self.catalog._catalog.paths[rid].rsplit("/", 1)[-1]] for rid in expected}
        )
        self.assertEqual(narrowed, {"new", "soon"})  # not "old": four-eyes bars the verifier

    def test_no_path_term_where_every_application_is(self):
        """Below ``/permohonan`` (or a parent) the ``path`` term is left out:
        every application is there, so the answer is the same."""
        login(self.portal, "verifikator")
        filters = queue.parse_filters({"tugas": "semua", "status": "semua"})
        for context in (self.folder, self.portal):
            query = queue.build_query(context, filters)
            self.assertNotIn("path", query)
            with_path = {**query, "path": "/".join(self.folder.getPhysicalPath())}
            expected = {b.getRID() for b in self.catalog.searchResults(with_path)}
            self.assertEqual({b.getRID() for b in queue.search(context, filters)}, expected)
            self.assertEqual(len(expected), len(self.apps))
        self.assertIn("path", queue.build_query(self.portal["layanan"], filters))
