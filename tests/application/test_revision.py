"""Correcting an application in revision: the ``@@perbaiki`` page and
``ptsp_portal.applications.revision`` (who may, what is checked, what is recorded)."""

from AccessControl import Unauthorized
from Acquisition import aq_base
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.i18n.utility import setLanguageBinding
from plone.protect.authenticator import createToken
from ptsp_portal.applications import revision
from ptsp_portal.applications.intake import IntakeError
from ptsp_portal.applications.timeline import timeline
from ptsp_portal.constants import APPLICANT_FIELDS
from ptsp_portal.forms.model import Upload
from ptsp_portal.interfaces import IBrowserLayer
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.forms import files
from tests.forms.base import upload
from tests.workflow.base import apply
from tests.workflow.base import MONDAY
from tests.workflow.base import setup_office
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

import html
import transaction
import unittest


class RevisionCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IBrowserLayer)
        setup_office(self.portal)
        setLanguageBinding(self.request)
        self.app = apply(self.portal, submitted=MONDAY)
        self.old_ktp = self.app["ktp"]
        self.transition("verifikator", "request_revision", "Scan KTP buram, unggah ulang.")
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        logout()

    def transition(self, user_id, action, comment=""):
        login(self.portal, user_id)
        api.portal.get_tool("portal_workflow").doActionFor(self.app, action, comment=comment)

    def state(self):
        return api.content.get_state(self.app)

    def page(self, user_id, method="GET", **form):
        login(self.portal, user_id)
        self.request.form.clear()
        self.request.form.update(form)
        if method == "POST":
            self.request.form["_authenticator"] = createToken()
        self.request.environ["REQUEST_METHOD"] = method
        self.request.response.setStatus(200)
        self.request.response.headers.pop("location", None)
        view = getMultiAdapter((self.app, self.request), name="perbaiki")
        return html.unescape(view() or "")

    def answers(self, **changed):
        """The answer fields as the page posts them, with ``changed``."""
        values = {name: getattr(self.app, name) for name in APPLICANT_FIELDS}
        values.update(changed)
        form = {"jawaban": list(values)}
        form.update({f"jawaban.{name}": value for name, value in values.items()})
        return form

    def redirected(self):
        return self.request.response.getHeader("location")


class TestRevisionPage(RevisionCase):
    def test_detail_page_offers_revision_to_the_applicant_only(self):
        login(self.portal, "budi")
        page = getMultiAdapter((self.app, self.request), name="view")()
        self.assertIn("@@perbaiki", page)
        login(self.portal, "verifikator")
        page = getMultiAdapter((self.app, self.request), name="view")()
        self.assertNotIn("@@perbaiki", page)

    def test_form_is_prefilled_and_names_the_reason(self):
        page = self.page("budi")
        self.assertIn("Scan KTP buram, unggah ulang.", page)
        self.assertIn('value="+6281234567890"', page)
        self.assertIn('name="dokumen.ktp"', page)
        self.assertIn("ktp.pdf", page)  # the current file
        self.assertIn('accept="application/pdf,image/jpeg"', page)

    def test_replace_document_and_correct_answer_then_resubmit(self):
        self.page(
            "budi",
            "POST",
            **{
                **self.answers(applicant_phone="0813 1111 2222"),
                "dokumen.ktp": upload(files.jpeg(), "ktp-baru.jpg", "image/jpeg", "dokumen.ktp"),
                "comment": "KTP sudah dipindai ulang.",
                "form.buttons.resubmit": "1",
            },
        )
        self.assertEqual(self.redirected(), self.app.absolute_url())
        self.assertEqual(self.state(), "submitted")
        self.assertEqual(self.app.applicant_phone, "+6281311112222")
        ktp = self.app["ktp"]
        self.assertIsNot(aq_base(ktp), aq_base(self.old_ktp))
        self.assertEqual(ktp.file.filename, "ktp-baru.jpg")
        self.assertEqual(ktp.file.contentType, "image/jpeg")
        self.assertEqual(ktp.getOwner().getId(), "budi")
        login(self.portal, "verifikator")
        step = timeline(self.app)[-1]
        self.assertEqual(step["action"], "resubmit")
        self.assertEqual(step["comment"], "KTP sudah dipindai ulang.")
        self.assertEqual(step["changes"], ["Nomor telepon", "KTP (dokumen diganti)"])
        self.assertEqual(revision.pending_changes(self.app), [])
        # the clock runs again
        self.assertIsNotNone(self.app.due_date)

    def test_save_without_resubmit_keeps_the_file_with_the_applicant(self):
        self.page(
            "budi",
            "POST",
            **{
                "dokumen.ktp": upload(files.pdf(), "ktp2.pdf", "application/pdf", "dokumen.ktp"),
                "form.buttons.save": "1",
            },
        )
        self.assertEqual(self.state(), "revision")
        self.assertEqual(self.app["ktp"].file.filename, "ktp2.pdf")
        self.assertEqual(revision.pending_changes(self.app), ["KTP (dokumen diganti)"])
        # recorded later, with the resubmit however it is done
        self.transition("budi", "resubmit")
        login(self.portal, "verifikator")
        self.assertEqual(timeline(self.app)[-1]["changes"], ["KTP (dokumen diganti)"])

    def test_bad_document_is_refused_by_name_and_nothing_changes(self):
        page = self.page(
            "budi",
            "POST",
            **{
                **self.answers(applicant_phone="0813 1111 2222"),
                "dokumen.ktp": upload(files.HTML, "ktp.pdf", "application/pdf", "dokumen.ktp"),
                "form.buttons.resubmit": "1",
            },
        )
        self.assertIsNone(self.redirected())
        self.assertIn("Berkas KTP harus berupa PDF atau gambar JPEG", page)
        self.assertIn('value="0813 1111 2222"', page)  # the typed answer is kept
        self.assertTrue(transaction.get().isDoomed())
        transaction.abort()
        self.assertEqual(self.state(), "revision")
        self.assertIs(aq_base(self.app["ktp"]), aq_base(self.old_ktp))
        self.assertEqual(self.app.applicant_phone, "+6281234567890")

    def test_each_bad_kind_is_refused(self):
        login(self.portal, "budi")
        for data, name in (
            (b"", "kosong.pdf"),
            (files.EXE, "ktp.pdf"),
            (files.zip_bomb(5), "ktp.jpg"),
            (files.truncated_jpeg(), "ktp.jpg"),
        ):
            with self.assertRaises(IntakeError, msg=name) as caught:
                revision.revise(self.app, {}, {"ktp": Upload(name, "", data)}, self.request)
            self.assertIn("ktp", caught.exception.errors)
        self.assertIs(aq_base(self.app["ktp"]), aq_base(self.old_ktp))

    def test_bad_answers_get_a_message_each(self):
        login(self.portal, "budi")
        with self.assertRaises(IntakeError) as caught:
            revision.revise(
                self.app,
                {
                    "applicant_nik": "1234",
                    "applicant_email": "bukan-email",
                    "applicant_name": " ",
                    "tidak_ada": "x",
                },
                {},
                self.request,
            )
        errors = caught.exception.errors
        # name and email are the account's: what the request says is ignored;
        # budi's account has no NIK, so the typed one is checked
        self.assertEqual(set(errors), {"applicant_nik", "tidak_ada"})

    def test_unknown_document_is_refused(self):
        login(self.portal, "budi")
        with self.assertRaises(IntakeError) as caught:
            revision.revise(self.app, {}, {"lain": Upload("a.pdf", "", files.pdf())}, self.request)
        self.assertIn("lain", caught.exception.errors)
        self.assertNotIn("lain", self.app)


class TestWhoMayRevise(RevisionCase):
    def test_others_may_not(self):
        for user_id in ("siti", "verifikator", "editor"):
            login(self.portal, user_id)
            self.assertFalse(revision.can_revise(self.app), user_id)
            with self.assertRaises(Unauthorized):
                revision.revise(self.app, {"applicant_phone": "0813 1111 2222"}, {}, self.request)
        self.assertEqual(self.app.applicant_phone, "+6281234567890")

    def test_page_sends_others_back(self):
        # an officer (who may view) gets the detail page back, nothing saved
        self.page("verifikator", "POST", **self.answers(applicant_phone="0813 1111 2222"))
        self.assertEqual(self.redirected(), self.app.absolute_url())
        self.assertEqual(self.app.applicant_phone, "+6281234567890")
        # another citizen cannot even open the application
        login(self.portal, "siti")
        self.assertFalse(api.user.has_permission("View", obj=self.app))

    def test_not_outside_revision(self):
        self.transition("budi", "resubmit")
        login(self.portal, "budi")
        self.assertFalse(revision.can_revise(self.app))
        self.page("budi", "POST", **self.answers(applicant_phone="0813 1111 2222"))
        self.assertEqual(self.redirected(), self.app.absolute_url())
        self.assertEqual(self.app.applicant_phone, "+6281234567890")

    def test_documents_are_not_editable_directly(self):
        login(self.portal, "budi")
        self.assertTrue(api.user.has_permission("View", obj=self.app["ktp"]))
        self.assertFalse(api.user.has_permission("Modify portal content", obj=self.app["ktp"]))
        self.assertFalse(api.user.has_permission("Add portal content", obj=self.app))
        login(self.portal, "verifikator")
        self.assertFalse(api.user.has_permission("Modify portal content", obj=self.app["ktp"]))
