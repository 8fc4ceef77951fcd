"""Injected certificate lending (DOMAIN.md: 借证, 冒名就医): someone else uses a certificate.

The traces it leaves, from blatant to subtle: a lost, void or confiscated certificate
presented; care after the holder's death; a diagnosis the holder's sex or age rules out;
stays that overlap or same-day visits far apart; a card that was never used suddenly
used for serious care; many certificates used at one clinic on the same days.
"""
from __future__ import annotations

import datetime as dt

from registry.demo.claims import ClaimFactory
from registry.demo.medicine import DELIVERY, diagnosis
from registry.demo.records import Claim, DemoCounty, Truth
from registry.demo.subjects import SubjectPicker

SCHEME = "certificate_lending"


def flag(county: DemoCounty, claim: Claim, mechanism: str, strength: str, note: str) -> None:
    county.truth.append(Truth(claim, SCHEME, mechanism, strength, note))


def invalid_certificates(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    for status, strength in (("confiscated", "blatant"), ("void", "blatant"),
                             ("lost", "moderate")):
        for person in pick.people(2, status=status, min_age=18):
            day = factory.day_between(dt.date(county.year, 2, 1), dt.date(county.year, 11, 30))
            centre = factory.centres[person.township.code]
            claim = factory.inpatient(person, centre, day, diagnosis("J18.9"))
            flag(county, claim, "invalid_certificate_used", strength,
                 f"certificate {claim.certificate_no} is {status} but was presented")


def after_death(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    for n, person in enumerate(pick.people(4, died=True, alive=False, min_age=30)):
        day = person.died_on + dt.timedelta(days=factory.rng.randint(5, 40))
        centre = factory.centres[person.township.code]
        if n % 2:
            claim = factory.inpatient(person, centre, day, diagnosis("J18.9"))
        else:
            claim = factory.outpatient(person, centre, day)
        flag(county, claim, "use_after_death", "blatant",
             f"care on {day} after the holder died on {person.died_on}")


def impossible_diagnoses(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    centre_of = factory.centres
    day = dt.date(county.year, 5, 12)
    for person in pick.people(2, sex="F", min_age=60, max_age=70):
        out = day + dt.timedelta(days=3)
        claim = factory.claim(person, factory.by_code["H2003"], "maternity_delivery", day, out,
                              DELIVERY.code, factory.stay_lines(factory.by_code["H2003"],
                                                                DELIVERY, day, out))
        flag(county, claim, "impossible_diagnosis", "blatant",
             f"normal delivery (O80) for a woman aged {person.age_on(day)}")
    for person in pick.people(2, sex="F", min_age=50, max_age=75):
        claim = factory.inpatient(person, centre_of[person.township.code], day,
                                  diagnosis("N40"))
        flag(county, claim, "impossible_diagnosis", "blatant",
             "prostatic hyperplasia (N40) for a woman")
    for person in pick.people(1, sex="M", min_age=25, max_age=45):
        claim = factory.claim(person, centre_of[person.township.code], "maternity_prenatal", day,
                              day, "Z34.9", [factory.line("exam", day, 1, 1)])
        flag(county, claim, "impossible_diagnosis", "blatant", "prenatal care for a man")


def overlapping_care(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    """Two admissions at once, or outpatient visits on one day at distant townships."""
    for person in pick.people(3, min_age=30, max_age=75):
        day = factory.day_between(dt.date(county.year, 3, 1), dt.date(county.year, 10, 31))
        first = factory.inpatient(person, factory.centres[person.township.code], day,
                                  diagnosis("J18.9"), days=7)
        second = factory.inpatient(person, factory.by_code["H2801"],
                                   day + dt.timedelta(days=3), diagnosis("J18.9"), days=6)
        for claim in (first, second):
            flag(county, claim, "overlapping_stays", "moderate",
                 "two admissions at distant hospitals overlap")
    near, far = [t.code for t in county.townships if t.remote]
    seat = county.townships[0].code
    for person in pick.people(4, township=near, min_age=18) + pick.people(2, township=far,
                                                                          min_age=18):
        day = factory.day_between(dt.date(county.year, 2, 1), dt.date(county.year, 11, 30))
        home = factory.clinics.get(person.township.code) or [factory.centres[person.township.code]]
        for hospital in (home[0], factory.centres[seat]):
            flag(county, factory.outpatient(person, hospital, day), "same_day_distant", "subtle",
                 "outpatient visits on one day at the home township and the county seat")


def dormant_cards(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    """A card never used all year suddenly pays for a long tertiary admission."""
    for person in pick.people(3, dormant=True, min_age=30, max_age=55):
        day = factory.day_between(dt.date(county.year, 4, 1), dt.date(county.year, 11, 30))
        claim = factory.inpatient(person, factory.by_code["H3101"], day, diagnosis("I63.9"),
                                  days=factory.rng.randint(15, 22))
        flag(county, claim, "dormant_card_sudden_use", "subtle",
             "a card unused all year pays for a long tertiary stay")


def many_cards_one_clinic(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker):
    """Certificates of people from other townships all used at one clinic on two days."""
    far = [t.code for t in county.townships if t.remote][-1]
    clinic = factory.clinics.get(far, [factory.centres[far]])[0]
    days = (dt.date(county.year, 6, 17), dt.date(county.year, 6, 18))
    visitors = pick.people(6, township="T02", min_age=16) + pick.people(6, township="T03",
                                                                        min_age=16)
    for n, person in enumerate(visitors):
        flag(county, factory.outpatient(person, clinic, days[n % 2]), "many_cards_one_hospital",
             "moderate", f"one of {len(visitors)} outside certificates used at {clinic.name}")
    county.truth.append(Truth(clinic, SCHEME, "many_cards_one_hospital", "moderate",
                              f"{len(visitors)} certificates from other townships on two days"))


def inject(county: DemoCounty, factory: ClaimFactory, pick: SubjectPicker) -> None:
    invalid_certificates(county, factory, pick)
    after_death(county, factory, pick)
    impossible_diagnoses(county, factory, pick)
    overlapping_care(county, factory, pick)
    dormant_cards(county, factory, pick)
    many_cards_one_clinic(county, factory, pick)
