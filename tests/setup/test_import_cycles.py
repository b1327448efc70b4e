"""The package's modules import one another one way only.

Every ``import`` of a ``ptsp_portal`` module is read with ``ast``, at module
level and inside functions alike (an import inside a function must not hide
a cycle), and the modules' import graph must have no cycle. Importing a
module through its package (``from ptsp_portal.applications import queue``)
counts as importing that module. The package root (``_``, ``logger``) is
left out: every module imports it and it imports nothing back.
"""

from pathlib import Path

import ast
import unittest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = "ptsp_portal"


def module_names():
    names = {}
    for path in (SRC / PACKAGE).rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imported(tree, module, modules):
    """The package modules ``tree`` (of ``module``) imports."""
    package = module if modules[module].name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            # the longest importable prefix: a module, or the package it is in
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != PACKAGE and target != module:
                found.add(target)
    return found


def graph():
    modules = module_names()
    return {
        name: imported(ast.parse(path.read_text(encoding="utf-8")), name, modules)
        for name, path in modules.items()
    }


def cycles(edges):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return result


class TestImportCycles(unittest.TestCase):
    def test_no_cycle(self):
        edges = graph()
        # a package's __init__ that re-exports its modules is not a cycle
        # with them: drop the edges from a module to its own package
        for name, targets in edges.items():
            targets.difference_update({t for t in targets if name.startswith(t + ".")})
        found = cycles(edges)
        self.assertEqual(found, [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found))

    def test_the_check_sees_a_cycle(self):
        self.assertEqual(cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}), [["a", "b", "c"]])

    def test_imports_inside_functions_count(self):
        tree = ast.parse("def f():\n    from ptsp_portal.applications.intake import x\n")
        modules = {"ptsp_portal.x": Path("x.py"), "ptsp_portal.applications.intake": Path("intake.py")}
        self.assertEqual(imported(tree, "ptsp_portal.x", modules), {"ptsp_portal.applications.intake"})
