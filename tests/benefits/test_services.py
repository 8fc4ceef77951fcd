"""The services other apps call, on the database with the shared county."""
import csv
import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from audit.models import AuditEntry
from benefits import services
from benefits.models import Assessment, RatioRule
from registry.models import ChronicDiseaseCard, Enrolment
from workflow.models import BillLine, Claim, Referral


def test_settle_year_matches_calculate_on_every_claim(county, add_claim):
    add_claim("zhang_wei", "A1", "H1T01", [("drug", 1, 2100)])
    add_claim("li_na", "A2", "H2", [("drug", 1, 10300)])
    add_claim("zhang_wei", "A3", "H3", [("drug", 1, 5000)])
    add_claim("zhang_wei", "A4", "H1T01", [("drug", 1, 80)], claim_type="outpatient",
              admitted=dt.date(2025, 4, 1))
    add_claim("wang_xiaoming", "A5", "H2", [("bed", "2.5", 50), ("tcm_drug", 3, "33.33")])
    frame = services.settle_year(2025)
    assert list(frame.index) == ["A1", "A2", "A3", "A5", "A4"]
    for claim in Claim.objects.all():
        assert services.calculate(claim).figures() == frame.loc[claim.pk].to_dict()
    assert frame.loc["A1", "reimbursed_fen"] == 150000
    assert frame.loc["A3", "reason_codes"] == "REFERRAL_MISSING"
    assert frame.loc["A4", "reimbursed_fen"] == 2600  # tier 1 household account


def test_adjudicate_writes_contract_csv_and_stores_results(county, add_claim, tmp_path):
    add_claim("zhang_wei", "A1", "H1T01", [("drug", 1, 2100)])
    add_claim("zhang_wei", "A2", "HP", [("drug", 1, 100)], admitted=dt.date(2025, 5, 2))
    out = tmp_path / "adjudication.csv"
    call_command("adjudicate", "--year", "2025", "--out", str(out))
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["claim_id", "decision", "reason_codes", "eligible_amount", "deductible", "reimbursed",
         "supplement", "cap_applied", "approval_level"],
        ["A1", "approved", "", "2100.00", "100.00", "1500.00", "0.00", "false", "2"],
        ["A2", "rejected", "FOR_PROFIT", "100.00", "100.00", "0.00", "0.00", "false", "0"],
    ]
    stored = {a.claim_id: (a.decision, a.reimbursed_fen, a.reason_codes)
              for a in Assessment.objects.all()}
    assert stored == {"A1": ("approved", 150000, ""), "A2": ("rejected", 0, "FOR_PROFIT")}
    assert AuditEntry.objects.filter(action="benefits.adjudicate_year", object_id="2025").exists()


def test_adjudicating_again_replaces_the_year(county, add_claim):
    add_claim("zhang_wei", "A1", "H1T01", [("drug", 1, 2100)])
    services.store_year(2025)
    services.store_year(2025)
    assert Assessment.objects.get().reimbursed_fen == 150000


def test_bad_bill_line_stops_adjudication_and_stores_nothing(county, add_claim, tmp_path):
    add_claim("zhang_wei", "A1", "H1T01", [("drug", 1, 2100)])
    bad = add_claim("li_na", "B1", "H2", [("drug", 2, 100)])
    BillLine.objects.filter(claim=bad).update(amount_fen=25000)
    with pytest.raises(CommandError, match="claim B1: line 1 amount_fen"):
        call_command("adjudicate", "--year", "2025", "--out", str(tmp_path / "a.csv"))
    assert not Assessment.objects.exists()


def test_year_without_policy_tables_is_refused(county, tmp_path):
    with pytest.raises(CommandError, match="no policy tables for 2031"):
        call_command("adjudicate", "--year", "2031", "--out", str(tmp_path / "a.csv"))


def test_edited_policy_table_changes_the_result(county, add_claim):
    claim = add_claim("zhang_wei", "A1", "H1T01", [("drug", 1, 2100)])
    RatioRule.objects.filter(policy_id=2025, tier=1, level=1).update(ratio_percent=60)
    assert services.calculate(claim).reimbursed_fen == 120000
    assert services.settle_year(2025).loc["A1", "reimbursed_fen"] == 120000


def test_approved_referral_in_the_registry_covers_a_level3_admission(county, add_claim):
    person = county.people["zhang_wei"]
    Referral.objects.create(referral_no="R1", person=person, from_hospital=county.hospitals["H2"],
                            to_hospital=county.hospitals["H3"], diagnosis_code="C34",
                            status="approved", valid_from=dt.date(2025, 2, 20),
                            valid_to=dt.date(2025, 3, 21))
    Referral.objects.create(referral_no="R2", person=county.people["li_na"],
                            from_hospital=county.hospitals["H2"],
                            to_hospital=county.hospitals["H3"], diagnosis_code="C34",
                            valid_from=dt.date(2025, 2, 20), valid_to=dt.date(2025, 3, 21))
    add_claim("zhang_wei", "A1", "H3", [("drug", 1, 11000)])
    add_claim("li_na", "A2", "H3", [("drug", 1, 11000)])
    frame = services.settle_year(2025)
    assert frame.loc["A1", "reimbursed_fen"] == 400000
    assert frame.loc["A2", "reason_codes"] == "REFERRAL_MISSING"  # only requested


def test_chronic_card_in_the_registry_allows_chronic_claims(county, add_claim):
    ChronicDiseaseCard.objects.create(person=county.people["ouyang_xiu"], disease="diabetes",
                                      year=2025)
    claim = add_claim("ouyang_xiu", "K1", "H1T02", [("drug", 1, 300)], claim_type="chronic",
                      chronic_disease="diabetes")
    assert services.calculate(claim).reimbursed_fen == 15000


def test_household_account_carries_over_last_years_unused_balance(county, add_claim):
    person = county.people["zhang_wei"]
    enrolment = Enrolment.objects.get(person=person)
    enrolment.pk, enrolment.year = None, 2024
    enrolment.enrolled_from, enrolment.enrolled_to = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    enrolment.save()
    add_claim("zhang_wei", "O24", "H1T01", [("drug", 1, 10)], claim_type="outpatient",
              admitted=dt.date(2024, 6, 1))
    services.store_year(2024)
    assert services.household_openings(2025)[person.household_id] == 2600 + 2600 - 1000
    claim = add_claim("zhang_wei", "O25", "H1T01", [("drug", 1, 50)], claim_type="outpatient")
    assert services.calculate(claim).reimbursed_fen == 4200
    assert services.settle_year(2025).loc["O25", "reimbursed_fen"] == 4200


def test_store_claim_keeps_the_explanation_and_audits(county, add_claim):
    claim = add_claim("zhang_wei", "A1", "H1T01", [("bed", 10, 20), ("drug", 1, 1000)])
    assessment = services.store_claim(claim, actor=county.staff["clerk_t01"])
    assert assessment.reimbursed_fen == 78750
    assert [line["code"] for line in assessment.explanation] == [
        "BILLED", "BED_FEE_CUT", "ELIGIBLE", "DEDUCTIBLE", "RATIO", "PAYABLE"]
    assert AuditEntry.objects.filter(action="benefits.assess", object_id="A1").count() == 1


def test_explain_gives_sentences_a_reviewer_can_read(county, add_claim):
    claim = add_claim("zhang_wei", "A1", "H1T01", [("bed", 10, 20), ("drug", 1, 1000)])
    with translation.override("en"):
        lines = services.explain(claim)
    assert lines == [
        "Billed: 1,200.00 yuan.",
        "Line 1: bed fee 200.00 yuan cut to 150.00 yuan (10 days at most 15.00 yuan a day).",
        "Eligible amount: 1,150.00 yuan.",
        "Deductible for a level 1 hospital: 100.00 yuan.",
        "75% of 1,050.00 yuan.",
        "Reimbursed 787.50 yuan, supplement 0.00 yuan; approval level 0.",
    ]


def test_rejection_is_explained_with_its_reason(county, add_claim):
    claim = add_claim("zhang_wei", "A1", "H1T01", [("drug", 1, 100)], cause="traffic")
    with translation.override("en"):
        assert services.explain(claim)[-1] == "Rejected: the cause (Traffic accident) is excluded."


def test_calculate_replays_the_household_members_earlier_claims(county, add_claim):
    husband = county.people["zhang_wei"]
    county.add_person("zhang_wife", "王芳", "F", dt.date(1972, 5, 6), "T01V01",
                      household=husband.household_id)
    add_claim("zhang_wife", "O1", "H1T01", [("drug", 1, 40)], claim_type="outpatient",
              admitted=dt.date(2025, 2, 1))
    later = add_claim("zhang_wei", "O2", "H1T01", [("drug", 1, 40)], claim_type="outpatient",
                      admitted=dt.date(2025, 3, 1))
    result = services.calculate(later)
    assert (result.reimbursed_fen, result.cap_applied) == (1200, True)  # 52 - 40 yuan left
    assert services.settle_year(2025).loc["O2", "reimbursed_fen"] == 1200
