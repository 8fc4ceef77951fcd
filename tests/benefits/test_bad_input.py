"""Bad input is refused with a message naming the claim and field, by both paths."""
import dataclasses
import datetime as dt

import pytest

from benefits.rules.inputs import BillLine, ClaimInputError
from tests.benefits.builders import claim, line, person, settle_one

DAY = dt.date(2025, 3, 1)


def refused(bad_claim) -> ClaimInputError:
    with pytest.raises(ClaimInputError) as caught:
        settle_one(bad_claim)
    return caught.value


def test_negative_amount_is_refused():
    error = refused(claim(BillLine(1, "drug", -1000, 500, -500, True, DAY)))
    assert (error.claim_id, error.field) == ("C1", "line 1 quantity_milli")


def test_amount_not_quantity_times_price_is_refused():
    error = refused(claim(line(100), BillLine(2, "drug", 2000, 1000, 2500, True, DAY)))
    assert error.field == "line 2 amount_fen"
    assert "not quantity x unit price (2000 fen)" in str(error)


def test_claim_without_lines_is_refused():
    assert refused(claim()).field == "lines"


def test_admission_outside_the_policy_year_is_refused():
    assert refused(claim(line(100), admitted=dt.date(2024, 12, 31))).field == "admitted_on"


def test_service_date_outside_the_claim_is_refused():
    bad = claim(line(100))
    bad = dataclasses.replace(bad, lines=(dataclasses.replace(bad.lines[0],
                                                              service_date=dt.date(2025, 4, 1)),))
    assert refused(bad).field == "line 1 service_date"


def test_both_paths_name_the_first_bad_claim_in_claim_order():
    from benefits.rules.claim import Ledger, settle_in_order
    from benefits.rules.year import frames_from_inputs, settle_frames
    from tests.benefits.builders import domain_policy

    good = claim(line(100), claim_id="A", admitted=dt.date(2025, 1, 1))
    bad_late = claim(claim_id="B", admitted=dt.date(2025, 6, 1))
    bad_early = claim(line(100), claim_id="Z", admitted=dt.date(2025, 2, 1),
                      discharged=dt.date(2025, 1, 30))
    people = {"P1": person()}
    messages = []
    for settle in (lambda cs: settle_in_order(cs, people, Ledger(), domain_policy()),
                   lambda cs: settle_frames(**frames_from_inputs(cs, people), balances={},
                                            policy=domain_policy())):
        with pytest.raises(ClaimInputError) as caught:
            settle([bad_late, good, bad_early])
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith("claim Z: discharged_on")
