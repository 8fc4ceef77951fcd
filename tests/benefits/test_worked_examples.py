"""DOMAIN.md worked examples 1-5, exactly, through both calculator paths."""
import datetime as dt

from tests.benefits.builders import claim, line, person, settle_both, settle_one


def test_example_1_level1_inpatient_2100_pays_1500():
    result = settle_one(claim(line(2100)))
    assert (result.eligible_fen, result.deductible_fen, result.reimbursed_fen) == (
        210000, 10000, 150000)


def test_example_2_level2_tier2_10300_pays_5500():
    result = settle_one(claim(line(10300), hospital="H2"), person(tier=2))
    assert (result.eligible_fen, result.deductible_fen, result.reimbursed_fen) == (
        1030000, 30000, 550000)


def test_example_3_bed_fee_capped_to_15_a_day_pays_787_50():
    result = settle_one(claim(line(200, "bed", quantity=10), line(1000)))
    assert (result.eligible_fen, result.reimbursed_fen) == (115000, 78750)
    cut = [ln for ln in result.lines if ln.code == "BED_FEE_CUT"]
    assert cut[0].params["allowed"] == 15000


def test_example_4_tcm_half_gets_ten_points_more_pays_800():
    result = settle_one(claim(line(550, "tcm_drug"), line(550)))
    assert (result.eligible_fen, result.reimbursed_fen) == (110000, 80000)
    tcm = [ln for ln in result.lines if ln.code == "TCM_BONUS"][0]
    assert (tcm.params["percent"], tcm.params["base"]) == (85, 50000)


def test_example_5_tier1_cap_leaves_500_of_2000():
    # Earlier level-1 claims paid 15,000 + 14,500 = 29,500.
    earlier = [claim(line(20100), claim_id="E1", admitted=dt.date(2025, 1, 5)),
               claim(line("19433.33"), claim_id="E2", admitted=dt.date(2025, 2, 5))]
    now = claim(line(4300), hospital="H2", claim_id="N", admitted=dt.date(2025, 3, 5))
    results = settle_both([*earlier, now], [person()])
    assert results["E1"].reimbursed_fen + results["E2"].reimbursed_fen == 2950000
    assert (results["N"].reimbursed_fen, results["N"].cap_applied) == (50000, True)
