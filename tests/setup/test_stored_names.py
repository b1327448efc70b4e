"""Existing sites keep working: every dotted name a site stores stays importable.

``stored_names.txt`` lists the ptsp_portal names that sites made with earlier
commits store in their database (pickled classes and marker interfaces, the
browser layer, FTI schema/klass/behaviors, registry interfaceName, EasyForm
field and action types, ...). A restructure that moves a module must leave the
old name importable (an alias) or migrate what is stored in an upgrade step.
"""

from pathlib import Path
from tests.setup.stored_names import classify
from tests.setup.stored_names import KEY
from tests.setup.stored_names import LIST
from tests.setup.stored_names import make_demo_site
from tests.setup.stored_names import read_list
from tests.setup.stored_names import REFERENCE
from tests.setup.stored_names import resolve
from tests.setup.stored_names import scan

import tempfile
import unittest

REGENERATE = (
    "Regenerate the list with `.venv/bin/python -m tests.setup.stored_names --update` "
    "(it keeps the names already listed: sites made before still store them), after "
    "checking that the names already listed still resolve (test_listed_references_resolve)."
)


class DemoSiteDataLayer:
    """The names stored by a demo site made, as `make start` makes it, with
    this code (one site creation)."""

    @classmethod
    def setUp(cls):
        with tempfile.TemporaryDirectory() as directory:
            cls.globals, cls.strings = scan(make_demo_site(Path(directory)))

    @classmethod
    def tearDown(cls):
        del cls.globals, cls.strings


class TestListedNames(unittest.TestCase):
    """No site needed: the committed list against this code."""

    def test_list_holds_the_stored_markers(self):
        listed = read_list()
        self.assertEqual(set(listed.values()) - {REFERENCE, KEY}, set())
        references = {name for name, kind in listed.items() if kind == REFERENCE}
        for last in ("IApplicationDocument", "IPermitDocument", "IPermitForm", "IBrowserLayer"):
            self.assertTrue(any(n.endswith("." + last) for n in references), last)

    def test_listed_references_resolve(self):
        missing = []
        for name, kind in sorted(read_list().items()):
            if kind != REFERENCE:
                continue
            try:
                resolve(name)
            except ImportError as error:
                missing.append(f"{name} ({error})")
        self.assertEqual(
            missing,
            [],
            f"Sites made before store these names ({LIST.name}), which no longer "
            "import. Leave the old name importable (import the object back into "
            "its old module) or add an upgrade step that rewrites what is stored; "
            "only then remove the name from the list.",
        )


class TestDemoSiteNames(unittest.TestCase):
    layer = DemoSiteDataLayer

    def test_stored_names_are_listed(self):
        listed = read_list()
        unlisted = sorted(set(self.layer.globals | self.layer.strings) - set(listed))
        self.assertEqual(unlisted, [], f"A new site stores names missing from {LIST.name}. {REGENERATE}")

    def test_references_stay_references(self):
        """A name listed as a key is now stored as a class or interface: the
        list would not check that it resolves."""
        listed = read_list()
        kinds = classify(self.layer.globals, self.layer.strings)
        promoted = sorted(
            name for name, kind in kinds.items() if kind == REFERENCE and listed.get(name) == KEY
        )
        self.assertEqual(promoted, [], REGENERATE)

    def test_scan_finds_what_the_site_stores(self):
        """The scan sees each kind of stored name (by the object's name: the
        module may move)."""

        def found(names, last):
            return any(name.endswith("." + last) for name in names)

        # pickle globals: persistent class, alsoProvides markers, browser layer
        for last in (
            "PermitApplication",
            "IApplicationDocument",
            "IPermitDocument",
            "IPermitForm",
            "IBrowserLayer",
        ):
            self.assertTrue(found(self.layer.globals, last), last)
        # strings: EasyForm actions_model, registry interfaceName, record names
        for last in ("CreatePermitApplication", "IPtspSettings", "office_name"):
            self.assertTrue(found(self.layer.strings, last), last)
