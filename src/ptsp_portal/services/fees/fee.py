"""``GET <permit-type>/@fee?<answer>=<number>``: the fee of this permit
type for that answer, from the same definition as the bill and the
calculator of the permit page (``fees.definition``).

``200`` ``{"kind", "amount", "formatted", "answer", "definition", ...}``
(``amount`` null when the fee is set per case, see the fee note); ``400``
with a message per field when the answer is missing or not a plain number,
or when the permit type's own definition is wrong (unknown field)."""

from plone.restapi.services import Service
from ptsp_portal import _
from ptsp_portal.fees import definition
from ptsp_portal.fees.form import checked_definition
from ptsp_portal.fees.form import numeric_answers
from ptsp_portal.i18n.formatting import format_rupiah
from zope.i18n import translate


def bad_request(request, message, errors):
    request.response.setStatus(400)
    return {
        "error": {
            "type": "BadRequest",
            "message": translate(message, context=request),
            "errors": {key: translate(value, context=request) for key, value in errors.items()},
        }
    }


class FeeGet(Service):
    def reply(self):
        request, context = self.request, self.context
        try:
            found = checked_definition(context)
        except definition.FeeDefinitionError as exc:
            return bad_request(
                request, _("Rumus biaya jenis izin ini belum benar; hubungi kantor."), exc.errors
            )
        form = {key: value for key, value in request.form.items() if isinstance(value, str)}
        try:
            amount = definition.amount(found, form)
        except definition.FeeInputError as exc:
            return bad_request(request, _("Biaya tidak dapat dihitung."), exc.errors)
        answer = found.answer if found.kind in (definition.RATE, definition.TIERED) else None
        return {
            "@id": f"{context.absolute_url()}/@fee",
            "permit_type": context.absolute_url(),
            "kind": found.kind,
            "amount": amount,
            "currency": "IDR",
            "formatted": translate(format_rupiah(amount), context=request),
            "answer": answer,
            "answer_title": translate(numeric_answers(context).get(answer, answer), context=request)
            if answer
            else None,
            "definition": found.as_json(),
            "note": getattr(context, "fee_note", None) or None,
        }
