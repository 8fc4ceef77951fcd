"""In the browser: a hospital administrator files a referral, the county office approves it
in its task list, the administrator sees it approved and downloads the certificate (a PDF)."""
import pytest
from django.urls import reverse

from tests.browser.conftest import browser, page, screenshot, sign_in  # noqa: F401 (harness)
from tests.workflow.referrals import open_task
from workflow.choices import ReferralStatus
from workflow.models import Referral
from workflow.referral_flows import ReferralFlow


@pytest.mark.browser
def test_hospital_files_office_approves_hospital_downloads_certificate(
        policy_tables, county, page, screenshot, tmp_path):
    sign_in(page, "hospital_admin_h2")
    page.goto(reverse("referrals:desk:index"))
    page.click("#file-referral")
    page.fill("input[name=person_id]", county.people["zhang_wei"].pk)
    page.select_option("select[name=to_hospital]", "H3")
    page.fill("input[name=diagnosis_code]", "I21.9")
    page.fill("textarea[name=reason]", "需行冠状动脉造影，本院无条件。")
    page.select_option("select[name=urgency]", "urgent")
    with page.expect_navigation():
        page.click("#hospital-form button[type=submit]")
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.REQUESTED and referral.from_hospital_id == "H2"
    assert page.locator("#standing").get_attribute("class") == "standing-pending"
    screenshot("filed")

    sign_in(page, "director")
    task = open_task(referral)
    page.goto(ReferralFlow.instance.reverse("queue"))
    page.click(f"a[href*='/{task.pk}/']")
    page.click("button[name=_continue]")
    page.wait_for_url(f"**/{task.pk}/execute/")
    assert referral.referral_no in page.locator("#facts").inner_text()
    page.check("input[name=approve][value=yes]", force=True)
    with page.expect_navigation():
        page.click("form.vf-form button:not([name=_continue])")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPROVED
    screenshot("approved")

    sign_in(page, "hospital_admin_h2")
    page.goto(reverse("referrals:desk:index"))
    row = page.locator(f"tr[data-referral='{referral.referral_no}']")
    assert row.locator("td.standing").inner_text() in ("Valid", "有效")
    row.locator("a").click()
    page.locator("#certificate").wait_for()
    assert page.locator("#standing").get_attribute("class") == "standing-valid"
    screenshot("dashboard-approved")
    with page.expect_download() as download:
        page.click("#certificate")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"referral-{referral.referral_no}.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
