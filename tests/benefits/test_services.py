"""The services other apps call, on the database with the shared county."""
import datetime as dt

from benefits import services
from benefits.models import Assessment


def test_settle_year_matches_calculate_for_every_claim(county, add_claim):
    add_claim("zhang_wei", "A1", "H1T01", [("drug", 1, 2100)])
    add_claim("li_na", "A2", "H2", [("drug", 1, 10300)])
    add_claim("zhang_wei", "A3", "H3", [("drug", 1, 5000)])
    add_claim("zhang_wei", "A4", "H1T01", [("drug", 1, 80)], claim_type="outpatient",
              admitted=dt.date(2025, 4, 1))
    frame = services.settle_year(2025)
    assert list(frame.index) == ["A1", "A2", "A3", "A4"]
    for claim_id, row in frame.iterrows():
        from workflow.models import Claim
        assert services.calculate(Claim.objects.get(pk=claim_id)).figures() == {
            k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
    assert frame.loc["A1", "reimbursed_fen"] == 150000
    assert frame.loc["A3", "reason_codes"] == "REFERRAL_MISSING"
    assert frame.loc["A4", "reimbursed_fen"] == 2600


def test_store_year_keeps_one_assessment_per_claim(county, add_claim):
    add_claim("zhang_wei", "A1", "H1T01", [("drug", 1, 2100)])
    services.store_year(2025)
    services.store_year(2025)
    assessment = Assessment.objects.get()
    assert (assessment.claim_id, assessment.reimbursed_fen, assessment.approval_level) == (
        "A1", 150000, 2)
