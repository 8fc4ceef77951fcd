"""Pure builders for the calculator's inputs: a DOMAIN.md policy, people, claims, lines."""
import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from benefits.rules.inputs import BillLine, Claim, Enrolment, PersonYear
from benefits.rules.policy import Policy, policy_from_mapping

DEFAULTS = Path(__file__).resolve().parents[2] / "benefits" / "policy_defaults.json"
YEAR = 2025
HOSPITALS = {  # code: (level, in_county, nonprofit)
    "H1": (1, True, True), "H2": (2, True, True), "H3": (3, False, True),
    "H3IN": (3, True, True), "H2OUT": (2, False, True), "HP": (2, True, False),
}


def domain_policy(year: int = YEAR, **changes) -> Policy:
    """DOMAIN.md's values (the seeded defaults), with any field replaced."""
    policy = policy_from_mapping(year, json.loads(DEFAULTS.read_text()))
    return dataclasses.replace(policy, **changes) if changes else policy


def line(amount_yuan, category="drug", line_no=1, quantity=1, in_catalogue=True,
         day=dt.date(YEAR, 3, 1)) -> BillLine:
    """A line of `quantity` units whose amount is `amount_yuan` (price = amount / quantity)."""
    amount_fen = int(Decimal(str(amount_yuan)) * 100)
    return BillLine(line_no, category, quantity * 1000, amount_fen // quantity, amount_fen,
                    in_catalogue, day)


def claim(*lines, claim_id="C1", person_id="P1", hospital="H1", claim_type="inpatient",
          admitted=dt.date(YEAR, 3, 1), discharged=None, cause="illness", certificate="CERT-P1",
          chronic_disease="", emergency_reported_on=None) -> Claim:
    level, in_county, nonprofit = HOSPITALS[hospital]
    numbered = tuple(dataclasses.replace(ln, line_no=n, service_date=admitted)
                     for n, ln in enumerate(lines, 1))
    return Claim(claim_id=claim_id, person_id=person_id, certificate_no=certificate,
                 hospital_code=hospital, hospital_level=level, hospital_in_county=in_county,
                 hospital_nonprofit=nonprofit, claim_type=claim_type, admitted_on=admitted,
                 discharged_on=discharged or admitted, cause=cause, lines=numbered,
                 chronic_disease=chronic_disease, emergency_reported_on=emergency_reported_on)


def person(person_id="P1", tier=1, birth=dt.date(1970, 1, 1), household="HH1",
           status="valid", veteran="", died_on=None, referrals=(), cards=(),
           enrolled=(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))) -> PersonYear:
    enrolment = Enrolment(f"CERT-{person_id}", status, tier, household, enrolled[0],
                          enrolled[1], veteran)
    return PersonYear(person_id, birth, (enrolment,), died_on, tuple(referrals),
                      frozenset(cards))


def settle_both(claims, people, policy: Policy | None = None, balances=None) -> dict:
    """Settle with both paths, check they agree to the fen, return the per-claim results."""
    from benefits.rules.claim import Ledger, settle_in_order
    from benefits.rules.year import frames_from_inputs, settle_frames

    policy = policy or domain_policy()
    people = {p.person_id: p for p in people}
    balances = balances or {}
    results = settle_in_order(claims, people, Ledger(opening_balances=dict(balances)), policy)
    frame = settle_frames(**frames_from_inputs(claims, people), balances=balances, policy=policy)
    assert frame.to_dict("index") == {cid: r.figures() for cid, r in results.items()}
    return results


def settle_one(claim_, person_=None, **kwargs):
    """One claim through both paths; its per-claim result."""
    return settle_both([claim_], [person_ or person()], **kwargs)[claim_.claim_id]
