"""The survey over HTTP: the invitation mail read back from a real SMTP
server (aiosmtpd on loopback), ``POST @skm`` with its token (201, then 409),
wrong tokens, ``GET @skm`` and the pages, the card in "Permohonan Saya"."""

from aiosmtpd.controller import Controller
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import TEST_USER_ID
from Products.MailHost.MailHost import MailHost
from ptsp_portal.survey.elements import ELEMENT_KEYS
from tests.my_applications.base import CITIZEN_SERVER_TESTING
from tests.my_applications.base import session
from tests.notifications.base import body
from tests.notifications.test_smtp import Collector
from tests.notifications.test_smtp import free_port
from tests.survey.base import answers
from tests.survey.base import issued
from tests.survey.base import rejected
from tests.workflow.base import setup_office

import re
import transaction
import unittest

LINK = re.compile(r"(http\S+/@@skm-survei\?token=([A-Za-z0-9_-]+))")


class TestSurveyOverHttp(unittest.TestCase):
    layer = CITIZEN_SERVER_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.collector = Collector()
        port = free_port()
        self.smtpd = Controller(self.collector, hostname="127.0.0.1", port=port)
        self.smtpd.start()
        self.addCleanup(self.smtpd.stop)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        if not isinstance(self.portal.MailHost, MailHost):  # a test mock
            self.portal._delObject("MailHost")
            self.portal._setObject("MailHost", MailHost("MailHost"))
        self.portal.MailHost.smtp_host = "127.0.0.1"
        self.portal.MailHost.smtp_port = port
        api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
        api.portal.set_registry_record("plone.smtp_port", port)
        setup_office(self.portal)
        transaction.commit()
        self.app = issued(self.portal)
        transaction.commit()  # the mails go after the commit
        self.link, self.token = self.invitation("budi@example.org")

    def invitation(self, address):
        mails = [m for m in self.collector.to(address) if "Survei Kepuasan Masyarakat" in m["Subject"]]
        self.assertEqual(len(mails), 1, [m["Subject"] for m in mails])
        match = LINK.search(body(mails[0]))
        self.assertIsNotNone(match, body(mails[0]))
        return match.group(1), match.group(2)

    def post(self, user_id=None, **payload):
        return session(self, self.portal, user_id).post("@skm", json=payload)

    def test_invitation_mail_on_issued_and_on_rejected(self):
        self.assertTrue(self.link.startswith(self.portal.absolute_url()))
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        rejected(self.portal, applicant="siti")
        transaction.commit()
        _link, token = self.invitation("siti@example.org")
        self.assertNotEqual(token, self.token)

    def test_answer_with_the_token_once(self):
        response = self.post(token=self.token, answers=answers(4), profile={"sex": "L"})
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["answered"], True)
        again = self.post(token=self.token, answers=answers(4))
        self.assertEqual(again.status_code, 409, again.text)
        self.assertIn("sudah diisi", again.json()["error"]["message"])
        page = session(self, self.portal, api=False).get("@@skm-survei", params={"token": self.token})
        self.assertEqual(page.status_code, 409)
        self.assertIn("sudah diisi", page.text)

    def test_token_required_and_checked(self):
        missing = self.post(answers=answers(4))
        self.assertEqual(missing.status_code, 400)
        malformed = self.post(token="abc", answers=answers(4))
        self.assertEqual(malformed.status_code, 400)
        unknown = self.post(token="B" * 43, answers=answers(4))
        self.assertEqual(unknown.status_code, 404)
        invalid = self.post(token=self.token, answers={"persyaratan": 9})
        self.assertEqual(invalid.status_code, 400)
        fields = {e["field"] for e in invalid.json()["error"]["errors"]}
        self.assertEqual(fields, {f"answers.{key}" for key in ELEMENT_KEYS})
        other = self.post("siti", token=self.token, answers=answers(4))
        self.assertEqual(other.status_code, 403, other.text)
        # none of these used the token
        self.assertEqual(self.post(token=self.token, answers=answers(4)).status_code, 201)

    def test_answer_page(self):
        browser = session(self, self.portal, api=False)
        page = browser.get(self.link)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Persyaratan", page.text)
        self.assertIn("Dikelola dengan baik", page.text)
        form = {"token": self.token, **{f"answers.{key}": "3" for key in ELEMENT_KEYS[:-1]}}
        incomplete = browser.post("@@skm-survei", data=form)
        self.assertEqual(incomplete.status_code, 400)
        self.assertIn("Pilih salah satu nilai 1 sampai 4.", incomplete.text)
        form[f"answers.{ELEMENT_KEYS[-1]}"] = "2"
        done = browser.post("@@skm-survei", data=form)
        self.assertEqual(done.status_code, 200, done.text[-2000:])
        self.assertIn("Terima kasih", done.text)
        self.assertEqual(browser.get(self.link).status_code, 409)

    def test_card_in_my_applications(self):
        page = session(self, self.portal, "budi", api=False).get("@@permohonan-saya")
        self.assertIn("Bagaimana layanan kami?", page.text)
        self.assertIn(f"token={self.token}", page.text)
        other = session(self, self.portal, "siti", api=False).get("@@permohonan-saya")
        self.assertNotIn("@@skm-survei?token=", other.text)
        self.assertNotIn(self.token, other.text)

    def test_public_index(self):
        api.portal.set_registry_record("ptsp_portal.skm_minimum_respondents", 1)
        transaction.commit()
        anonymous = session(self, self.portal)
        before = anonymous.get("@skm").json()
        self.assertEqual(before["respondents"], 0)
        self.assertIsNone(before["ikm"])
        self.assertEqual(self.post(token=self.token, answers=answers(3, biaya=4)).status_code, 201)
        after = anonymous.get("@skm").json()
        self.assertEqual(after["respondents"], 1)
        self.assertEqual(after["ikm"], 77.78)  # (8 x 3 + 4) / 9 x 25 = 77.777...
        self.assertEqual((after["grade"], after["performance"]), ("B", "Baik"))
        self.assertEqual({e["id"]: e["nrr"] for e in after["elements"]}["biaya"], 4.0)
        self.assertEqual(anonymous.get("@skm", params={"permit_type": "sip-dokter"}).json()["respondents"], 1)
        self.assertEqual(anonymous.get("@skm", params={"permit_type": "reklame"}).json()["respondents"], 0)
        for params in ({"period": "2026-S3"}, {"period": "tahun ini"}, {"permit_type": "tidak-ada"}):
            with self.subTest(params=params):
                refused = anonymous.get("@skm", params=params)
                self.assertEqual(refused.status_code, 400)
                self.assertEqual(refused.json()["error"]["errors"][0]["field"], next(iter(params)))
        pages = session(self, self.portal, api=False)
        page = pages.get("@@skm")
        self.assertEqual(page.status_code, 200)
        self.assertIn("77,78", page.text)
        csv = pages.get("@@skm-csv")
        self.assertEqual(csv.status_code, 200)
        self.assertIn("IKM", csv.content.decode("utf-8-sig"))
        self.assertEqual(pages.get("@@skm", params={"period": "x"}).status_code, 400)
        self.assertEqual(pages.get("@@skm-csv", params={"period": "x"}).status_code, 400)

    def test_minimum_hides_the_grade(self):
        self.assertEqual(self.post(token=self.token, answers=answers(4)).status_code, 201)
        data = session(self, self.portal).get("@skm").json()
        self.assertEqual((data["respondents"], data["minimum_respondents"]), (1, 30))
        self.assertEqual((data["ikm"], data["grade"], data["sufficient"]), (None, None, False))
        self.assertEqual({e["nrr"] for e in data["elements"]}, {None})
        page = session(self, self.portal, api=False).get("@@skm")
        self.assertIn("sampel terlalu kecil", page.text)

    def test_raw_responses_for_managers_only(self):
        self.assertEqual(self.post(token=self.token, answers=answers(4)).status_code, 201)
        for user_id in (None, "budi", "kadis", "editor"):
            with self.subTest(user=user_id):
                refused = session(self, self.portal, user_id, api=False).get(
                    "@@skm-jawaban-csv", allow_redirects=False
                )
                self.assertIn(refused.status_code, (302, 401, 403))
        manager = session(self, self.portal, SITE_OWNER_NAME, api=False).get("@@skm-jawaban-csv")
        self.assertEqual(manager.status_code, 200)
        rows = manager.content.decode("utf-8-sig").splitlines()
        self.assertEqual(len(rows), 2)
        self.assertNotIn("Budi", manager.text)
        self.assertNotIn(self.app.tracking_number, manager.text)

    def test_logged_in_applicant_answers_on_the_page(self):
        """Through the card: the form carries plone.protect's authenticator."""
        browser = session(self, self.portal, "budi", api=False)
        page = browser.get("@@skm-survei", params={"token": self.token})
        self.assertEqual(page.status_code, 200)
        authenticator = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
        form = {"token": self.token, "_authenticator": authenticator}
        form.update({f"answers.{key}": "4" for key in ELEMENT_KEYS})
        done = browser.post("@@skm-survei", data=form)
        self.assertEqual(done.status_code, 200)
        self.assertIn("Terima kasih", done.text)
        transaction.begin()
        self.assertTrue(self.portal.permohonan[self.app.getId()].skm_answered)
        # another citizen is refused on the page too
        other = session(self, self.portal, "siti", api=False).get(
            "@@skm-survei", params={"token": self.token}
        )
        self.assertEqual(other.status_code, 409)  # used; before that: 403 (the matrix)
