"""Every rejection reason, and DOMAIN.md's order of checks, through both paths."""
import dataclasses
import datetime as dt

from benefits.rules.inputs import Enrolment, Referral
from tests.benefits.builders import claim, domain_policy, line, person, settle_both, settle_one

MARCH = dt.date(2025, 3, 1)


def rejected_for(result) -> str:
    assert (result.decision, result.reimbursed_fen, result.approval_level) == ("rejected", 0, 0)
    return ";".join(result.reason_codes)


def test_not_enrolled_outside_enrolment_dates():
    late = person(enrolled=(dt.date(2025, 6, 1), dt.date(2025, 12, 31)))
    assert rejected_for(settle_one(claim(line(500)), late)) == "NOT_ENROLLED"


def test_not_enrolled_after_death():
    dead = person(died_on=dt.date(2025, 2, 28))
    assert rejected_for(settle_one(claim(line(500)), dead)) == "NOT_ENROLLED"


def test_cover_on_the_day_of_death_still_holds():
    assert settle_one(claim(line(500)), person(died_on=MARCH)).decision == "approved"


def test_cert_invalid_when_certificate_void():
    assert rejected_for(settle_one(claim(line(500)), person(status="void"))) == "CERT_INVALID"


def test_cert_invalid_when_another_certificate_is_presented():
    lent = claim(line(500), certificate="CERT-SOMEONE-ELSE")
    assert rejected_for(settle_one(lent)) == "CERT_INVALID"


def test_duplicate_enrolment_uses_the_one_whose_certificate_was_presented():
    base = person()
    second = Enrolment("CERT-B", "valid", 2, "HH9", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    both = dataclasses.replace(base, enrolments=(base.enrolments[0], second))
    result = settle_one(claim(line(10300), hospital="H2", certificate="CERT-B"), both)
    assert result.reimbursed_fen == 550000  # tier 2 ratio 55%


def test_for_profit_hospital():
    assert rejected_for(settle_one(claim(line(500), hospital="HP"))) == "FOR_PROFIT"


def test_excluded_cause():
    assert rejected_for(settle_one(claim(line(500), cause="traffic"))) == "EXCLUDED_CAUSE"


def test_referral_missing_at_level3_and_out_of_county():
    assert rejected_for(settle_one(claim(line(5000), hospital="H3IN"))) == "REFERRAL_MISSING"
    assert rejected_for(settle_one(claim(line(5000), hospital="H2OUT"))) == "REFERRAL_MISSING"


def test_approved_referral_to_the_hospital_covers_admission():
    referred = person(referrals=[Referral("H3", dt.date(2025, 2, 1), MARCH)])
    assert settle_one(claim(line(5000), hospital="H3"), referred).decision == "approved"


def test_referral_to_another_hospital_or_expired_does_not_cover():
    elsewhere = person(referrals=[Referral("H3IN", dt.date(2025, 2, 1), MARCH)])
    expired = person(referrals=[Referral("H3", dt.date(2025, 1, 1), dt.date(2025, 2, 28))])
    for who in (elsewhere, expired):
        assert rejected_for(settle_one(claim(line(5000), hospital="H3"), who)) == (
            "REFERRAL_MISSING")


def test_emergency_report_within_three_days_covers_and_four_days_does_not():
    in_time = claim(line(5000), hospital="H3", emergency_reported_on=MARCH + dt.timedelta(3))
    late = claim(line(5000), hospital="H3", emergency_reported_on=MARCH + dt.timedelta(4))
    assert settle_one(in_time).decision == "approved"
    assert rejected_for(settle_one(late)) == "REFERRAL_MISSING"


def test_outpatient_at_level3_needs_no_referral():
    result = settle_one(claim(line(50), hospital="H3", claim_type="outpatient"),
                        balances={"HH1": 10000})
    assert result.decision == "approved"


def test_referral_cut_rule_lowers_the_ratio_instead_of_rejecting():
    policy = domain_policy(referral_rule="cut", referral_cut_points=10)
    result = settle_one(claim(line(11000), hospital="H3"), policy=policy)
    assert (result.decision, result.reimbursed_fen) == ("approved", 300000)  # 10,000 x 30%


def test_checks_run_in_domain_order():
    everything_wrong = claim(line(500), hospital="HP", cause="fight", certificate="X")
    assert rejected_for(settle_one(everything_wrong, person(status="lost"))) == "CERT_INVALID"
    assert rejected_for(settle_one(claim(line(500), hospital="HP", cause="fight"))) == (
        "FOR_PROFIT")
    unreferred_fight = claim(line(500), hospital="H3", cause="fight")
    assert rejected_for(settle_one(unreferred_fight)) == "EXCLUDED_CAUSE"


def test_chronic_without_card_is_not_certified():
    result = settle_one(claim(line(300), claim_type="chronic", chronic_disease="diabetes"))
    assert rejected_for(result) == "CHRONIC_NOT_CERTIFIED"


def test_chronic_at_level3_or_out_of_county_is_not_covered():
    carded = person(cards=["diabetes"])
    for hospital in ("H3", "H2OUT"):
        result = settle_one(claim(line(300), hospital=hospital, claim_type="chronic",
                                  chronic_disease="diabetes"), carded)
        assert rejected_for(result) == "NOT_COVERED"


def test_special_outpatient_tier1_or_level1_is_not_covered():
    special = dict(claim_type="special_outpatient")
    assert rejected_for(settle_one(claim(line(3000), hospital="H2", **special))) == "NOT_COVERED"
    assert rejected_for(settle_one(claim(line(3000), hospital="H1", **special),
                                   person(tier=2))) == "NOT_COVERED"


def test_second_prenatal_claim_in_a_year_is_not_covered():
    first = claim(line(150), claim_type="maternity_prenatal", claim_id="M1")
    second = claim(line(150), claim_type="maternity_prenatal", claim_id="M2",
                   admitted=dt.date(2025, 5, 1))
    results = settle_both([second, first], [person()])
    assert results["M1"].reimbursed_fen == 10000
    assert rejected_for(results["M2"]) == "NOT_COVERED"


def test_rejected_prenatal_claim_does_not_use_up_the_allowance():
    void = claim(line(150), claim_type="maternity_prenatal", claim_id="M1", certificate="X")
    later = claim(line(150), claim_type="maternity_prenatal", claim_id="M2",
                  admitted=dt.date(2025, 5, 1))
    results = settle_both([void, later], [person()])
    assert results["M2"].reimbursed_fen == 10000
