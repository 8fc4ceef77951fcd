"""Explanation lines become sentences through one renderer, for the page and the letter."""
import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation

from benefits.explanation import REASONS, SENTENCES, render
from benefits.rules.codes import Line, Reason
from tests.benefits.builders import claim, domain_policy, line, person, settle_both, settle_one


def test_every_line_code_and_reason_has_a_sentence():
    assert set(SENTENCES) == set(Line)
    assert set(REASONS) == set(Reason)


def test_a_capped_tcm_claim_with_supplement_reads_line_by_line():
    policy = domain_policy(inpatient_cap_fen={k: 50000 for k in
                                              domain_policy().inpatient_cap_fen})
    result = settle_one(claim(line(550, "tcm_drug"), line(550), line(90, "cosmetic"),
                              line(10, in_catalogue=False)),
                        person(veteran="other_veteran"), policy=policy)
    with translation.override("en"):
        assert render(result.lines) == [
            "Billed: 1,200.00 yuan.",
            "Line 3 (90.00 yuan) is excluded: Cosmetic.",
            "Line 4 (10.00 yuan) is not in the catalogue.",
            "Eligible amount: 1,100.00 yuan.",
            "Deductible for a level 1 hospital: 100.00 yuan.",
            "75% of 500.00 yuan.",
            "Traditional Chinese medicine: 85% (10 points more) of 500.00 yuan.",
            "Annual cap (Inpatient) 500.00 yuan, 0.00 yuan already paid: "
            "500.00 yuan paid of 800.00 yuan.",
            "Veterans' supplement (Other veteran): 50% of 600.00 yuan self-pay = 300.00 yuan.",
            "Reimbursed 500.00 yuan, supplement 300.00 yuan; approval level 0.",
        ]


def test_household_account_and_fixed_amounts_are_explained():
    results = settle_both([claim(line(80), claim_type="outpatient", claim_id="O"),
                           claim(line(80), claim_type="maternity_prenatal", claim_id="M",
                                 admitted=dt.date(2025, 4, 1))],
                          [person()], balances={"HH1": 5000})
    with translation.override("en"):
        assert "Household account: 50.00 yuan available, 50.00 yuan paid, 0.00 yuan left." in (
            render(results["O"].lines))
        assert "Fixed amount 100.00 yuan, at most the eligible amount: 80.00 yuan." in (
            render(results["M"].lines))


def test_stored_lines_render_like_fresh_ones():
    result = settle_one(claim(line(2100)))
    assert render([ln.as_dict() for ln in result.lines]) == render(result.lines)


def test_fragment_lists_the_sentences():
    result = settle_one(claim(line(2100), certificate="LENT"))
    with translation.override("en"):
        html = render_to_string("benefits/explanation.html", {"lines": render(result.lines)})
    assert "<li>Rejected: the certificate presented (LENT) is not the valid enrolled one.</li>" in (
        html)
