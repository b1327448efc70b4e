"""Phone-sized pages in the chromium of the Playwright layer."""

PHONE = {"width": 390, "height": 844}


class BrowserMixin:
    """A fresh browser context per test, sized like a phone by default."""

    viewport = PHONE

    def new_page(self, **context_options):
        context = self.layer["browser"].new_context(
            viewport=self.viewport, is_mobile=True, has_touch=True, **context_options
        )
        self.addCleanup(context.close)
        page = context.new_page()
        page.set_default_timeout(30000)
        return page
