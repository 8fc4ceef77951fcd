"""Favour reimbursements: each rule fires on a favour and not on its honest look-alike."""
from fraud.detectors import favour
from fraud.detectors.codes import Reason, Subject
from tests.fraud.frames import claim, frames, reasons

STAFF = [dict(username="clerk_a", role="clerk", township_code="T01", person_id="S1",
              household_id="HH9", village_code="T01V02", surname="李"),
         dict(username="clerk_b", role="clerk", township_code="T01", person_id="S2",
              household_id="HH8", village_code="T01V03", surname="王")]


def _decision(claim_id, who, paid=None, decision="approved"):
    return dict(claim_id=claim_id, level=1, decided_by=who, decision=decision,
                paid_amount_fen=paid)


def test_paid_more_than_the_calculator_allows_fires_with_the_excess():
    found = favour.PaidBeyondRules().fit_detect(frames(
        [claim("C1"), claim("C2")],
        decisions=[_decision("C1", "clerk_a", 150000), _decision("C2", "clerk_a", 100000)],
        settlements=[dict(claim_id="C1", decision="approved", reason_codes="",
                          payable_fen=100000),
                     dict(claim_id="C2", decision="approved", reason_codes="",
                          payable_fen=100000)]))
    assert list(found.subject_id) == ["C1"]
    assert found.amount_fen.item() == 50000


def test_reviewer_of_the_claimants_household_fires_but_another_reviewer_does_not():
    found = favour.FavourReimbursement().fit_detect(frames(
        [claim("C1", household_id="HH9"), claim("C2", person_id="P2", household_id="HH9")],
        decisions=[_decision("C1", "clerk_a"), _decision("C2", "clerk_b")],
        staff=STAFF, relations=[dict(username="clerk_a", person_id="P2", relation="sibling")]))
    assert reasons(found, "C1") == {Reason.REVIEWER_SAME_HOUSEHOLD}
    assert reasons(found, "C2") == set()  # related to clerk_a, but clerk_b approved it
    assert reasons(found, "clerk_a") == {Reason.REVIEWER_PATTERN}
    assert set(found[found.subject_id == "clerk_a"].subject_type) == {Subject.REVIEWER}


def test_back_to_back_claims_each_under_the_threshold_are_a_split():
    from tests.fraud.frames import D
    found = favour.SplitClaim().fit_detect(frames(
        [claim("C1", discharged_on=D(2025, 3, 4)),
         claim("C2", admitted_on=D(2025, 3, 4), discharged_on=D(2025, 3, 8)),
         claim("C3", person_id="P2", discharged_on=D(2025, 3, 4))],
        settlements=[dict(claim_id=c, decision="approved", reason_codes="", payable_fen=90000)
                     for c in ("C1", "C2", "C3")],
        thresholds_fen=(100000, 1500000, 3000000)))
    assert set(found.subject_id) == {"C1", "C2"}
