"""Outpatient (household account), chronic, special outpatient and maternity rules."""
import datetime as dt

from tests.benefits.builders import claim, line, person, settle_both, settle_one


def outpatient(amount, claim_id, person_id="P1", month=3):
    return claim(line(amount), claim_id=claim_id, person_id=person_id,
                 claim_type="outpatient", certificate=f"CERT-{person_id}",
                 admitted=dt.date(2025, month, 1))


def test_outpatient_pays_all_eligible_until_the_household_account_is_empty():
    results = settle_both([outpatient(30, "O1"), outpatient(30, "O2", month=4)], [person()],
                          balances={"HH1": 5200})
    assert [(r.reimbursed_fen, r.cap_applied) for r in results.values()] == [
        (3000, False), (2200, True)]
    assert results["O2"].deductible_fen == 0


def test_household_account_is_shared_by_the_household():
    members = [person("P1"), person("P2")]
    other_household = person("P3", household="HH2")
    claims = [outpatient(40, "O1", "P1"), outpatient(40, "O2", "P2", month=4),
              outpatient(40, "O3", "P3", month=5)]
    results = settle_both(claims, [*members, other_household],
                          balances={"HH1": 5200, "HH2": 5200})
    assert [r.reimbursed_fen for r in results.values()] == [4000, 1200, 4000]


def test_chronic_pays_half_of_drug_cost_only():
    result = settle_one(claim(line(300), line(100, "tcm_drug"), line(200, "exam"),
                              claim_type="chronic", chronic_disease="diabetes"),
                        person(cards=["diabetes"]))
    assert (result.eligible_fen, result.reimbursed_fen) == (60000, 20000)


def test_chronic_cap_is_1000_tier1_and_2000_tier2():
    for tier, cap in ((1, 100000), (2, 200000)):
        claims = [claim(line(3000), claim_type="chronic", chronic_disease="diabetes",
                        claim_id=f"K{i}", admitted=dt.date(2025, 2 + i, 1)) for i in range(2)]
        results = settle_both(claims, [person(tier=tier, cards=["diabetes"])])
        assert sum(r.reimbursed_fen for r in results.values()) == cap


def test_special_outpatient_tier2_level2_uses_ratio_without_deductible():
    result = settle_one(claim(line(3000), hospital="H2", claim_type="special_outpatient"),
                        person(tier=2))
    assert (result.deductible_fen, result.reimbursed_fen) == (0, 165000)


def test_special_outpatient_cap_10000_is_separate_from_inpatient_cap():
    claims = [claim(line(30000), hospital="H2", claim_type="special_outpatient", claim_id="S1"),
              claim(line(100000), hospital="H2", claim_id="I1", admitted=dt.date(2025, 4, 1))]
    results = settle_both(claims, [person(tier=2)])
    assert (results["S1"].reimbursed_fen, results["S1"].cap_applied) == (1000000, True)
    assert results["I1"].reimbursed_fen == 5000000


def test_maternity_pays_fixed_amounts_at_most_the_eligible_amount():
    prenatal = settle_one(claim(line(80), claim_type="maternity_prenatal"))
    delivery = settle_one(claim(line(2000), claim_type="maternity_delivery"))
    assert (prenatal.reimbursed_fen, delivery.reimbursed_fen) == (8000, 40000)


def test_caesarean_is_an_ordinary_inpatient_claim():
    result = settle_one(claim(line(2100), line(3000, "surgery")))
    assert result.reimbursed_fen == (510000 - 10000) * 75 // 100
