"""Phone-sized pages in the chromium of the Playwright layer.

Every page of every browser test also checks the portal's
Content-Security-Policy (``ptsp_portal.security.headers``): a
``securitypolicyviolation`` event or a CSP console error on any page fails
the test at its end, so a policy that breaks Classic UI (the toolbar,
TinyMCE, the patterns) cannot go unnoticed.
"""

PHONE = {"width": 390, "height": 844}

# reported to the console by the page itself, whatever chromium logs
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`
                + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def is_csp_violation(text):
    return text.startswith("CSP violation:") or "Content Security Policy" in text


class BrowserMixin:
    """A fresh browser context per test, sized like a phone by default."""

    viewport = PHONE

    def new_page(self, **context_options):
        context = self.layer["browser"].new_context(
            viewport=self.viewport, is_mobile=True, has_touch=True, **context_options
        )
        self.addCleanup(context.close)
        if not hasattr(self, "csp_violations"):
            self.csp_violations = []
            # runs before the contexts close (cleanups run last in, first out)
            self.addCleanup(self.assert_no_csp_violation)
        context.add_init_script(REPORT_VIOLATIONS)

        def on_console(message):
            if message.type == "error" and is_csp_violation(message.text):
                self.csp_violations.append(f"{message.page.url if message.page else ''}: {message.text}")

        context.on("console", on_console)
        page = context.new_page()
        page.set_default_timeout(30000)
        return page

    def assert_no_csp_violation(self):
        violations, self.csp_violations = self.csp_violations, []
        if violations:
            self.fail("Content-Security-Policy violations:\n" + "\n".join(violations))
