"""A fee-bearing application is billed, waits for payment with the SLA
clock stopped, and reaches the approver only once paid or waived."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from Products.CMFCore.WorkflowCore import WorkflowException
from ptsp_portal.fees import bills
from ptsp_portal.fees import figures
from ptsp_portal.fees import ledger
from ptsp_portal.fees import payment
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.fees.base import apply_for_building
from tests.fees.base import setup_fees
from tests.fees.base import to_technical_review
from tests.workflow.base import apply
from tests.workflow.base import MONDAY

import unittest


class BillingCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_fees(self.portal)
        self.app = apply_for_building(self.portal, area=120, submitted=MONDAY)
        to_technical_review(self.app)
        logout()

    def transitions(self, user_id, obj=None):
        login(self.portal, user_id)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(obj or self.app))

    def do(self, user_id, action, comment="", obj=None):
        login(self.portal, user_id)
        api.portal.get_tool("portal_workflow").doActionFor(obj or self.app, action, comment=comment)

    def state(self, obj=None):
        return api.content.get_state(obj or self.app)

    def bill(self):
        self.do("teknis", "issue_bill", "Dokumen teknis sesuai.")
        return bills.bill_of(self.app)


class TestIssue(BillingCase):
    def test_reviewer_is_offered_the_bill_not_the_plain_recommendation(self):
        self.assertEqual(self.transitions("teknis"), ["issue_bill", "request_revision"])
        with self.assertRaises(WorkflowException):
            self.do("teknis", "recommend", "x")
        self.assertEqual(self.state(), "technical_review")

    def test_free_permit_type_is_recommended_as_before(self):
        other = apply(self.portal, submitted=MONDAY)  # sip-dokter: no fee
        to_technical_review(other)
        self.assertEqual(self.transitions("teknis", other), ["recommend", "request_revision"])
        self.do("teknis", "recommend", "ok", obj=other)
        self.assertEqual(self.state(other), "pending_approval")
        self.assertIsNone(bills.bill_of(other))

    def test_bill_issued_with_number_amount_due_date_and_instructions(self):
        bill = self.bill()
        self.assertEqual(self.state(), "awaiting_payment")
        year = bill["issued"].year
        self.assertRegex(bill["number"], rf"^SKRD/{year}/\d{{6}}$")
        self.assertEqual(bill["amount"], 120 * 10000 * 3 // 2)
        self.assertEqual(bill["basis"], "luas_bangunan 120 × Rp 10.000 × 1,5")
        self.assertEqual((bill["due_date"] - bill["issued"].date()).days, 30)
        self.assertIn("SKRD", bill["instructions"])
        self.assertEqual(bill["status"], "unpaid")
        self.assertEqual(ledger.entry(bill["number"])["application_uid"], self.app.UID())
        self.assertEqual(bills.find(bill["number"])[0], self.app)
        # the next bill has the next number
        second = apply_for_building(self.portal, area=10, submitted=MONDAY)
        to_technical_review(second)
        self.do("teknis", "issue_bill", "ok", obj=second)
        self.assertEqual(int(bills.bill_of(second)["number"][-6:]), int(bill["number"][-6:]) + 1)

    def test_missing_answer_refuses_the_bill_with_a_message(self):
        other = apply(self.portal, permit_code="reklame", submitted=MONDAY, form_data={})
        to_technical_review(other)
        with self.assertRaises(WorkflowException) as caught:
            self.do("teknis", "issue_bill", "ok", obj=other)
        self.assertIn("luas_bangunan", str(caught.exception))
        self.assertEqual(self.state(other), "technical_review")
        self.assertIsNone(bills.bill_of(other))

    def test_unknown_field_in_the_definition_refuses_the_bill(self):
        self.portal["layanan"]["reklame"].fee_answer = "luas_tanah"
        with self.assertRaises(WorkflowException) as caught:
            self.do("teknis", "issue_bill", "ok")
        self.assertIn("luas_tanah", str(caught.exception))
        self.assertIsNone(bills.bill_of(self.app))

    def test_sla_clock_stops_while_awaiting_payment(self):
        self.bill()
        self.assertIsNotNone(self.app.sla_paused_on)


class TestApprovalBlockedUntilPaid(BillingCase):
    def test_approver_cannot_approve_an_unpaid_application(self):
        self.bill()
        self.assertEqual(self.transitions("kadis"), ["reject", "waive_fee"])
        with self.assertRaises(WorkflowException):
            self.do("kadis", "approve")
        self.assertEqual(self.state(), "awaiting_payment")
        # nor can the cashier move it on before the payment is recorded
        with self.assertRaises(WorkflowException):
            self.do("kasir", "confirm_payment")
        self.assertEqual(self.state(), "awaiting_payment")

    def test_paid_by_the_cashier_then_approved(self):
        bill = self.bill()
        login(self.portal, "kasir")
        self.assertTrue(
            payment.record_payment(self.app, bill, "KWT-0001", payment.CASHIER, recorded_by="kasir")
        )
        self.assertEqual(self.state(), "pending_approval")
        self.assertEqual(
            (bill["status"], bill["reference"], bill["channel"]), ("paid", "KWT-0001", "cashier")
        )
        self.assertIsNone(self.app.sla_paused_on)
        self.do("kadis", "approve")
        self.assertEqual(self.state(), "issued")
        history = [h["action"] for h in self.app.workflow_history["ptsp_application_workflow"]]
        self.assertEqual(history, [None, "accept", "issue_bill", "confirm_payment", "approve"])

    def test_others_cannot_record_a_payment(self):
        bill = self.bill()
        for user in ("budi", "verifikator", "teknis", "kadis"):
            login(self.portal, user)
            with self.assertRaises(payment.PaymentError, msg=user) as caught:
                payment.record_payment(self.app, bill, "KWT-1", payment.CASHIER)
            self.assertEqual(caught.exception.status, 403)
            self.assertEqual(bill["status"], "unpaid")
        self.assertEqual(self.state(), "awaiting_payment")

    def test_waived_by_the_approver_with_a_reason(self):
        bill = self.bill()
        with self.assertRaises(WorkflowException):
            self.do("kadis", "waive_fee", "")
        with self.assertRaises(WorkflowException):
            self.do("kasir", "waive_fee", "Bangunan ibadah.")
        self.do("kadis", "waive_fee", "Bangunan ibadah, dibebaskan menurut perda.")
        self.assertEqual(self.state(), "pending_approval")
        self.assertEqual(
            (bill["status"], bill["waived_reason"]), ("waived", "Bangunan ibadah, dibebaskan menurut perda.")
        )
        # sent back and recommended again: no second bill
        self.do("kadis", "send_back", "Periksa ulang.")
        self.assertEqual(self.transitions("teknis"), ["recommend", "request_revision"])

    def test_four_eyes_bars_the_billing_reviewer_from_approving(self):
        self.portal.acl_users.portal_role_manager.doAssignRoleToPrincipal("teknis", "Approver")
        self.bill()
        self.do("kadis", "waive_fee", "Dibebaskan.")
        self.assertNotIn("approve", self.transitions("teknis"))


class TestFigures(BillingCase):
    def test_billed_and_paid_per_month_and_permit_type(self):
        bill = self.bill()
        login(self.portal, "kasir")
        payment.record_payment(self.app, bill, "KWT-7", payment.CASHIER)
        result = figures.figures(bill["issued"].year)
        self.assertEqual(len(result["rows"]), 1)
        row = result["rows"][0]
        self.assertEqual(row["permit_type"], "reklame")
        self.assertEqual((row["billed_count"], row["billed_amount"]), (1, 1800000))
        self.assertEqual((row["paid_count"], row["paid_amount"]), (1, 1800000))
        self.assertEqual(result["totals"]["waived_amount"], 0)
        self.assertEqual(figures.figures(bill["issued"].year - 1)["rows"], [])


class TestEditForm(BillingCase):
    """The permit type's edit form refuses an unknown or non-numeric answer."""

    def validate(self, value):
        from ptsp_portal.content.permit_type import IPermitType
        from ptsp_portal.fees.validators import FeeAnswerValidator

        permit_type = self.portal["layanan"]["reklame"]
        field = IPermitType["fee_answer"].bind(permit_type)
        FeeAnswerValidator(permit_type, self.layer["request"], None, field, None).validate(value)

    def test_known_numeric_answer_passes(self):
        self.validate("luas_bangunan")
        self.validate("jumlah_lantai")

    def test_unknown_or_text_answer_is_refused(self):
        from zope.interface import Invalid
        from zope.schema import ValidationError

        for value in ("luas_tanah", "fungsi", "applicant_name"):
            with self.assertRaises(Invalid, msg=value):
                self.validate(value)
        for value in ("luas_bangunan * 2", "__import__('os')"):
            with self.assertRaises(ValidationError, msg=value):
                self.validate(value)
