"""Injected inflated bills (DOMAIN.md: 虚增费用): padding, prolonged or fake stays, duplicates.

Seed 001 part 3 names the pattern of a township hospital whose reimbursements are out
of proportion to its volume; the rest are the usual bill tricks, blatant (more bed days
than the stay has) to subtle (a stay billed as bed and drugs only).
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from registry.demo.claims import ClaimFactory
from registry.demo.medicine import diagnosis
from registry.demo.records import Claim, DemoCounty, Truth
from registry.demo.subjects import SubjectPicker

SCHEME = "inflated_bill"
# hospital code -> (percent of the honest price, strength)
PADDED_HOSPITALS = {"H10300": (220, "moderate"), "H2002": (135, "subtle")}


def flag(county: DemoCounty, subject, mechanism: str, strength: str, note: str) -> None:
    county.truth.append(Truth(subject, SCHEME, mechanism, strength, note))


def padded_prices(county: DemoCounty):
    """Every non-bed item of the hospital's admissions is priced above its peers'."""
    for code, (percent, strength) in PADDED_HOSPITALS.items():
        hospital = county.hospital(code)
        for claim in county.claims:
            if claim.hospital is hospital and claim.claim_type == "inpatient":
                for line in claim.lines:
                    if line.category != "bed":
                        line.unit_price_fen = line.unit_price_fen * percent // 100
        flag(county, hospital, "padded_costs", strength,
             f"admission items priced at {percent}% of what peers charge")


def honest_inpatient(county: DemoCounty, pick: SubjectPicker, count: int) -> list[Claim]:
    """Untouched in-county admissions of people no other scheme uses."""
    claims = [c for c in county.claims if c.claim_type == "inpatient" and c.hospital.in_county
              and c.hospital.nonprofit and c.hospital.code not in PADDED_HOSPITALS
              and c.cause == "illness" and c.person.person_id not in pick.used
              and c.person.person_id not in pick.staff_people]
    chosen = pick.rng.sample(claims, min(count, len(claims)))
    pick.used.update(c.person.person_id for c in chosen)
    return chosen


def bed_days_and_duplicates(county: DemoCounty, pick: SubjectPicker):
    for n, claim in enumerate(honest_inpatient(county, pick, 5)):
        bed = next(line for line in claim.lines if line.category == "bed")
        extra = 6 - n
        bed.quantity += extra
        stay = (claim.discharged_on - claim.admitted_on).days
        flag(county, claim, "bed_days_beyond_stay", "blatant" if extra >= 4 else "moderate",
             f"{bed.quantity} bed days billed for a {stay}-day stay")
    for claim in honest_inpatient(county, pick, 5):
        line = next(line for line in claim.lines if line.category in ("drug", "exam"))
        claim.lines.append(dataclasses.replace(line))
        flag(county, claim, "duplicate_lines", "moderate",
             f"item {line.item_code} billed twice on {line.service_date}")


def fake_stays(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    """Admissions with nothing but a bed and drugs: no exam, no treatment, no nursing."""
    centre = factory.centres["T04"]
    for person in pick.people(6, township="T04", min_age=20, max_age=60):
        admitted = factory.day_between(dt.date(county.year, 2, 1), dt.date(county.year, 11, 30))
        days = factory.rng.randint(5, 9)
        out = admitted + dt.timedelta(days=days)
        lines = [factory.line("bed", admitted, 1, quantity=days)] + [
            factory.line("drug", factory.day_between(admitted, out), 1,
                         quantity=factory.rng.randint(4, 12)) for _ in range(3)]
        claim = factory.claim(person, centre, "inpatient", admitted, out, "J18.9", lines)
        flag(county, claim, "bed_and_drugs_only", "subtle",
             "a stay billed as bed and drugs only")


def split_readmissions(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    """Discharged and readmitted within 15 days for the same diagnosis at the same place."""
    for person in pick.people(4, min_age=50, max_age=80):
        hospital = factory.by_code["H2001"]
        day = factory.day_between(dt.date(county.year, 2, 1), dt.date(county.year, 10, 31))
        first = factory.inpatient(person, hospital, day, diagnosis("J44.1"), days=6)
        again = first.discharged_on + dt.timedelta(days=factory.rng.randint(2, 12))
        second = factory.inpatient(person, hospital, again, diagnosis("J44.1"), days=6)
        for claim in (first, second):
            flag(county, claim, "split_readmission", "moderate",
                 "readmitted within 15 days for the same diagnosis")


def out_of_proportion(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    """A small township centre files few but heavy admissions (seed 001 part 3)."""
    centre = factory.centres["T05"]
    for person in pick.people(12, township="T05", min_age=40):
        day = factory.day_between(dt.date(county.year, 1, 20), dt.date(county.year, 11, 30))
        claim = factory.inpatient(person, centre, day, diagnosis("I25.1"),
                                  days=factory.rng.randint(14, 20))
        for line in claim.lines:
            if line.category in ("drug", "exam"):
                line.quantity *= 3
    flag(county, centre, "out_of_proportion_hospital", "subtle",
         "reimbursements far above what its volume of patients explains")


def inject(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker) -> None:
    padded_prices(county)
    bed_days_and_duplicates(county, pick)
    fake_stays(county, factory, pick)
    split_readmissions(county, factory, pick)
    out_of_proportion(county, factory, pick)
