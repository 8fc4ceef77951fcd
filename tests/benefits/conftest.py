"""Database helpers for the benefits tests: claims with bill lines in the shared county."""
import datetime as dt
from decimal import Decimal

import pytest

from workflow.models import BillLine, Claim


def make_claim(county, person_key: str, claim_id: str, hospital: str, lines, *,
               claim_type="inpatient", admitted=None, **fields) -> Claim:
    """A claim of a county persona; `lines` are (category, quantity, unit price yuan)."""
    person = county.people[person_key]
    admitted = admitted or dt.date(county.year, 3, 1)
    claim = Claim.objects.create(
        claim_id=claim_id, person=person,
        certificate_no=fields.pop("certificate_no", person.certificates.get().number),
        hospital=county.hospitals[hospital], claim_type=claim_type, admitted_on=admitted,
        discharged_on=fields.pop("discharged", admitted), diagnosis_code="J18.9",
        submitted_on=admitted, **fields)
    total = 0
    for no, (category, quantity, price) in enumerate(lines, 1):
        price_fen = int(Decimal(str(price)) * 100)
        amount = int(Decimal(str(quantity)) * price_fen)
        total += amount
        BillLine.objects.create(claim=claim, line_no=no, category=category, item_code=f"I{no}",
                                quantity=Decimal(str(quantity)), unit_price_fen=price_fen,
                                amount_fen=amount, in_catalogue=True, service_date=admitted)
    Claim.objects.filter(pk=claim.pk).update(total_fen=total)
    return claim


@pytest.fixture
def add_claim(county):
    return lambda *args, **kwargs: make_claim(county, *args, **kwargs)
