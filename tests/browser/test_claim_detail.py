"""A clerk opens a claim of the own township from the list and reads its bill lines."""
import datetime as dt

import pytest

from tests.county import PASSWORD
from workflow.models import BillLine, Claim


@pytest.mark.browser
def test_clerk_opens_a_claim_and_reads_its_bill_lines(county, page, screenshot):
    person = county.people["zhang_wei"]
    claim = Claim.objects.create(
        claim_id="CL-2025-0001", person=person, certificate_no=person.certificates.get().number,
        hospital=county.hospitals["H1T01"], claim_type="inpatient",
        admitted_on=dt.date(2025, 5, 3), discharged_on=dt.date(2025, 5, 9),
        diagnosis_code="J18.9", submitted_on=dt.date(2025, 5, 10), total_fen=230000)
    for n, (category, item, amount) in enumerate(
            [("bed", "床位费", 20000), ("drug", "头孢曲松", 150000), ("exam", "胸部X光", 60000)], 1):
        BillLine.objects.create(claim=claim, line_no=n, category=category, item_code=f"I{n}",
                                description=item, quantity=1, unit_price_fen=amount,
                                amount_fen=amount, in_catalogue=True,
                                service_date=dt.date(2025, 5, 4))
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "clerk_t01")
    page.fill("input[name=password]", PASSWORD)
    page.click("#sign-in")
    page.get_by_test_id("current-user").wait_for()

    page.goto("/claims/claim/")
    page.click("text=CL-2025-0001")
    page.wait_for_selector("#bill-lines")
    assert page.locator("#bill-lines tbody tr").count() == 3
    assert "头孢曲松" in page.locator("#bill-lines").inner_text()
    screenshot("claim")
