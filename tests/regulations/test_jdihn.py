"""The JDIHN feed (issue 15 §4): ``@jdihn`` and ``integrasi-jdihn`` on the
served demo site — JDIHN's keys exactly, every value a string, dates
``YYYY-MM-DD``, published regulations only, cacheable by a shared cache."""

from plone import api
from plone.namedfile.file import NamedBlobFile
from ptsp_portal.constants import REGULATION
from ptsp_portal.regulations import jdihn
from tests.base import DemoSiteHttpTestCase

import datetime
import re
import requests
import transaction

JDIHN_KEYS = [
    "idData",
    "tahun_pengundangan",
    "tanggal_penetapan",
    "tanggal_pengundangan",
    "jenis",
    "noPeraturan",
    "judul",
    "noPanggil",
    "singkatanJenis",
    "tempatTerbit",
    "penerbit",
    "deskripsiFisik",
    "sumber",
    "subjek",
    "isbn",
    "status",
    "bahasa",
    "bidangHukum",
    "teuBadan",
    "nomorIndukBuku",
    "fileDownload",
    "urlDownload",
    "urlDetailPeraturan",
    "abstrak",
    "operasi",
    "display",
]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PDF = b"%PDF-1.4\n% peraturan uji\n%%EOF\n"
YEAR = re.compile(r"^\d{4}$")


def by_title(documents, start):
    found = [d for d in documents if d["judul"].startswith(start)]
    assert len(found) == 1, (start, [d["judul"] for d in found])
    return found[0]


class TestJdihnFeed(DemoSiteHttpTestCase):
    USERS = {"editor-jdihn": ("ptsp-editors",)}

    def feed(self, path="@jdihn", user_id=None, api_=True):
        response = self.session(user_id, api=api_).get(path, allow_redirects=False)
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(response.headers["Content-Type"].split(";")[0], "application/json")
        return response

    def published_regulations(self):
        catalog = api.portal.get_tool("portal_catalog")
        return {
            b.UID: b
            for b in catalog.unrestrictedSearchResults(portal_type=REGULATION, review_state="published")
        }

    def test_keys_types_and_dates_of_every_demo_regulation(self):
        documents = self.feed().json()
        self.assertIsInstance(documents, list)  # a bare array, no envelope
        published = self.published_regulations()
        self.assertEqual(len(published), 30)  # the demo's regulations, all published
        self.assertEqual(sorted(d["idData"] for d in documents), sorted(published))
        self.assertEqual(list(jdihn.KEYS), JDIHN_KEYS)
        for document in documents:
            where = document["judul"]
            self.assertEqual(list(document), JDIHN_KEYS, where)  # exactly, in order
            for key, value in document.items():
                self.assertIsInstance(value, str, f"{where}: {key}")
            for key in ("tanggal_penetapan", "tanggal_pengundangan"):
                value = document[key]
                if value:
                    self.assertRegex(value, DATE, f"{where}: {key}")
                    datetime.date.fromisoformat(value)  # a real day
            self.assertRegex(document["tahun_pengundangan"], YEAR, where)
            if document["tanggal_pengundangan"]:
                self.assertEqual(document["tahun_pengundangan"], document["tanggal_pengundangan"][:4])
            self.assertIn(document["status"], ("Berlaku", "Tidak Berlaku"), where)
            self.assertEqual(document["bahasa"], "Indonesia", where)
            self.assertEqual((document["operasi"], document["display"]), ("4", "1"), where)
            brain = published[document["idData"]]
            self.assertEqual(document["judul"], brain.Title, where)
            self.assertEqual(document["noPeraturan"], brain.regulation_number, where)
            self.assertEqual(requests.get(document["urlDetailPeraturan"]).status_code, 200, where)
            self.assertNotEqual(document["jenis"], "", where)
            self.assertNotEqual(document["singkatanJenis"], "", where)
            self.assertEqual(document["teuBadan"] != "", True, where)
            # no file in the demo: nothing to download, never a made-up URL
            self.assertEqual((document["fileDownload"], document["urlDownload"]), ("", ""), where)
            for monograph_only in ("penerbit", "deskripsiFisik", "isbn", "nomorIndukBuku"):
                self.assertEqual(document[monograph_only], "", where)

    def test_demo_values_follow_the_verified_facts(self):
        documents = self.feed().json()
        public_service = by_title(documents, "Undang-Undang Nomor 25 Tahun 2009")
        # promulgated 18 July 2009 in LN 2009 No. 112; the enactment date is unverified: empty
        self.assertEqual(public_service["tanggal_pengundangan"], "2009-07-18")
        self.assertEqual(public_service["tanggal_penetapan"], "")
        self.assertEqual(public_service["tahun_pengundangan"], "2009")
        self.assertEqual(public_service["sumber"], "LN 2009 (112)")
        self.assertEqual(public_service["tempatTerbit"], "")
        self.assertEqual((public_service["jenis"], public_service["singkatanJenis"]), ("Undang-Undang", "UU"))
        self.assertEqual(public_service["teuBadan"], "Indonesia, Pemerintah Pusat")
        # amended (by UU 19/2016 and UU 1/2024) but in force
        ite = by_title(documents, "Undang-Undang Nomor 11 Tahun 2008")
        self.assertEqual(ite["status"], "Berlaku")
        # revoked by UU 17/2023 and by PP 28/2025
        self.assertEqual(by_title(documents, "Undang-Undang Nomor 38 Tahun 2014")["status"], "Tidak Berlaku")
        self.assertEqual(
            by_title(documents, "Peraturan Pemerintah Nomor 5 Tahun 2021")["status"], "Tidak Berlaku"
        )
        # "Ditetapkan di Jakarta pada tanggal 4 Oktober 2019 ... Diundangkan ... 10 Oktober 2019"
        pste = by_title(documents, "Peraturan Pemerintah Nomor 71 Tahun 2019")
        self.assertEqual(
            (pste["tempatTerbit"], pste["tanggal_penetapan"], pste["tanggal_pengundangan"]),
            ("Jakarta", "2019-10-04", "2019-10-10"),
        )
        # no promulgation date known: the year of the regulation
        oss = by_title(documents, "Peraturan Pemerintah Nomor 28 Tahun 2025")
        self.assertEqual((oss["tanggal_pengundangan"], oss["tahun_pengundangan"]), ("", "2025"))
        self.assertEqual(oss["tanggal_penetapan"], "2025-06-05")
        health = by_title(documents, "Undang-Undang Nomor 17 Tahun 2023")
        self.assertEqual(health["sumber"], "LN 2023 (105), TLN (6887)")

    def test_plain_address_serves_the_same_feed(self):
        from_api = self.feed().json()
        plain = self.feed("integrasi-jdihn", api_=False)
        self.assertEqual(plain.json(), from_api)
        self.assertTrue(plain.text.startswith("["))
        # a browser asking for HTML gets the same JSON
        html = requests.get(f"{self.site_url}/integrasi-jdihn", headers={"Accept": "text/html"})
        self.assertEqual(html.json(), from_api)

    def test_anonymous_feed_may_be_kept_by_a_shared_cache(self):
        for response in (self.feed(), self.feed("integrasi-jdihn", api_=False)):
            control = response.headers["Cache-Control"]
            self.assertIn("public", control, response.url)
            self.assertIn("s-maxage=", control)
        # logged in: private, as every personal answer
        response = self.feed(user_id="editor-jdihn")
        self.assertEqual(response.headers["Cache-Control"], "private, no-store")

    def test_private_and_retracted_regulations_are_not_in_the_feed(self):
        folder = self.portal["regulasi"]
        with api.env.adopt_roles(["Manager"]):
            draft = api.content.create(
                container=folder,
                type=REGULATION,
                id="perbup-99-2026-rancangan",
                title="Peraturan Bupati Nomor 99 Tahun 2026 tentang Rancangan Rahasia",
                regulation_type="perbup-perwali",
                number="99",
                year=2026,
                status="berlaku",
            )
        self.assertEqual(api.content.get_state(draft), "private")
        uid = draft.UID()
        transaction.commit()

        def ids(user_id=None):
            return {d["idData"] for d in self.feed(user_id=user_id).json()} | {
                d["idData"] for d in self.feed("integrasi-jdihn", user_id=user_id, api_=False).json()
            }

        # neither the public nor an editor who may see the draft gets it
        for user_id in (None, "editor-jdihn"):
            self.assertNotIn(uid, ids(user_id), user_id)
            self.assertNotIn("Rancangan Rahasia", self.feed(user_id=user_id).text)
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=draft, transition="publish")
        transaction.commit()
        document = [d for d in self.feed().json() if d["idData"] == uid]
        self.assertEqual(len(document), 1)
        self.assertEqual(document[0]["singkatanJenis"], "PERBUP/PERWALI")
        self.assertEqual(document[0]["tahun_pengundangan"], "2026")
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=draft, transition="retract")
        transaction.commit()
        self.assertNotIn(uid, ids())

    def test_new_fields_reach_the_feed_without_waking_regulations(self):
        folder = self.portal["regulasi"]
        with api.env.adopt_roles(["Manager"]):
            regulation = api.content.create(
                container=folder,
                type=REGULATION,
                id="perda-7-2025-uji",
                title="Peraturan Daerah Kabupaten Contoh Nomor 7 Tahun 2025 tentang Uji Umpan",
                regulation_type="perda-kabkota",
                number="7",
                year=2025,
                enacted_date=datetime.date(2025, 3, 3),
                promulgated_date=datetime.date(2025, 3, 4),
                place_of_enactment="Kota Contoh",
                source="LD KAB. CONTOH 2025 (7) : 12 hlm",
                field_of_law="hukum-administrasi-negara",
                call_number="348.02 KAB p",
                abstract="Abstrak uji.",
                file=NamedBlobFile(data=PDF, filename="perda 7 2025.pdf"),
                issuing_body="Contoh (Kabupaten)",
                subject="RETRIBUSI",
                status="tidak-berlaku",
            )
            api.content.transition(obj=regulation, transition="publish")
        transaction.commit()
        brain = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(UID=regulation.UID())[0]
        self.assertEqual(brain.jdih_metadata["source"], "LD KAB. CONTOH 2025 (7) : 12 hlm")
        document = [d for d in self.feed().json() if d["idData"] == regulation.UID()][0]
        self.assertEqual(
            {k: document[k] for k in ("tempatTerbit", "sumber", "bidangHukum", "noPanggil", "abstrak")},
            {
                "tempatTerbit": "Kota Contoh",
                "sumber": "LD KAB. CONTOH 2025 (7) : 12 hlm",
                "bidangHukum": "Hukum Administrasi Negara",
                "noPanggil": "348.02 KAB p",
                "abstrak": "Abstrak uji.",
            },
        )
        self.assertEqual(
            (document["tanggal_penetapan"], document["tanggal_pengundangan"]), ("2025-03-03", "2025-03-04")
        )
        self.assertEqual(
            (document["jenis"], document["singkatanJenis"]), ("Peraturan Daerah Kabupaten/Kota", "PERDA")
        )
        self.assertEqual(document["status"], "Tidak Berlaku")
        self.assertEqual(document["teuBadan"], "Contoh (Kabupaten)")
        self.assertEqual(document["subjek"], "RETRIBUSI")
        self.assertEqual(document["fileDownload"], "perda 7 2025.pdf")
        download = requests.get(document["urlDownload"])
        self.assertEqual((download.status_code, download.content), (200, PDF), document["urlDownload"])
        self.assertEqual(document["urlDetailPeraturan"], f"{self.site_url}/regulasi/perda-7-2025-uji")
        # the regulation's page shows them too
        shown = requests.get(document["urlDetailPeraturan"]).text
        for value in (
            "Kota Contoh",
            "LD KAB. CONTOH 2025 (7) : 12 hlm",
            "Hukum Administrasi Negara",
            "Abstrak uji.",
        ):
            self.assertIn(value, shown)
        # the feed is read from the catalog: a brain's values, not the object's
        with api.env.adopt_roles(["Manager"]):
            regulation.source = "diubah tanpa indeks"
        transaction.commit()
        document = [d for d in self.feed().json() if d["idData"] == regulation.UID()][0]
        self.assertEqual(document["sumber"], "LD KAB. CONTOH 2025 (7) : 12 hlm")
        # an abstract file wins over the text: its address
        with api.env.adopt_roles(["Manager"]):
            regulation.abstract_file = NamedBlobFile(data=PDF, filename="abstrak.pdf")
            regulation.reindexObject()
        transaction.commit()
        document = [d for d in self.feed().json() if d["idData"] == regulation.UID()][0]
        self.assertEqual(
            document["abstrak"],
            f"{self.site_url}/regulasi/perda-7-2025-uji/@@download/abstract_file/abstrak.pdf",
        )
        self.assertEqual(requests.get(document["abstrak"]).content, PDF)
