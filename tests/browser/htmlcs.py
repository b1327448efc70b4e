"""HTML_CodeSniffer (npm ``html_codesniffer``, pinned in package-lock.json),
the engine pa11y runs by default, as a second check beside axe-core
(tests/browser/axe.py): its WCAG2AA standard, errors only (notices and
warnings need a person to judge).  Injected like axe, with
``page.evaluate`` of its source, so the page keeps the portal's CSP.
"""

from tests.browser.axe import ROOT

HTMLCS_SOURCE = ROOT / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
STANDARD = "WCAG2AA"
ERROR = 1  # HTMLCS.ERROR

RUN = """([standard]) => new Promise((resolve, reject) => {
  window.HTMLCS.process(standard, document, () => {
    resolve(window.HTMLCS.getMessages().filter((m) => m.type === 1).map((m) => ({
      code: m.code,
      message: m.msg,
      html: m.element && m.element.outerHTML ? m.element.outerHTML.slice(0, 200) : String(m.element),
      id: m.element && m.element.id ? m.element.id : "",
    })));
  }, (error) => reject(String(error)), "en");
})"""

_source = None


def source():
    global _source
    if _source is None:
        if not HTMLCS_SOURCE.exists():
            raise RuntimeError(
                f"{HTMLCS_SOURCE} is missing: run `make install` (npm ci of package-lock.json)"
            )
        _source = HTMLCS_SOURCE.read_text(encoding="utf-8")
    return _source


def check(page):
    """HTML_CodeSniffer's WCAG2AA errors on the page as it is now."""
    if not page.evaluate("typeof window.HTMLCS === 'object'"):
        page.evaluate(source() + "\n;true")
    return page.evaluate(RUN, [STANDARD])


def describe(errors, label=""):
    return "\n".join(f"{label}{e['code']}: {e['message']} -- {e['html'][:160]}" for e in errors)
