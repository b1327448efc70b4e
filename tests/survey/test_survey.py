"""The survey on the integration site: invitations on a decision, one-time
tokens, validation, anonymity of the stored responses, the hook to the
complaints channel, and the published figures with their minimum."""

from decimal import Decimal
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from ptsp_portal.applications.mine import my_applications
from ptsp_portal.survey import invitations
from ptsp_portal.survey.answering import AnswerError
from ptsp_portal.survey.answering import submit
from ptsp_portal.survey.events import ISurveySuggestionFiled
from ptsp_portal.survey.results import results
from ptsp_portal.survey.storage import get_storage
from ptsp_portal.testing import INTEGRATION_TESTING
from ptsp_portal.workflow.sla import today
from tests.survey.base import answers
from tests.survey.base import issued
from tests.survey.base import rejected
from tests.survey.base import transition
from tests.workflow.base import apply
from tests.workflow.base import NIK
from tests.workflow.base import setup_office
from zope.component import getGlobalSiteManager
from zope.component import provideHandler

import transaction
import unittest


class SurveyCase(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setup_office(self.portal)
        self.app = issued(self.portal)
        self.storage = get_storage(self.portal)
        self.token = invitations.pending_token(self.storage, self.app.UID())
        logout()

    def answer(self, token=None, **payload):
        payload.setdefault("answers", answers())
        return submit(self.token if token is None else token, payload)


class TestInvitation(SurveyCase):
    def test_issued_invites_once(self):
        self.assertIsNotNone(self.token)
        self.assertIn(self.app.UID(), self.storage.invitations)
        # one survey per application: a second decision event invites no more
        self.assertIsNone(invitations.invite(self.app, "2026-11-30"))

    def test_rejected_invites(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        app = rejected(self.portal, applicant="siti")
        self.assertEqual(api.content.get_state(app), "rejected")
        self.assertIsNotNone(invitations.pending_token(self.storage, app.UID()))

    def test_undecided_is_not_invited(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        app = apply(self.portal, applicant="siti")
        transition(self.portal, "verifikator", app, "accept")
        self.assertNotIn(app.UID(), self.storage.invitations)

    def test_only_a_hash_of_the_token_is_stored(self):
        stored = repr(dict(self.storage.invitations)) + repr(list(self.storage.tokens.items()))
        self.assertNotIn(self.token, stored)
        self.assertIn(invitations.token_hash(self.token), stored)

    def test_card_in_my_applications(self):
        login(self.portal, "budi")
        cards = invitations.pending_surveys(my_applications())
        self.assertEqual([c["tracking_number"] for c in cards], [self.app.tracking_number])
        self.assertEqual(cards[0]["token"], self.token)
        login(self.portal, "siti")
        self.assertEqual(invitations.pending_surveys(my_applications()), [])


class TestAnswering(SurveyCase):
    def test_answer_once(self):
        self.answer()
        self.assertEqual(len(self.storage.responses), 1)
        self.assertTrue(self.app.skm_answered)
        self.assertNotIn(self.app.UID(), self.storage.invitations)
        with self.assertRaises(invitations.UsedToken) as raised:
            self.answer()
        self.assertEqual(raised.exception.status, 409)
        self.assertEqual(len(self.storage.responses), 1)
        # and the card is gone
        login(self.portal, "budi")
        self.assertEqual(invitations.pending_surveys(my_applications()), [])

    def test_wrong_and_malformed_tokens(self):
        with self.assertRaises(invitations.UnknownToken) as raised:
            self.answer(token="A" * 43)
        self.assertEqual(raised.exception.status, 404)
        for token in ("", "pendek", "x" * 42 + "!"):
            with self.subTest(token=token), self.assertRaises(invitations.MalformedToken):
                self.answer(token=token)
        self.assertEqual(len(self.storage.responses), 0)

    def test_another_citizen_may_not_answer(self):
        login(self.portal, "siti")
        with self.assertRaises(invitations.NotYours) as raised:
            self.answer()
        self.assertEqual(raised.exception.status, 403)
        # nor an officer
        login(self.portal, "kadis")
        with self.assertRaises(invitations.NotYours):
            self.answer()
        self.assertEqual(len(self.storage.responses), 0)
        # the applicant logged in may
        login(self.portal, "budi")
        self.answer()
        self.assertEqual(len(self.storage.responses), 1)

    def test_every_element_required_and_in_range(self):
        bad = answers(persyaratan=5, waktu=0)
        del bad["sarana"]
        with self.assertRaises(AnswerError) as raised:
            self.answer(
                answers={**bad, "kecepatan": 4},
                profile={"sex": "X", "hobby": "catur"},
                suggestion="x" * 2001,
                file_suggestion="ya",
            )
        self.assertEqual(
            set(raised.exception.errors),
            {
                "answers.persyaratan",
                "answers.waktu",
                "answers.sarana",
                "answers.kecepatan",
                "profile.sex",
                "profile.hobby",
                "suggestion",
                "file_suggestion",
            },
        )
        self.assertEqual(len(self.storage.responses), 0)
        self.assertIn(self.app.UID(), self.storage.invitations)  # the token still works
        self.answer(answers=answers(value="3"), profile={"sex": "P", "age_band": ""})
        self.assertEqual(len(self.storage.responses), 1)


class TestAnonymity(SurveyCase):
    """Nothing leads from a stored response to the applicant, the account or
    the application."""

    def test_no_path_from_a_response_to_a_person(self):
        login(self.portal, "budi")
        self.answer(
            profile={"age_band": "26-35", "sex": "L", "education": "s1", "occupation": "wiraswasta"},
            suggestion="Ruang tunggu perlu kursi tambahan.",
        )
        self.assertEqual(transaction.get().user, "")  # the transaction log names no one
        self.assertEqual(transaction.get().description, "")
        (response,) = self.storage.responses.values()
        self.assertEqual(set(response), {"month", "permit_type", "answers", "profile", "suggestion"})
        day = today()
        self.assertEqual(response["month"], f"{day.year:04d}-{day.month:02d}")  # no day, no time
        self.assertEqual(response["permit_type"], self.app.permit_type)  # the service, not the file
        identifying = [
            self.app.UID(),
            self.app.getId(),
            self.app.tracking_number,
            NIK,
            "budi",
            "Budi Santoso",
            "budi@example.org",
            self.token,
            invitations.token_hash(self.token),
        ]
        everything = repr(dict(self.storage.responses)) + repr(
            {key: tally.counts for key, tally in self.storage.tallies.items()}
        )
        for value in identifying:
            self.assertNotIn(value, everything)
        # the response's key is random, not derived from the application
        (key,) = self.storage.responses.keys()
        self.assertNotIn(key, repr([self.app.UID(), self.app.getId(), self.token]))
        # what remains of the invitation: only the used token's hash, in a
        # set of hashes, with no reference to a response
        self.assertEqual(len(self.storage.invitations), 0)
        self.assertEqual(len(self.storage.tokens), 0)
        self.assertEqual(list(self.storage.used), [invitations.token_hash(self.token)])
        # and on the application only the flag
        self.assertTrue(self.app.skm_answered)
        self.assertNotIn(key, repr(self.app.__dict__))


class TestSuggestionHook(SurveyCase):
    def setUp(self):
        super().setUp()
        self.events = []

        def file_suggestion(event):
            self.events.append(event)
            event.complaint_number = "ADU-2026-000123"
            event.access_code = "kode"

        self.handler = file_suggestion
        provideHandler(file_suggestion, (ISurveySuggestionFiled,))
        self.addCleanup(getGlobalSiteManager().unregisterHandler, file_suggestion, (ISurveySuggestionFiled,))

    def test_ticked_suggestion_is_filed_without_identity(self):
        login(self.portal, "budi")
        result = self.answer(suggestion="Tambahkan loket prioritas.", file_suggestion=True)
        (event,) = self.events
        self.assertEqual(event.suggestion, "Tambahkan loket prioritas.")
        self.assertEqual(event.permit_type, self.app.permit_type)
        self.assertEqual(event.permit_type_title, "Surat Izin Praktik Dokter")
        self.assertNotIn("budi", repr(vars(event)))
        self.assertEqual(result["complaint_number"], "ADU-2026-000123")

    def test_not_ticked_files_nothing(self):
        result = self.answer(suggestion="Tambahkan loket prioritas.")
        self.assertEqual(self.events, [])
        self.assertIsNone(result["complaint_number"])

    def test_ticked_without_text_is_refused(self):
        with self.assertRaises(AnswerError) as raised:
            self.answer(file_suggestion=True)
        self.assertEqual(set(raised.exception.errors), {"suggestion"})


class TestResults(SurveyCase):
    def test_minimum_then_hand_computed_index(self):
        """Three respondents (minimum 3): 4 everywhere; 3 everywhere but
        biaya 4; 2 everywhere but biaya 4.  NRR: 3 for eight elements, biaya
        4.  Sum 28; /9 x 25 = 77.777... -> 77.78, B."""
        api.portal.set_registry_record("ptsp_portal.skm_minimum_respondents", 3)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        second = issued(self.portal, applicant="siti")
        third = issued(self.portal, permit_code="reklame", applicant="siti")
        tokens = [invitations.pending_token(self.storage, a.UID()) for a in (second, third)]
        logout()
        self.answer()
        self.answer(token=tokens[0], answers=answers(3, biaya=4))
        figures = results()
        self.assertEqual(figures["respondents"], 2)
        self.assertFalse(figures["sufficient"])
        self.assertIsNone(figures["index"])
        self.answer(token=tokens[1], answers=answers(2, biaya=4))
        figures = results(str(today().year))
        self.assertEqual(figures["respondents"], 3)
        self.assertEqual(figures["index"]["ikm"], Decimal("77.78"))
        self.assertEqual(figures["index"]["grade"], "B")
        # per permit type: each below the minimum, so no grade of its own
        rows = {row["id"]: row for row in figures["permit_types"]}
        self.assertEqual(rows["sip-dokter"]["respondents"], 2)
        self.assertEqual(rows["reklame"]["respondents"], 1)
        self.assertIsNone(rows["reklame"]["index"])
        api.portal.set_registry_record("ptsp_portal.skm_minimum_respondents", 1)
        reklame = results(permit_type="reklame")
        self.assertEqual(reklame["respondents"], 1)
        self.assertEqual(reklame["index"]["ikm"], Decimal("55.56"))  # (8 x 2 + 4) / 9 x 25 = 55.555...
        self.assertEqual(reklame["index"]["grade"], "D")
        # another year has nothing
        self.assertEqual(results(str(today().year - 1))["respondents"], 0)
