"""Plone's editing toolbar with its "Unpin"/"Pin" controls as buttons.

plone.app.layout renders them as ``<a aria-label=…>`` without ``href``: an
anchor without href has no role that allows ``aria-label``
(axe ``aria-prohibited-attr``, serious), on every page an editor or an
officer sees.  Only the template changes; the mockup toolbar pattern binds
its clicks by class, so the buttons work as the anchors did.
"""

from plone.app.layout.viewlets.toolbar import ToolbarViewletManager
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class AccessibleToolbarViewletManager(ToolbarViewletManager):
    custom_template = ViewPageTemplateFile("toolbar.pt")
