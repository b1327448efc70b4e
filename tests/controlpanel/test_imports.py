"""``controlpanel`` and ``documents`` import without a cycle, in one direction.

The control panel imports from ``documents`` (the permit-number check, its
defaults, the signing status); nothing in ``documents`` imports from
``controlpanel``, and no import between them hides in a function body.
"""

from pathlib import Path
from ptsp_portal.controlpanel import IPtspSettings

import ast
import ptsp_portal
import subprocess
import sys
import unittest

PACKAGE = Path(ptsp_portal.__file__).parent
CONTROLPANEL = "ptsp_portal.controlpanel"
DOCUMENTS = "ptsp_portal.documents"


def imported_modules(node, module):
    """Dotted names an Import/ImportFrom ``node`` in ``module`` refers to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: resolve against the importing module's package
        base = module.split(".")[: -node.level]
        name = ".".join(base + ([node.module] if node.module else []))
    else:
        name = node.module or ""
    return [name] + [f"{name}.{alias.name}" for alias in node.names]


def refers_to(names, package):
    return any(name == package or name.startswith(package + ".") for name in names)


def modules(subpackage):
    for path in sorted((PACKAGE / subpackage).glob("*.py")):
        name = f"ptsp_portal.{subpackage}"
        if path.stem != "__init__":
            name += f".{path.stem}"
        yield name, ast.parse(path.read_text(), str(path))


def function_imports(tree):
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    yield function.name, node


class TestImports(unittest.TestCase):
    def run_python(self, code):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_documents_first(self):
        self.run_python(
            "import ptsp_portal.documents.issue\n"
            "import ptsp_portal.controlpanel\n"
            "assert ptsp_portal.controlpanel.IPtspSettings"
        )

    def test_controlpanel_first(self):
        self.run_python(
            "import ptsp_portal.controlpanel\n"
            "import ptsp_portal.controlpanel.view\n"
            "import ptsp_portal.controlpanel.rest\n"
            "import ptsp_portal.documents.issue\n"
            "assert ptsp_portal.documents.issue.check_pattern"
        )

    def test_stored_names_resolve(self):
        """Every site's registry names the interface of its records, and
        permit PDFs provide ``IPermitDocument``: both dotted names stay."""
        self.run_python(
            "from zope.dottedname.resolve import resolve\n"
            "from ptsp_portal.controlpanel.settings import IPtspSettings\n"
            "assert resolve('ptsp_portal.controlpanel.IPtspSettings') is IPtspSettings\n"
            "assert resolve('ptsp_portal.documents.IPermitDocument')"
        )
        self.assertEqual(IPtspSettings.__identifier__, "ptsp_portal.controlpanel.IPtspSettings")
        field = IPtspSettings["tracking_prefix"]
        self.assertEqual(field.interface.__identifier__, "ptsp_portal.controlpanel.IPtspSettings")

    def test_no_import_between_them_in_a_function(self):
        found = []
        for package, other in (("controlpanel", DOCUMENTS), ("documents", CONTROLPANEL)):
            for module, tree in modules(package):
                for function, node in function_imports(tree):
                    if refers_to(imported_modules(node, module), other):
                        found.append(f"{module}.{function}:{node.lineno}")
        self.assertEqual(found, [])

    def test_documents_never_imports_controlpanel(self):
        found = []
        for module, tree in modules("documents"):
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    if refers_to(imported_modules(node, module), CONTROLPANEL):
                        found.append(f"{module}:{node.lineno}")
        self.assertEqual(found, [])
