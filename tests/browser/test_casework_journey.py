"""An investigator takes the top case of the queue, adds a note and a file, confirms it, and
the recovery order appears (issue 8's browser journey)."""
import pytest

from casework.services import open_or_join_case
from fraud import services as fraud
from fraud.models import Alert, ScoringRun
from tests.browser.conftest import sign_in
from tests.workflow.claims import make_claim


def _alert(run, subject_type, subject_id, scheme, score, amount_fen):
    return Alert.objects.create(
        run=run, model_version=run.model_version, scheme=scheme, subject_type=subject_type,
        subject_id=subject_id, score=score, rule_score=score, amount_at_risk_fen=amount_fen,
        reason_codes="DUPLICATE_LINES", reasons=[["DUPLICATE_LINES", score, {"lines": 3}]])


@pytest.mark.browser
def test_investigator_confirms_the_top_case_and_sees_the_recovery_order(
        county, page, screenshot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    claim = make_claim(county, "zhang_wei", 500)  # approved: the fund pays 300 yuan
    run = ScoringRun.objects.create(year=2025, model_version=fraud.active_model())
    open_or_join_case([_alert(run, "claim", claim.pk, "inflated_bill", 0.95, 30000),
                       _alert(run, "hospital", "H2", "inflated_bill", 0.6, 2000)])
    scan = tmp_path / "bill-scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

    sign_in(page, "investigator")

    page.goto("/casework/")
    top = page.locator("#case-queue tbody tr").first
    assert claim.pk in top.inner_text()
    screenshot("queue")
    top.locator("button.take-case").click()
    page.wait_for_selector("#case-summary")
    assert "investigator" in page.locator("#case-summary").inner_text()
    for _step in range(4):
        page.click("#advance-case")
        page.wait_for_selector("#case-summary")
    page.fill("#notes textarea[name=text]", "Bill lines repeat the same drug three times.")
    page.click("#add-note")
    page.wait_for_selector("text=Bill lines repeat the same drug three times.")
    page.set_input_files("#evidence input[name=file]", str(scan))
    page.click("#add-evidence")
    page.wait_for_selector("#evidence a:has-text('bill-scan.pdf')")

    page.check("#decide input[value=confirmed]")
    page.check("#decide input[name=fabricated]")
    page.fill("#decide textarea[name=reason]", "Duplicate drug lines billed on purpose.")
    page.click("#decide-case")
    page.wait_for_selector("#recovery-orders")
    assert page.locator("#recovery-orders .recovery-amount").inner_text() == "¥900.00"
    screenshot("decided")
