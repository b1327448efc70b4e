"""The contrast check of the office's colours (WCAG 2.1 relative luminance)."""

from ptsp_portal.look import contrast
from zope.interface import Invalid

import unittest


class Data:
    def __init__(self, **values):
        for name in contrast.FIELDS:
            setattr(self, name, values.get(name))


class TestContrast(unittest.TestCase):
    def test_the_issue_figures(self):
        # Barceloneta's link colour on the breadcrumbs and on the footer (issue 16)
        self.assertAlmostEqual(contrast.contrast_ratio("#007bb1", "#e9ecef"), 3.96, places=2)
        self.assertAlmostEqual(contrast.contrast_ratio("#007bb1", "#212529"), 3.28, places=2)
        self.assertAlmostEqual(contrast.contrast_ratio("#000", "#fff"), 21.0, places=6)
        self.assertAlmostEqual(contrast.contrast_ratio("#777", "#777"), 1.0, places=6)

    def test_normalise(self):
        self.assertEqual(contrast.normalise(" #ABC "), "#aabbcc")
        self.assertIsNone(contrast.normalise(""))
        for bad in ("red", "#12345", "007bb1", "#ggg"):
            with self.assertRaises(ValueError):
                contrast.normalise(bad)

    def test_nothing_set_nothing_refused(self):
        # the defaults' own pairs are the portal's, not the office's choice
        self.assertEqual(contrast.refused_pairs({}), [])

    def test_light_primary_refused(self):
        refused = contrast.refused_pairs({"colour_primary": "#7fb3d5"})
        self.assertEqual(
            [(r[0], r[1], r[2]) for r in refused],
            [
                ("Teks putih pada tombol warna utama", "#ffffff", "#7fb3d5"),
                # and the header's outline buttons, on the default white header
                ("Warna utama pada latar kepala halaman", "#7fb3d5", "#ffffff"),
            ],
        )
        self.assertAlmostEqual(refused[0][3], 2.26, places=2)

    def test_link_checked_where_it_is_read(self):
        # Barceloneta's own link colour: enough on white, not on the breadcrumb
        refused = contrast.refused_pairs({"colour_link": "#007bb1"})
        self.assertEqual([r[0] for r in refused], ["Warna tautan pada latar remah roti (breadcrumb)"])
        self.assertAlmostEqual(refused[0][3], 3.96, places=2)
        self.assertEqual(contrast.refused_pairs({"colour_link": "#0b4f6c"}), [])

    def test_footer_links_read_as_its_text(self):
        # footer links take the footer's text colour: the footer pair checks them
        refused = contrast.refused_pairs({"colour_footer_background": "#f8f9fa"})
        self.assertEqual([r[0] for r in refused], ["Warna teks kaki halaman pada latarnya"])
        passing = {"colour_footer_background": "#f8f9fa", "colour_footer_text": "#212529"}
        self.assertEqual(contrast.refused_pairs(passing), [])

    def test_invariant_of_the_settings(self):
        from ptsp_portal.controlpanel import IPtspSettings

        with self.assertRaises(Invalid) as raised:
            IPtspSettings.validateInvariants(Data(colour_primary="#7fb3d5"))
        message = raised.exception.args[0]
        self.assertEqual(message.mapping["ratio"], "2,26")
        self.assertEqual(message.mapping["pair"], "Teks putih pada tombol warna utama")
        IPtspSettings.validateInvariants(Data(colour_primary="#005a87"))

    def test_colour_field_format(self):
        from ptsp_portal.controlpanel import IPtspSettings

        IPtspSettings["colour_link"].validate("#005a87")
        with self.assertRaises(Invalid):
            IPtspSettings["colour_link"].validate("biru")

    def test_defaults_from_the_portal_stylesheet(self):
        declared = contrast._declared_defaults(
            ":root { --bs-link-color: #0a58ca; } .x { --bs-primary: #fff; }"
        )
        self.assertEqual(declared, {"--bs-link-color": "#0a58ca"})


class TestHeaderButtons(unittest.TestCase):
    def test_primary_on_a_dark_header_refused(self):
        refused = contrast.refused_pairs(
            {"colour_header_background": "#0b4f6c", "colour_header_text": "#ffffff", "colour_link": "#ffffff"}
        )
        labels = [r[0] for r in refused]
        self.assertIn("Warna utama pada latar kepala halaman", labels)
