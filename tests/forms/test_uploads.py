"""Each upload check, with real bytes of each good and bad kind."""

from plone import api
from ptsp_portal.forms import uploads
from ptsp_portal.forms.uploads import check_upload
from ptsp_portal.forms.uploads import UploadError
from ptsp_portal.testing import INTEGRATION_TESTING
from tests.forms import files
from zope.i18n import translate

import unittest

ALL = ["pdf", "jpg", "png"]


class TestUploadChecks(unittest.TestCase):
    """Without a site: the defaults (5 MB, hard cap 20 MB) apply."""

    def refused(self, data, filename="dokumen.pdf", types=ALL, max_mb=5, title="Akta Pendirian"):
        with self.assertRaises(UploadError) as caught:
            check_upload(title, data, filename, types, max_mb)
        message = translate(caught.exception.message, target_language="id")
        self.assertIn(title, message)  # every message names the document
        return message

    def test_good_pdf_jpeg_png(self):
        self.assertEqual(check_upload("KTP", files.pdf(), "ktp.pdf", ALL, 5), ("ktp.pdf", "application/pdf"))
        self.assertEqual(check_upload("KTP", files.jpeg(), "ktp.jpeg", ALL, 5), ("ktp.jpeg", "image/jpeg"))
        self.assertEqual(check_upload("KTP", files.png(), "scan.png", ALL, 5), ("scan.png", "image/png"))

    def test_content_decides_type_and_extension(self):
        # a real PDF with a wrong or missing name is stored as what it is
        self.assertEqual(check_upload("KTP", files.pdf(), "ktp.jpg", ALL, 5), ("ktp.pdf", "application/pdf"))
        self.assertEqual(
            check_upload("KTP", files.pdf(), "", ALL, 5, name="ktp"), ("ktp.pdf", "application/pdf")
        )
        self.assertEqual(
            check_upload("KTP", files.jpeg(), "C:\\Users\\budi\\Foto KTP.JPG", ALL, 5),
            ("Foto KTP.JPG", "image/jpeg"),
        )

    def test_renamed_executables(self):
        self.assertIn("program", self.refused(files.ELF, "akta.pdf"))
        self.assertIn("program", self.refused(files.EXE, "akta.pdf"))
        self.assertIn("program", self.refused(files.EXE, "foto.jpg", ["jpg"]))

    def test_html_named_pdf(self):
        message = self.refused(files.HTML, "akta.pdf", ["pdf"])
        self.assertIn("HTML", message)
        self.assertIn("PDF", message)

    def test_zip_bomb_named_jpg(self):
        bomb = files.zip_bomb(50)
        self.assertLess(len(bomb), 200_000)  # small on the wire...
        self.assertIn("ZIP", self.refused(bomb, "foto.jpg", ["jpg", "png"]))

    def test_empty(self):
        self.assertIn("kosong", self.refused(b""))

    def test_oversized_by_row_and_hard_cap(self):
        message = self.refused(files.pdf(6 * 1024 * 1024), max_mb=5)
        self.assertIn("5 MB", message)
        # a row asking for 50 MB still gets the hard cap of 20 MB
        self.assertIn("20 MB", self.refused(files.pdf(21 * 1024 * 1024), max_mb=50))
        # no limit on the row: the site default, 5 MB
        self.assertIn("5 MB", self.refused(files.pdf(6 * 1024 * 1024), max_mb=None))

    def test_type_not_accepted_by_the_row(self):
        message = self.refused(files.png(), "foto.png", ["pdf", "jpg"])
        self.assertIn("PDF atau gambar JPEG", message)
        self.assertIn("gambar PNG", message)
        self.assertIn("tidak dikenal", self.refused(b"just some text\n", "a.pdf", ["pdf"]))

    def test_broken_and_bomb_images(self):
        self.assertIn("rusak", self.refused(files.truncated_jpeg(), "foto.jpg", ["jpg"]))
        png = files.png(300, 200)
        self.assertIn("rusak", self.refused(png[: len(png) // 2], "foto.png", ["png"]))
        # a 100-megapixel PNG of 12 KB (decompression bomb)
        self.assertIn("resolusi", self.refused(files.pixel_bomb_png(), "foto.png", ["png"]))

    def test_trailer_after_jpeg_end_is_fine(self):
        # some phones append data after the end of the image
        data = files.jpeg() + b"SEFH" * 64
        self.assertEqual(check_upload("Pasfoto", data, "f.jpg", ["jpg"], 2)[1], "image/jpeg")

    def test_describe_rules(self):
        text = translate(
            uploads.describe_rules({"file_types": ["pdf", "jpg"], "max_size_mb": 3}), target_language="id"
        )
        self.assertEqual(text, "Jenis berkas: PDF atau gambar JPEG; ukuran maksimum 3 MB.")
        text = translate(
            uploads.describe_rules({"file_types": [], "max_size_mb": None}), target_language="id"
        )
        self.assertIn("PDF, gambar JPEG atau gambar PNG", text)
        self.assertIn("5 MB", text)


class TestUploadLimitsFromRegistry(unittest.TestCase):
    layer = INTEGRATION_TESTING

    def test_records_exist_with_defaults(self):
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.upload_default_mb"), 5)
        self.assertEqual(api.portal.get_registry_record("ptsp_portal.upload_hard_cap_mb"), 20)

    def test_site_default_and_hard_cap_are_used(self):
        api.portal.set_registry_record("ptsp_portal.upload_default_mb", 1)
        api.portal.set_registry_record("ptsp_portal.upload_hard_cap_mb", 2)
        data = files.pdf(int(1.5 * 1024 * 1024))
        with self.assertRaises(UploadError):
            check_upload("KTP", data, "ktp.pdf", ["pdf"], None)
        self.assertEqual(check_upload("KTP", data, "ktp.pdf", ["pdf"], 2)[1], "application/pdf")
        with self.assertRaises(UploadError) as caught:
            check_upload("KTP", files.pdf(3 * 1024 * 1024), "ktp.pdf", ["pdf"], 10)
        self.assertIn("2 MB", translate(caught.exception.message, target_language="id"))
