"""The permit type's edit form refuses a fee answer that is not a numeric
field of its form (the field's own constraint refuses what is not a field
id at all); a new permit type has no form yet, so only the id is checked."""

from ptsp_portal import _
from ptsp_portal.content.permit_type import IPermitType
from ptsp_portal.fees.form import numeric_answers
from z3c.form import validator
from zope.interface import Invalid


class FeeAnswerValidator(validator.SimpleFieldValidator):
    def validate(self, value):
        super().validate(value)
        context = self.context
        if not value or not IPermitType.providedBy(context):
            return
        known = numeric_answers(context)
        if value not in known:
            raise Invalid(
                _(
                    'Kolom "${answer}" bukan kolom angka pada formulir jenis izin ini. '
                    "Kolom angka yang ada: ${known}.",
                    mapping={"answer": value, "known": ", ".join(sorted(known)) or "-"},
                )
            )


validator.WidgetValidatorDiscriminators(FeeAnswerValidator, field=IPermitType["fee_answer"])
