"""The demo's fee-bearing permit type: PBG, whose fee is the building's
area × an example rate × an example index (the numbers are labelled as
examples in its fee note, see the distribution's content).  Its form asks
the area, the answer the fee is computed from."""

from plone import api
from ptsp_portal.forms.model import form_of

PERMIT_TYPE_ID = "persetujuan-bangunan-gedung"
AREA_QUESTION = (
    '<field name="luas_bangunan" type="zope.schema.Float">'
    "<description>Luas total lantai bangunan dalam meter persegi, misalnya 120,5.</description>"
    "<min>0.0</min>"
    "<title>Luas bangunan (m²)</title></field>"
)


def add_area_question(site):
    """The question ``luas_bangunan`` on the PBG form (once)."""
    layanan = site.get("layanan")
    permit_type = layanan.get(PERMIT_TYPE_ID) if layanan is not None else None
    form = form_of(permit_type)
    if form is None or 'name="luas_bangunan"' in (form.fields_model or ""):
        return None
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = form.fields_model.replace("</schema>", AREA_QUESTION + "</schema>", 1)
    return form
