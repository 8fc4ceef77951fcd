"""Injected favour reimbursements (DOMAIN.md: 人情报销, 超标准报销, 弄虚作假报销).

Two kinds. Claims shaped by a clerk (amounts bunched just under an approval threshold,
one stay split in two) are visible in the claims themselves, and their ground truth is
written here. Review favours (a reviewer approving a relative's claim, paying more than
allowed or despite a rejection, approving mostly a few claimants) only exist once the
review history is written: the claim carries a `Favour` and the decisions module writes
the ground truth if the favour really happened.
"""
from __future__ import annotations

import datetime as dt

from registry.demo.claims import ClaimFactory, fits
from registry.demo.medicine import EXCLUDED_CAUSE_DIAGNOSES, INPATIENT_DIAGNOSES, ITEMS, diagnosis
from registry.demo.records import BillLine, Claim, DemoCounty, Favour, Person, Staff, Truth
from registry.demo.subjects import SubjectPicker

SCHEME = "favour_reimbursement"
# Bunching aims at the payable under the DEFAULT policy of DOMAIN.md (inpatient, tier 1):
# threshold yuan -> (hospital, level, deductible yuan, ratio %, capped bed fen/day, diagnosis).
# It is only an aim: the fund's own calculator decides what is payable.
BUNCHING = {
    1000: ("centre", 1, 100, 75, 1500, "J18.9"),
    15000: ("H2001", 2, 300, 50, 3500, "K80.2"),
    30000: ("H3001", 3, 1000, 40, 4000, "C34.9"),
}


def bunched_lines(factory: ClaimFactory, level: int, bed_fen: int, payable_yuan: int,
                  deductible: int, ratio: int, admitted: dt.date, days: int) -> list[BillLine]:
    """Bed at the cap, nursing, an exam and drugs making the eligible total that pays
    `payable_yuan`: eligible = deductible + payable / ratio (all lines eligible, no TCM)."""
    eligible_fen = (deductible * 100 + payable_yuan * 100 * 100 // ratio) // 100 * 100
    lines = [factory.line("bed", admitted, level, quantity=days),
             factory.line("nursing", admitted, level, quantity=days),
             factory.line("exam", admitted, level, 1)]
    lines[0].unit_price_fen = bed_fen
    remainder = eligible_fen - sum(line.amount_fen for line in lines)
    drugs = [item for item in ITEMS["drug"] if item[4]]
    code, description, *_ = factory.rng.choice(drugs)
    unit = remainder // 10 // 100 * 100
    lines.append(BillLine("drug", code, description, 10, unit, True, admitted))
    code, description, *_ = factory.rng.choice(drugs)
    lines.append(BillLine("drug", code, description, 1, remainder - 10 * unit, True, admitted))
    return lines


def bunched_claim(factory: ClaimFactory, person: Person, clerk: Staff, threshold: int,
                  payable_yuan: int, admitted: dt.date, days: int) -> Claim:
    where, level, deductible, ratio, bed_fen, code = BUNCHING[threshold]
    hospital = factory.centres[person.township.code] if where == "centre" else \
        factory.by_code[where]
    claim = factory.inpatient(person, hospital, admitted, diagnosis(code), days=days)
    claim.lines = bunched_lines(factory, level, bed_fen, payable_yuan, deductible, ratio,
                                admitted, days)
    claim.entered_by = clerk
    return claim


def bunching(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    """clerk_t04 enters claims whose payable sits just under 1,000, 15,000 and 30,000."""
    township = county.townships[3]
    clerk = county.staff_of("clerk", township)[0]
    rng = factory.rng
    plan = ((1000, 10, 930, 995, "moderate"), (15000, 3, 14200, 14950, "moderate"),
            (30000, 2, 29000, 29900, "subtle"))
    for threshold, count, low, high, strength in plan:
        for person in pick.people(count, township=township.code, tier=1, plain=True,
                                  min_age=30, max_age=75):
            day = factory.day_between(dt.date(county.year, 1, 15), dt.date(county.year, 11, 20))
            claim = bunched_claim(factory, person, clerk, threshold, rng.randint(low, high), day,
                                  rng.randint(5, 9))
            county.truth.append(Truth(
                claim, SCHEME, "bunched_under_threshold", strength,
                f"payable aimed just under {threshold} yuan by {clerk.username}"))
    county.truth.append(Truth(clerk, SCHEME, "bunched_under_threshold", "moderate",
                              "enters claims whose amounts bunch under the approval thresholds"))
    for person in pick.people(3, township=township.code, tier=1, plain=True, min_age=30):
        day = factory.day_between(dt.date(county.year, 2, 1), dt.date(county.year, 10, 31))
        first = bunched_claim(factory, person, clerk, 1000, rng.randint(900, 990), day, 5)
        second = bunched_claim(factory, person, clerk, 1000, rng.randint(900, 990),
                               first.discharged_on, 5)
        for claim in (first, second):
            county.truth.append(Truth(claim, SCHEME, "split_claims", "moderate",
                                      "one stay split in two claims, each under 1,000 yuan"))


def review_favours(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    """Claims that a reviewer will approve as a favour when the history is written."""
    rng = factory.rng
    county_hospital = factory.by_code["H2001"]

    def admission(person: Person, entered_by: Staff, favour: Favour, cause="illness",
                  dx=None, hospital=county_hospital) -> Claim:
        """An admission big enough to need review: surgery that fits the person's age and sex."""
        day = factory.day_between(dt.date(county.year, 1, 20), dt.date(county.year, 11, 20))
        surgical = [d for d in INPATIENT_DIAGNOSES
                    if d.surgery and d.code != "O82" and fits(d, person, day)]
        claim = factory.inpatient(person, hospital, day,
                                  dx or rng.choice(surgical or [diagnosis("J18.9")]), cause=cause)
        claim.entered_by, claim.favour = entered_by, favour
        return claim

    t02, t03, t05 = county.townships[1], county.townships[2], county.townships[4]
    for reviewer in (county.staff_of("clerk", t02)[0], county.staff_of("township_leader", t03)[0]):
        other_clerk = county.staff_of("clerk", reviewer.township)[-1]
        for relation in [r for r in county.relations if r.staff is reviewer][:3]:
            person = relation.person
            if (person.died_on or person.enrolment.certificate_status != "valid"
                    or person.person_id in pick.used):
                continue
            pick.used.add(person.person_id)
            household = person.household is reviewer.household
            admission(person, other_clerk, Favour(
                reviewer, "relative_approved_by_reviewer", "blatant" if household else "moderate"))
    entering, favouring = county.staff_of("clerk", t03)
    for person in pick.people(5, township=t03.code, min_age=30, max_age=75):
        overpay = rng.randint(15, 80)
        admission(person, entering, Favour(favouring, "paid_more_than_allowed",
                                           "blatant" if overpay >= 50 else "moderate",
                                           overpay_percent=overpay))
    cause, injury = EXCLUDED_CAUSE_DIAGNOSES[1]
    for person in pick.people(3, township=t03.code, min_age=20, max_age=60):
        admission(person, entering, Favour(favouring, "paid_despite_rejection", "blatant",
                                           pay_despite_rejection=True),
                  cause=cause, dx=injury, hospital=factory.centres[t03.code])
    entering, favouring = county.staff_of("clerk", t05)
    for person in pick.people(4, township=t05.code, min_age=50, max_age=75):
        for _ in range(rng.randint(4, 6)):
            admission(person, entering, Favour(favouring, "concentrated_approvals", "subtle"),
                      dx=diagnosis("I63.9"))


def inject(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker) -> None:
    bunching(county, factory, pick)
    review_favours(county, factory, pick)
