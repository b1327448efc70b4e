"""An office with a fee-bearing permit type (building area × rate × index)
and a cashier, on top of the back-office tests' office."""

from plone import api
from ptsp_portal.fees import setup as fees_setup
from ptsp_portal.forms.formsync import ensure_form
from tests.workflow.base import add_user
from tests.workflow.base import apply
from tests.workflow.base import setup_office

AREA_FIELD = (
    '<field name="luas_bangunan" type="zope.schema.Float">'
    "<title>Luas bangunan (m²)</title><required>False</required></field>"
    '<field name="jumlah_lantai" type="zope.schema.Int">'
    "<title>Jumlah lantai</title><required>False</required></field>"
    '<field name="fungsi" type="zope.schema.TextLine">'
    "<title>Fungsi bangunan</title><required>False</required></field>"
)
# example numbers, not any region's tariff
RATE = 10000
INDEX = "1,5"
PERMIT = "reklame"  # the fee-bearing permit type of these tests


def add_area_field(permit_type):
    form = ensure_form(permit_type)
    if "luas_bangunan" not in form.fields_model:
        form.fields_model = form.fields_model.replace("</schema>", AREA_FIELD + "</schema>", 1)
    return form


def make_fee_bearing(permit_type, kind="rate"):
    add_area_field(permit_type)
    permit_type.fee_kind = kind
    permit_type.fee_answer = "luas_bangunan"
    permit_type.fee_rate = RATE
    permit_type.fee_index = INDEX
    permit_type.fee_tiers = [{"up_to": 100, "amount": 50000}, {"up_to": None, "amount": 150000}]
    permit_type.reindexObject()


def setup_fees(portal):
    folder = setup_office(portal)
    fees_setup.ensure_cashiers(portal)
    add_user("kasir", "Kiki Kasir", ["ptsp-cashiers"])
    make_fee_bearing(portal["layanan"][PERMIT])
    return folder


def apply_for_building(portal, area=120, applicant="budi", **extra):
    return apply(portal, permit_code=PERMIT, applicant=applicant, form_data={"luas_bangunan": area}, **extra)


def to_technical_review(app):
    with api.env.adopt_user(username="verifikator"):
        api.content.transition(obj=app, transition="accept")
