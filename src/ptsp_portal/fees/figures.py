"""The office's figures of billed, paid and waived amounts per month and
permit type, from the ledger (no application woken).  A bill counts as
billed in the month it was issued and as paid or waived in the month it was
settled.  For officers only (``ptsp_portal: View fee statistics``)."""

from plone import api
from ptsp_portal.constants import PERMIT_TYPE
from ptsp_portal.fees import ledger
from ptsp_portal.workflow.sla import today

MEASURES = ("billed_count", "billed_amount", "paid_count", "paid_amount", "waived_count", "waived_amount")


def _empty():
    return dict.fromkeys(MEASURES, 0)


def _titles():
    catalog = api.portal.get_tool("portal_catalog")
    return {
        brain.UID: (brain.getId, brain.Title)
        for brain in catalog.unrestrictedSearchResults(portal_type=PERMIT_TYPE)
    }


def years():
    found = {int(e["month"][:4]) for e in ledger.entries()} | {
        int(e["settled"][:4]) for e in ledger.entries() if e["settled"]
    }
    return sorted(found | {today().year})


def parse_year(value):
    """The year asked for (default this year) or ValueError."""
    if value in (None, ""):
        return today().year
    text = str(value).strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise ValueError(text)
    return int(text)


def figures(year):
    """``{"rows": [{month, permit_type, permit_type_title, ...MEASURES}],
    "totals": {...}}`` for ``year``, rows by month then permit type."""
    cells = {}
    prefix = f"{year:04d}-"
    for entry in ledger.entries():
        if entry["month"].startswith(prefix):
            cell = cells.setdefault((entry["month"], entry["permit_type_uid"]), _empty())
            cell["billed_count"] += 1
            cell["billed_amount"] += entry["amount"]
        if entry["settled"].startswith(prefix) and entry["status"] in (ledger.PAID, ledger.WAIVED):
            cell = cells.setdefault((entry["settled"], entry["permit_type_uid"]), _empty())
            cell[f"{entry['status']}_count"] += 1
            cell[f"{entry['status']}_amount"] += entry["amount"]
    titles = _titles()
    rows, totals = [], _empty()
    for (month, uid), cell in sorted(
        cells.items(), key=lambda item: (item[0][0], titles.get(item[0][1], ("", ""))[1])
    ):
        permit_id, title = titles.get(uid, (None, uid))
        rows.append({"month": month, "permit_type": permit_id, "permit_type_title": title, **cell})
        for key in MEASURES:
            totals[key] += cell[key]
    return {"year": year, "rows": rows, "totals": totals}
