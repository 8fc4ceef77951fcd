"""A scheme transfer in the browser: the old township's clerk files it and confirms the last
day of cover, the new township's clerk confirms the first day; both see it completed."""
import datetime as dt

import pytest

from registry.models import Enrolment
from tests.browser.conftest import sign_in
from workflow.choices import TransferState
from workflow.models import SchemeTransfer



def act_on_transfer(page, transfer, day):
    """From the transfer's page: open the task, take it, enter the date, confirm."""
    page.goto(f"/transfers/transfer/{transfer.pk}/")
    page.click("#open-task")
    assign = page.locator("button:has-text('Assign'), input[value='Assign']")
    if assign.count():
        assign.first.click()
    page.fill("input[name=day]", day)
    page.check("input[name=decision][value=confirm]")
    page.get_by_role("button", name="Execute", exact=True).click()
    page.wait_for_selector("#transfer-state")


@pytest.mark.browser
def test_old_office_confirms_end_new_office_confirms_start(county, page, screenshot):
    person = county.people["zhang_wei"]
    sign_in(page, "clerk_t01")
    page.goto("/transfers/file/")
    page.fill("input[name=person_id]", person.pk)
    page.select_option("select[name=from_scheme]", "ncms")
    page.select_option("select[name=old_township]", "T01")
    page.select_option("select[name=to_scheme]", "urban_resident")
    page.select_option("select[name=new_township]", "T02")
    page.select_option("select[name=new_village]", "T02V01")
    page.fill("textarea[name=reason]", "moved to the town")
    page.click("#file-transfer-form button[type=submit]")
    page.wait_for_selector("#transfer-state")
    assert page.inner_text("#transfer-state") == "Waiting for the old office"
    transfer = SchemeTransfer.objects.get()
    screenshot("filed")

    act_on_transfer(page, transfer, "2025-06-30")
    assert page.inner_text("#transfer-state") == "Waiting for the new office"

    sign_in(page, "clerk_t02")
    page.goto("/transfers/")
    assert "Waiting for the new office" in page.inner_text("#transfers")
    act_on_transfer(page, transfer, "2025-07-01")
    assert page.inner_text("#transfer-state") == "Completed"
    assert "July 1, 2025" in page.inner_text("#start-date")
    screenshot("completed")

    transfer.refresh_from_db()
    assert transfer.state == TransferState.COMPLETED
    assert Enrolment.objects.get(person=person, scheme="urban_resident").enrolled_from == (
        dt.date(2025, 7, 1))
