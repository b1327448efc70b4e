"""axe-core in the Playwright pages of the browser tests.

axe-core comes from npm, pinned in the repository's package-lock.json and
installed by ``make install``/``make test`` (``npm ci`` into
``node_modules``).  The portal sends a strict Content-Security-Policy
(``ptsp_portal.security.headers``), so a ``<script>`` tag added to the page
would be refused; the source is run with ``page.evaluate`` instead (the
DevTools protocol evaluates it outside the page's CSP), which leaves the
context's CSP in force, so the CSP check of ``tests/browser/base.py`` still
sees the page as a visitor gets it.

``check(page)`` runs the rules tagged wcag2a, wcag2aa and wcag21aa and
returns the serious and critical violations; ``assert_accessible`` fails
with one line per violation and node (rule id, impact, target selectors,
help).
"""

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ("wcag2a", "wcag2aa", "wcag21aa")
IMPACTS = ("serious", "critical")

RUN = """async ([tags]) => {
  const results = await window.axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      impact: n.impact,
      target: n.target.map((t) => Array.isArray(t) ? t.join(" >>> ") : t),
      html: n.html,
      summary: n.failureSummary,
    })),
  }));
}"""

_source = None


def axe_source():
    global _source
    if _source is None:
        if not AXE_SOURCE.exists():
            raise RuntimeError(f"{AXE_SOURCE} is missing: run `make install` (npm ci of package-lock.json)")
        _source = AXE_SOURCE.read_text(encoding="utf-8")
    return _source


def inject(page):
    """Load axe-core into the page (once per document)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # an expression, not a function: the script's own source, then true
        page.evaluate(axe_source() + "\n;true")


def check(page, impacts=IMPACTS):
    """The violations of ``impacts`` on the page as it is now."""
    inject(page)
    violations = page.evaluate(RUN, [list(TAGS)])
    return [v for v in violations if v["impact"] in impacts]


def nodes(violations):
    """One ``(rule id, impact, target, help, html, summary)`` per failing
    node (``summary``: axe's failure summary, which for color-contrast
    names the colours and the ratio)."""
    for violation in violations:
        for node in violation["nodes"]:
            yield (
                violation["id"],
                node["impact"] or violation["impact"],
                ", ".join(node["target"]),
                violation["help"],
                node["html"],
                " ".join((node["summary"] or "").split()),
            )


def describe(violations, label=""):
    lines = []
    for rule, impact, target, help, html, summary in nodes(violations):
        lines.append(f"{label}{rule} ({impact}) at {target}: {help} -- {html[:160]} -- {summary[:200]}")
    return "\n".join(lines)


def assert_accessible(testcase, page, label=None):
    violations = check(page)
    if violations:
        testcase.fail(
            f"axe-core ({', '.join(TAGS)}): serious/critical violations on {label or page.url}:\n"
            + describe(violations)
        )


def dumps(violations):
    return json.dumps(violations, indent=1)
