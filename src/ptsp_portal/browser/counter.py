"""The counter (loket): pages of the front office and the citizen's claim.

- ``@@loket`` (site, "ptsp_portal: File at counter"): find the citizen's
  account by NIK (or go on without one), then pick the permit type; each
  permit type's button opens its form at the counter.
- ``@@loket-formulir`` (a permit form): the permit type's own EasyForm form,
  the same questions and upload checks, prefilled from the account found by
  NIK, the email optional; on success the page shows the tracking number,
  the claim code (once: it is stored hashed) and the receipt buttons.
- ``@@tanda-terima`` (an application): the receipt PDF, ``ukuran=a4`` or
  ``80mm``; with the claim code (POST, checked against its hash) right
  after filing.  For the front office on counter applications and for the
  account that claimed it; refused to everyone else.
- ``@@klaim-permohonan`` (site, logged in): a citizen enters the tracking
  number and the code from the receipt (``counter.claims``).
"""

from AccessControl import Unauthorized
from collective.easyform.browser.view import EasyFormForm
from collective.easyform.browser.view import EasyFormFormWrapper
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ptsp_portal import _
from ptsp_portal import logger
from ptsp_portal.audit import store
from ptsp_portal.constants import CHANNEL_COUNTER
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.counter import claims
from ptsp_portal.counter import filing
from ptsp_portal.counter import receipt
from ptsp_portal.counter.lookup import find_citizen
from ptsp_portal.forms.action import APPLICATION_KEY
from ptsp_portal.forms.action import COUNTER_CODE_KEY
from ptsp_portal.forms.model import form_of
from ptsp_portal.forms.model import permit_type_of
from zope.i18n import translate
from zope.interface import alsoProvides

import copy

PREFILL = {"name": "applicant_name", "nik": "applicant_nik", "phone": "applicant_phone"}
PREFILL.update({"address": "applicant_address", "email": "applicant_email"})


class LoketView(BrowserView):
    """Step 1: the citizen (by NIK) and the permit type."""

    index = ViewPageTemplateFile("templates/counter.pt")
    citizen = None
    searched = False
    error = None

    def __call__(self):
        form = self.request.form
        self.request.response.setHeader("Cache-Control", "private, no-store")
        self.nik = (form.get("nik") or "").strip()[:32]
        if self.request.method == "POST" and self.nik:
            self.searched = True
            self.citizen = find_citizen(self.request, self.nik)
        return self.index()

    def permit_types(self):
        catalog = api.portal.get_tool("portal_catalog")
        rows = []
        for brain in catalog(portal_type=PERMIT_TYPE, sort_on="sortable_title"):
            permit_type = brain.getObject()
            form = form_of(permit_type)
            if form is not None:
                rows.append({"title": brain.Title, "url": f"{form.absolute_url()}/@@loket-formulir"})
        return rows


class LoketForm(EasyFormForm):
    """The permit type's form, submitted at the counter."""

    application = None
    claim_code = None

    def updateFields(self):
        super().updateFields()
        for fields in [self.fields, *(group.fields for group in self.groups)]:
            if "applicant_email" in fields:
                field = copy.copy(fields["applicant_email"].field)
                field.required = False
                field.description = translate(
                    _("Boleh kosong bila warga tidak memiliki email."), context=self.request
                )
                fields["applicant_email"].field = field

    def action(self):
        """Submitted back here, never to the citizen's form (``@@view``)."""
        return f"{self.context.absolute_url()}/@@loket-formulir"

    def update(self):
        alsoProvides(self.request, filing.ICounterFiling)
        form = self.request.form
        if not any(key.startswith("form.buttons.") for key in form):
            # opened from @@loket: prefill from the account found by NIK, or the NIK typed
            nik = (form.get("nik") or "").strip()[:32]
            citizen = find_citizen(self.request, nik) if nik else None
            values = citizen or {"nik": nik}
            for key, name in PREFILL.items():
                # never the officer's own profile (the form's defaults)
                form.setdefault(f"form.widgets.{name}", values.get(key) or "")
            # opened by @@loket's POST (the NIK stays out of URLs and logs):
            # EasyForm validates every POST; this one is only an opening
            self.request.method = "GET"
        super().update()
        found = self.request.get(APPLICATION_KEY)
        if found is not None:
            self.application = found
            self.claim_code = self.request.get(COUNTER_CODE_KEY)


class LoketFormView(EasyFormFormWrapper):
    form = LoketForm
    done = ViewPageTemplateFile("templates/counter_done.pt")

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "private, no-store")
        self.update()
        if self.form_instance.application is not None:
            self.application = self.form_instance.application
            self.claim_code = self.form_instance.claim_code
            return self.done()
        return self.render()

    def permit_type(self):
        return permit_type_of(self.context)

    def receipt_url(self):
        return f"{self.application.absolute_url()}/@@{filing.RECEIPT_VIEW}"

    def portal_url(self):
        return api.portal.get().absolute_url()


def may_read_receipt(application):
    """The front office on a counter application; the account that claimed it."""
    if api.user.is_anonymous() or getattr(application, "channel", None) != CHANNEL_COUNTER:
        return False
    if filing.is_front_office():
        return True
    owner = claims.claimed_by(application)
    return owner is not None and owner == api.user.get_current().getId()


class ReceiptView(BrowserView):
    """``@@tanda-terima``: the receipt PDF."""

    def __call__(self):
        application = self.context
        if api.user.is_anonymous():
            raise Unauthorized("The receipt needs a login")
        if not may_read_receipt(application):
            self.request.response.setStatus(403)
            self.request.response.setHeader("Cache-Control", "private, no-store")
            return translate(_("Anda tidak berhak mengunduh tanda terima ini."), context=self.request)
        size = self.request.form.get("ukuran") or receipt.A4
        if size not in receipt.SIZES:
            self.request.response.setStatus(400)
            return translate(_("Ukuran tanda terima tidak dikenal (a4 atau 80mm)."), context=self.request)
        code = None
        if self.request.method == "POST" and self.request.form.get("claim_code"):
            if not filing.is_front_office() or not claims.is_code(
                application, self.request.form["claim_code"]
            ):
                self.request.response.setStatus(400)
                return translate(_("Kode klaim tidak sesuai."), context=self.request)
            code = claims.format_code(claims.normalize_code(self.request.form["claim_code"]))
            self.record()
        data = receipt.receipt_data(application, api.content.get(UID=application.permit_type), code)
        pdf = receipt.render(data, size)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader(
            "Content-Disposition", f'inline; filename="tanda-terima-{application.tracking_number}-{size}.pdf"'
        )
        return pdf

    def record(self):
        """A POST is not recorded by the access log's reading rule: here."""
        try:
            store.record(
                user_id=api.user.get_current().getId(),
                action="page",
                path="/".join(self.context.getPhysicalPath()) + f"/@@{filing.RECEIPT_VIEW}",
                tracking_number=self.context.tracking_number,
                client=self.request.getClientAddr() or "",
            )
        except Exception:
            logger.exception("access log: could not record a receipt")


class ClaimView(BrowserView):
    """``@@klaim-permohonan``: a citizen claims a counter application."""

    index = ViewPageTemplateFile("templates/counter_claim.pt")
    errors = None

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("Claiming needs a login")
        self.request.response.setHeader("Cache-Control", "private, no-store")
        form = self.request.form
        self.number = (form.get("nomor") or "").strip()[:40]
        if self.request.method == "POST":
            user_id = api.user.get_current().getId()
            try:
                application = claims.claim(self.request, user_id, self.number, form.get("kode"))
            except claims.ClaimError as exc:
                self.request.response.setStatus(exc.status)
                if exc.retry_after:
                    self.request.response.setHeader("Retry-After", str(exc.retry_after))
                self.errors = [translate(message, context=self.request) for message in exc.errors.values()]
                return self.index()
            api.portal.show_message(
                _(
                    "Permohonan ${number} kini tampil di Permohonan Saya.",
                    mapping={"number": application.tracking_number},
                ),
                self.request,
            )
            self.request.response.redirect(f"{api.portal.get().absolute_url()}/@@permohonan-saya")
            return ""
        return self.index()
