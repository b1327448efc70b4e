"""``@@ptsp-stepper``: the progress stepper of one application, shown on its
page, in "Permohonan Saya" and by public tracking."""

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ptsp_portal.applications import progress


class StepperView(BrowserView):
    """The progress stepper: a fragment (no page around it).

    ``context/@@ptsp-stepper`` on an application renders its own steps; other
    views call ``render_stepper(context, request, steps)`` with steps from
    ``ptsp_portal.applications.progress``.
    """

    template = ViewPageTemplateFile("templates/stepper.pt")

    def __call__(self, steps=None):
        if steps is None:
            steps = progress.steps_of(self.context)
        return self.template(steps=steps)


def render_stepper(context, request, steps):
    return StepperView(context, request)(steps=steps)
