"""Inpatient rules: eligible amount, deductible, ratios, TCM, caps, supplement, approval."""
import datetime as dt

from benefits.rules.inputs import BillLine
from tests.benefits.builders import claim, domain_policy, line, person, settle_both, settle_one


def test_lines_outside_catalogue_or_in_excluded_categories_are_not_eligible():
    result = settle_one(claim(line(1000), line(400, in_catalogue=False), line(300, "special_exam"),
                              line(200, "prosthesis")))
    assert result.eligible_fen == 100000
    assert [ln.code for ln in result.lines if ln.code in (
        "NOT_IN_CATALOGUE", "EXCLUDED_CATEGORY")] == ["NOT_IN_CATALOGUE", "EXCLUDED_CATEGORY",
                                                       "EXCLUDED_CATEGORY"]


def test_bed_fee_caps_per_day_by_level():
    for hospital, allowed in (("H1", 15000), ("H2", 35000), ("H3IN", 40000)):
        result = settle_one(claim(line(500, "bed", quantity=10), line(2000), hospital=hospital,
                                  emergency_reported_on=dt.date(2025, 3, 1)))
        assert result.eligible_fen == 200000 + allowed


def test_bed_fee_under_the_cap_is_untouched():
    assert settle_one(claim(line(100, "bed", quantity=10))).eligible_fen == 10000


def test_deductible_reported_is_at_most_the_eligible_amount():
    result = settle_one(claim(line(60)))
    assert (result.deductible_fen, result.reimbursed_fen, result.decision) == (6000, 0, "approved")


def test_ratios_by_tier_and_level():
    expected = {(1, "H1"): 75, (1, "H2"): 50, (2, "H1"): 80, (2, "H2"): 55}
    for (tier, hospital), percent in expected.items():
        result = settle_one(claim(line(10000), hospital=hospital), person(tier=tier))
        deductible = {"H1": 10000, "H2": 30000}[hospital]
        assert result.reimbursed_fen == (1000000 - deductible) * percent // 100


def test_level3_with_referral_tier2_uses_45_percent():
    result = settle_one(claim(line(11000), hospital="H3IN",
                              emergency_reported_on=dt.date(2025, 3, 2)), person(tier=2))
    assert result.reimbursed_fen == 450000


def test_tcm_deductible_is_shared_in_proportion():
    # 3,000 eligible, 1,000 TCM: 2,900 left = 966.67 TCM at 85% + 1,933.33 at 75%
    # = 821.67 + 1,450.00.
    result = settle_one(claim(line(1000, "tcm_treatment"), line(2000)))
    assert result.reimbursed_fen == 227167  # 2,271.67 yuan, rounded once


def test_tier2_minor_cap_is_60000_and_adult_50000():
    child = person(tier=2, birth=dt.date(2010, 1, 1))
    adult = person(tier=2)
    big = [claim(line(40000), claim_id=f"B{i}", admitted=dt.date(2025, 1 + i, 1))
           for i in range(3)]
    assert sum(r.reimbursed_fen for r in settle_both(big, [child]).values()) == 6000000
    assert sum(r.reimbursed_fen for r in settle_both(big, [adult]).values()) == 5000000


def test_tier1_cap_is_30000_for_minors_too():
    child = person(birth=dt.date(2010, 1, 1))
    big = [claim(line(40000), claim_id=f"B{i}", admitted=dt.date(2025, 1 + i, 1))
           for i in range(2)]
    assert sum(r.reimbursed_fen for r in settle_both(big, [child]).values()) == 3000000


def test_minor_is_under_18_on_admission():
    turns_18 = person(tier=2, birth=dt.date(2007, 3, 1))
    policy = domain_policy()
    assert policy.is_minor(20070301, 20250228) and not policy.is_minor(20070301, 20250301)
    claims = [claim(line(40000), claim_id=f"B{i}", admitted=dt.date(2025, 1 + 2 * i, 1))
              for i in range(3)]  # January (minor), March (adult), May (adult)
    results = settle_both(claims, [turns_18])
    assert [r.reimbursed_fen for r in results.values()] == [3192000, 1808000, 0]


def test_caps_are_consumed_by_admission_date_then_claim_id():
    same_day = [claim(line(40000), claim_id=cid, admitted=dt.date(2025, 5, 1))
                for cid in ("Z9", "A1")]
    earlier = claim(line(1000), claim_id="Q5", admitted=dt.date(2025, 4, 1))
    results = settle_both([*same_day, earlier], [person()])
    assert list(results) == ["Q5", "A1", "Z9"]
    assert (results["A1"].reimbursed_fen, results["A1"].cap_applied) == (2932500, True)
    assert results["Z9"].reimbursed_fen == 0


def test_veterans_supplement_pays_a_share_of_the_remaining_self_pay():
    result = settle_one(claim(line(2100)), person(veteran="martyr_family"))
    assert (result.reimbursed_fen, result.supplement_fen) == (150000, 48000)  # 80% of 600


def test_supplement_only_on_inpatient_claims():
    result = settle_one(claim(line(2100), claim_type="maternity_delivery"),
                        person(veteran="martyr_family"))
    assert result.supplement_fen == 0


def test_approval_level_follows_reimbursed_plus_supplement():
    policy = domain_policy()
    assert [policy.approval_level(fen) for fen in (100000, 100001, 1499999, 1500000,
                                                   2999999, 3000000)] == [0, 2, 2, 3, 3, 4]
    # 1,000 reimbursed + supplement 200 crosses into level 2.
    result = settle_one(claim(line("1433.33")), person(veteran="other_veteran"))
    assert result.reimbursed_fen == 100000 and result.approval_level == 2


def test_huge_claims_stay_exact_beyond_int64_products():
    lines = (BillLine(1, "tcm_drug", 1000, 900000000, 900000000, True, dt.date(2025, 3, 1)),
             BillLine(2, "drug", 1000, 123456789, 123456789, True, dt.date(2025, 3, 1)))
    huge = claim(*lines)
    policy = domain_policy(inpatient_cap_fen={k: 10**12 for k in
                                              domain_policy().inpatient_cap_fen})
    result = settle_one(huge, policy=policy)
    eligible, tcm = 1023456789, 900000000
    remainder = eligible - 10000
    assert result.reimbursed_fen == (2 * remainder * (75 * eligible + 10 * tcm)
                                     + 100 * eligible) // (200 * eligible)
