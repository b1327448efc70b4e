"""The counter over HTTP on the demo site: a front-office officer, citizens
with and without an account, a REST filing helper."""

from plone import api
from ptsp_portal.security import ratelimit
from tests.forms import files
from tests.forms.test_rest import document
from tests.forms.test_rest import PERMIT
from tests.forms.test_rest import RestTestCase

import transaction

WALK_IN = {
    "nik": "3201015507850003",
    "name": "Sulastri Wulandari",
    "phone": "0812-7777-1234",
    "address": "Dusun Krajan RT 02 RW 01, Desa Sukamaju",
}
ACCOUNT_NIK = "3201016808880004"


class CounterTestCase(RestTestCase):
    USERS = {
        "loket": ("ptsp-frontoffice",),
        "warga-a": (),
        "warga-b": (),
        "verifikator": ("ptsp-verifiers", "ptsp-officers"),
    }

    def setUp(self):
        super().setUp()
        ratelimit.reset()
        self.addCleanup(ratelimit.reset)

    def documents(self, session, path=PERMIT):
        description = session.get(f"{path}/@apply").json()
        body = {}
        for field in description["fields"]:
            if field["type"] != "file" or not field["required"]:
                continue
            if "pdf" in field["file_types"]:
                body[field["id"]] = document(files.pdf(), f"{field['id']}.pdf", "application/pdf")
            else:
                body[field["id"]] = document(files.jpeg(), f"{field['id']}.jpg", "image/jpeg")
        return body

    def file_at_counter(self, citizen=None, **extra):
        session = self.session("loket")
        body = {**self.documents(session), "on_behalf_of": citizen or WALK_IN, **extra}
        response = session.post(f"{PERMIT}/@apply", json=body)
        self.assertEqual(response.status_code, 201, response.text[:2000])
        return response.json()

    def register(self, user_id, nik):
        """An account holding ``nik`` (in the NIK index, as registering does)."""
        api.user.create(
            email=f"{user_id}@example.org",
            username=user_id,
            password=self.password(),
            properties={"fullname": f"Warga {user_id}", "nik": nik},
        )
        transaction.commit()

    def password(self):
        from tests.base import PASSWORD

        return PASSWORD

    def mine(self, user_id):
        response = self.session(user_id).get("@my-applications?b_size=500")
        self.assertEqual(response.status_code, 200, response.text[:500])
        return {item.get("tracking_number") for item in response.json()["items"]} - {None}

    def claim(self, user_id, number, code):
        return self.session(user_id).post("@claim", json={"tracking_number": number, "claim_code": code})
