"""``@@ptsp-retensi`` (Managers, site root): what retention would remove
now, and a button that removes it, for offices whose FileStorage cannot be
opened by the script while the portal runs.  The logic is
``ptsp_portal.applications.retention``; ``scripts/retention.py`` is the
same from the command line (cron).  The button also removes expired drafts
(``ptsp_portal.drafts.cleanup``), as the script does."""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from ptsp_portal import _
from ptsp_portal.applications import retention
from ptsp_portal.drafts import cleanup as drafts_cleanup
from ptsp_portal.i18n.formatting import format_date
from ptsp_portal.workflow import state_title
from zope.i18n import translate

import datetime

# at most this many per click: one request, one transaction
PER_REQUEST = 500


class RetentionView(BrowserView):
    def __call__(self):
        self.days = retention.retention_days()
        if (
            self.request.get("REQUEST_METHOD", "GET").upper() == "POST"
            and "form.buttons.run" in self.request.form
        ):
            CheckAuthenticator(self.request)
            result = retention.run(days=self.days, user_id=api.user.get_current().getId(), limit=PER_REQUEST)
            message = _(
                "Dokumen dan data pribadi ${count} permohonan dihapus.",
                mapping={"count": len(result["applications"])},
            )
            IStatusMessage(self.request).add(message, type="info")
            # expired drafts go with the same clean-up (issue 17)
            removed = drafts_cleanup.purge_expired(user_id=api.user.get_current().getId())
            IStatusMessage(self.request).add(
                _("${count} draf kedaluwarsa dihapus beserta dokumennya.", mapping={"count": len(removed)}),
                type="info",
            )
            self.request.response.redirect(self.request.getURL())
            return ""
        self.result = retention.run(days=self.days, dry_run=True, limit=PER_REQUEST)
        return self.index()

    def settings_url(self):
        return api.portal.get().absolute_url() + "/@@ptsp-settings"

    def cutoff(self):
        cutoff = self.result["cutoff"]
        return format_date(cutoff.date()) if cutoff else ""

    def rows(self):
        return [
            dict(
                item,
                state_title=translate(state_title(item["state"]), context=self.request),
                closed_text=format_date(datetime.date.fromisoformat(item["closed"]))
                if item["closed"]
                else "",
            )
            for item in self.result["applications"]
        ]
