"""Claims for the review tests: one drug line of a given amount, assessed by benefits, routed.

Amounts (tier 1 unless the person is tier 2; DOMAIN.md inpatient table):
- 500 yuan at H1T01 pays 300: level 0, approved automatically.
- 5,000 at H1T01 pays 3,675: level 2 (clerk, township leader).
- 30,000 at H2 for li_na (tier 2) pays 16,335: level 3 (+ county director).
- 60,000 at H2 for li_na pays 32,835: level 4 (+ leading group).
- any amount at HP (for-profit): rejected automatically (FOR_PROFIT).
"""
import datetime as dt
from decimal import Decimal

from benefits.services import store_claim
from workflow.models import BillLine, Claim
from workflow.services import route_claims

ADMITTED = dt.date(2025, 3, 1)


def make_claim(county, person_key: str, amount_yuan, hospital: str = "H1T01",
               entered_by=None, claim_id: str | None = None, route: bool = True) -> Claim:
    person = county.people[person_key]
    fen = int(Decimal(str(amount_yuan)) * 100)
    claim = Claim.objects.create(
        claim_id=claim_id or f"CL{Claim.objects.count() + 1:04d}", person=person,
        certificate_no=person.certificates.get().number, hospital=county.hospitals[hospital],
        claim_type="inpatient", admitted_on=ADMITTED, discharged_on=ADMITTED + dt.timedelta(5),
        diagnosis_code="J18.9", submitted_on=ADMITTED + dt.timedelta(6), entered_by=entered_by,
        total_fen=fen)
    BillLine.objects.create(claim=claim, line_no=1, category="drug", item_code="D001",
                            quantity=1, unit_price_fen=fen, amount_fen=fen, in_catalogue=True,
                            service_date=ADMITTED)
    store_claim(claim)
    if route:
        route_claims([claim.pk])
    claim.refresh_from_db()
    return claim
