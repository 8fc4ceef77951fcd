"""A year of honest claims with their bill lines and referrals.

`ClaimFactory` builds one claim of each type; fraud injection uses the same factory, so
an injected claim looks like an honest one except for what the scheme changes.
Rates are the demo's choice for a rural county: about one outpatient visit per person,
an admission for one person in twelve (more for the old), chronic-card holders a few
times a year, a handful of pregnancies.
"""
from __future__ import annotations

import datetime as dt
import random

from registry.demo.medicine import (
    BED_PRICE_FEN, CHRONIC_DIAGNOSES, DELIVERY, EXCLUDED_CAUSE_DIAGNOSES, INPATIENT_DIAGNOSES,
    ICU_ITEM, ITEMS, LEVEL_PRICE_PERCENT, OUTPATIENT_DIAGNOSES, PRENATAL,
    SPECIAL_OUTPATIENT_ITEMS, Diagnosis,
)
from registry.demo.records import BillLine, Claim, DemoCounty, Hospital, Person, Referral

LAST_ADMISSION = (12, 15)  # month, day: later claims would reach the office next year
REFERRAL_DAYS = 30  # DOMAIN.md: an approved referral is valid 30 days by default


def fits(diagnosis: Diagnosis, person: Person, day: dt.date) -> bool:
    age = person.age_on(day)
    return ((diagnosis.sex is None or diagnosis.sex == person.sex)
            and diagnosis.min_age <= age <= diagnosis.max_age)


class ClaimFactory:
    def __init__(self, rng: random.Random, county: DemoCounty):
        self.rng = rng
        self.county = county
        self.year = county.year
        hospitals = county.hospitals
        self.centres = {h.township.code: h for h in hospitals
                        if h.kind == "township_health_centre"}
        self.clinics = {}
        for h in hospitals:
            if h.kind == "village_clinic":
                self.clinics.setdefault(h.township.code, []).append(h)
        self.by_code = {h.code: h for h in hospitals}

    # -- dates -------------------------------------------------------------------------
    def active_window(self, person: Person) -> tuple[dt.date, dt.date] | None:
        """Days the person can be treated: enrolled, alive, early enough to be filed."""
        start = person.enrolment.enrolled_from
        end = dt.date(self.year, *LAST_ADMISSION)
        if person.died_on:
            end = min(end, person.died_on - dt.timedelta(days=1))
        return (start, end) if start <= end else None

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    # -- bill lines --------------------------------------------------------------------
    def line(self, category: str, day: dt.date, level: int, quantity: int = 0,
             item: tuple | None = None) -> BillLine:
        code, description, low, high, in_catalogue = item or self.rng.choice(ITEMS[category])
        if category == "bed":
            low, high = BED_PRICE_FEN[level]
            percent = 100
        else:
            percent = LEVEL_PRICE_PERCENT[level]
        # Whole yuan, at least one, as hospital price lists mostly are (padding breaks this).
        price = self.rng.randint(low, high) * percent // 100 // 100 * 100 or 100
        return BillLine(category=category, item_code=code, description=description,
                        quantity=quantity or self.rng.randint(1, 6), unit_price_fen=price,
                        in_catalogue=in_catalogue, service_date=day)

    def stay_lines(self, hospital: Hospital, diagnosis: Diagnosis, admitted: dt.date,
                   discharged: dt.date) -> list[BillLine]:
        """An admission's bill: bed and nursing per day, drugs, exams, surgery if any."""
        rng, level = self.rng, hospital.level
        days = max(1, (discharged - admitted).days)
        lines = [self.line("bed", admitted, level, quantity=days),
                 self.line("nursing", admitted, level, quantity=days)]
        for _ in range(rng.randint(2, 5)):
            lines.append(self.line("drug", self.day_between(admitted, discharged), level,
                                   quantity=rng.randint(2, 14)))
        for _ in range(rng.randint(1, 3)):
            lines.append(self.line("exam", self.day_between(admitted, discharged), level, 1))
        if rng.random() < 0.6:
            lines.append(self.line("treatment", admitted, level, quantity=days))
        if diagnosis.surgery:
            day = min(discharged, admitted + dt.timedelta(days=1))
            lines += [self.line("surgery", day, level, 1), self.line("anaesthesia", day, level, 1),
                      self.line("material", day, level, 1)]
        if hospital.tcm or rng.random() < 0.2:
            lines.append(self.line("tcm_drug", self.day_between(admitted, discharged), level,
                                   quantity=rng.randint(3, 10)))
        if hospital.tcm:
            lines.append(self.line("tcm_treatment", admitted, level, quantity=days))
        lines += self.extras(level, admitted, discharged)
        return lines

    def extras(self, level: int, admitted: dt.date, discharged: dt.date) -> list[BillLine]:
        """Now and then an excluded or special item (DOMAIN.md: eligible amount)."""
        rng, extras = self.rng, []
        for category, rate, min_level in (("special_exam", 0.08, 2), ("special_material", 0.02, 3),
                                          ("self_use_device", 0.03, 1),
                                          ("excluded_therapy", 0.03, 1), ("prosthesis", 0.02, 2),
                                          ("cosmetic", 0.005, 2)):
            if level >= min_level and rng.random() < rate:
                extras.append(self.line(category, self.day_between(admitted, discharged),
                                        level, 1))
        return extras

    # -- claims ------------------------------------------------------------------------
    def clerk_for(self, person: Person, hospital: Hospital):
        """A clerk of the person's township; bills from far hospitals often come uploaded."""
        if (hospital.level == 3 or not hospital.in_county) and self.rng.random() < 0.5:
            return None
        return self.rng.choice(self.county.staff_of("clerk", person.township))

    def claim(self, person: Person, hospital: Hospital, claim_type: str, admitted: dt.date,
              discharged: dt.date, diagnosis_code: str, lines: list[BillLine], **fields) -> Claim:
        claim = Claim(person=person, certificate_no=person.enrolment.certificate_no,
                      hospital=hospital, claim_type=claim_type, admitted_on=admitted,
                      discharged_on=discharged, diagnosis_code=diagnosis_code,
                      submitted_on=discharged + dt.timedelta(days=self.rng.randint(1, 15)),
                      entered_by=self.clerk_for(person, hospital), lines=lines)
        for name, value in fields.items():
            setattr(claim, name, value)
        self.county.claims.append(claim)
        return claim

    def outpatient(self, person: Person, hospital: Hospital, day: dt.date,
                   diagnosis: Diagnosis | None = None) -> Claim:
        diagnosis = diagnosis or self.rng.choice(
            [d for d in OUTPATIENT_DIAGNOSES if fits(d, person, day)])
        lines = [self.line("drug", day, hospital.level) for _ in range(self.rng.randint(1, 3))]
        if self.rng.random() < 0.3:
            lines.append(self.line("exam", day, hospital.level, 1))
        if self.rng.random() < 0.2:
            lines.append(self.line("treatment", day, hospital.level))
        if self.rng.random() < 0.15:
            lines.append(self.line("tcm_drug", day, hospital.level))
        return self.claim(person, hospital, "outpatient", day, day, diagnosis.code, lines)

    def inpatient(self, person: Person, hospital: Hospital, admitted: dt.date,
                  diagnosis: Diagnosis, cause: str = "illness", days: int | None = None,
                  intensive: bool = False) -> Claim:
        """An admission. At level 3 or out of county most have an approved referral or an
        emergency report; a few have neither, or cite a rejected referral
        (DOMAIN.md: REFERRAL_MISSING). `intensive` adds days in intensive care."""
        days = days if days is not None else self.rng.randint(*diagnosis.stay)
        discharged = admitted + dt.timedelta(days=days)
        lines = self.stay_lines(hospital, diagnosis, admitted, discharged)
        if intensive:
            icu_days = min(days, self.rng.randint(3, 10))
            lines.append(self.line("treatment", admitted, hospital.level, icu_days, ICU_ITEM))
        claim = self.claim(person, hospital, "inpatient", admitted, discharged, diagnosis.code,
                           lines, cause=cause)
        if hospital.level == 3 or not hospital.in_county:
            roll = self.rng.random()
            if roll < 0.84:
                claim.referral = self.referral(person, hospital, admitted, diagnosis.code)
            elif roll < 0.94:
                claim.emergency_reported_on = admitted + dt.timedelta(
                    days=self.rng.randint(0, 3))
            elif roll < 0.97:
                claim.referral = self.referral(person, hospital, admitted, diagnosis.code,
                                               status="rejected")
        return claim

    def referral(self, person: Person, to_hospital: Hospital, admitted: dt.date,
                 diagnosis_code: str, status: str = "approved") -> Referral:
        """A referral from the county hospital (or the township centre) covering `admitted`."""
        source = self.by_code["H2001"] if self.rng.random() < 0.7 else \
            self.centres[person.township.code]
        valid_from = admitted - dt.timedelta(days=self.rng.randint(0, 12))
        referral = Referral(person=person, from_hospital=source, to_hospital=to_hospital,
                            diagnosis_code=diagnosis_code, status=status, valid_from=valid_from,
                            valid_to=valid_from + dt.timedelta(days=REFERRAL_DAYS - 1))
        self.county.referrals.append(referral)
        return referral

    def chronic(self, person: Person, disease: str, day: dt.date) -> Claim:
        hospital = self.rng.choice([self.centres[person.township.code], self.by_code["H2001"]])
        lines = [self.line("drug", day, hospital.level, quantity=self.rng.randint(2, 8))
                 for _ in range(self.rng.randint(1, 3))]
        return self.claim(person, hospital, "chronic", day, day, CHRONIC_DIAGNOSES[disease],
                          lines, chronic_disease=disease)

    def special_outpatient(self, person: Person, hospital: Hospital, day: dt.date,
                           therapy: str) -> Claim:
        category, item = SPECIAL_OUTPATIENT_ITEMS[therapy]
        lines = [self.line(category, day, hospital.level, 1, item=item),
                 self.line("exam", day, hospital.level, 1)]
        return self.claim(person, hospital, "special_outpatient", day, day, therapy, lines)

    def pregnancy(self, person: Person, start: dt.date, end: dt.date) -> None:
        """A prenatal claim, then a normal delivery or a caesarean (an inpatient claim)."""
        rng = self.rng
        prenatal_day = self.day_between(start, end)
        centre = self.centres[person.township.code]
        self.claim(person, centre, "maternity_prenatal", prenatal_day, prenatal_day, PRENATAL.code,
                   [self.line("exam", prenatal_day, 1, 1) for _ in range(rng.randint(2, 3))])
        birth = prenatal_day + dt.timedelta(days=rng.randint(60, 150))
        if birth > end:
            return
        hospital = self.by_code["H2003"] if rng.random() < 0.7 else centre
        if rng.random() < 0.8:
            days = rng.randint(*DELIVERY.stay)
            out = birth + dt.timedelta(days=days)
            self.claim(person, hospital, "maternity_delivery", birth, out, DELIVERY.code,
                       self.stay_lines(hospital, DELIVERY, birth, out))
        else:
            caesarean = next(d for d in INPATIENT_DIAGNOSES if d.code == "O82")
            self.inpatient(person, hospital, birth, caesarean)


def inpatient_hospital(rng: random.Random, factory: ClaimFactory, person: Person,
                       diagnosis: Diagnosis) -> Hospital:
    """Mostly the township centre or the county hospitals; some go further or private."""
    by_code = factory.by_code
    roll = rng.random()
    if diagnosis.code.startswith("C"):
        return by_code[rng.choice(["H2001", "H3101", "H3102"])]
    if roll < 0.48:
        return factory.centres[person.township.code]
    if roll < 0.80:
        return by_code[rng.choice(["H2001", "H2001", "H2002"])]
    if roll < 0.84:
        return by_code["H2901"]
    if roll < 0.89:
        return by_code["H2801"]
    return by_code[rng.choice(["H3001", "H3002", "H3101"])]


def person_year(rng: random.Random, factory: ClaimFactory, person: Person) -> None:
    """Everything one person claims in the year."""
    window = factory.active_window(person)
    if window is None or person.enrolment.certificate_status != "valid":
        return  # an invalid certificate is only ever used by someone else (fraud_lending)
    start, end = window
    age = person.age_on(dt.date(factory.year, 7, 1))
    township = person.township.code
    visits = rng.choices([0, 1, 2, 3, 4], weights=[45, 30, 15, 7, 3] if 6 <= age < 60
                         else [30, 30, 22, 12, 6])[0]
    for _ in range(visits):
        places = factory.clinics.get(township, []) + [factory.centres[township]]
        hospital = rng.choice(places) if rng.random() < 0.9 else factory.by_code["H2001"]
        factory.outpatient(person, hospital, factory.day_between(start, end))
    admission_rate = 0.05 if age < 50 else 0.10 if age < 70 else 0.18
    if rng.random() < admission_rate:
        day = factory.day_between(start, end)
        if rng.random() < 0.04:
            cause, diagnosis = rng.choice([(c, d) for c, d in EXCLUDED_CAUSE_DIAGNOSES
                                           if fits(d, person, day)] or [("illness", None)])
        else:
            cause, diagnosis = "illness", None
        diagnosis = diagnosis or rng.choice([d for d in INPATIENT_DIAGNOSES
                                             if fits(d, person, day) and d.code != "O82"])
        hospital = inpatient_hospital(rng, factory, person, diagnosis)
        factory.inpatient(person, hospital, day, diagnosis, cause=cause,
                          intensive=hospital.level == 3 and rng.random() < 0.3)
    for disease in person.chronic_diseases:
        for _ in range(rng.randint(1, 4)):
            factory.chronic(person, disease, factory.day_between(start, end))
    if "cancer" in person.chronic_diseases and (person.enrolment.tier == 2 or rng.random() < 0.2):
        hospital = factory.by_code[rng.choice(["H2001", "H3102"])]
        for _ in range(rng.randint(1, 3)):
            factory.special_outpatient(person, hospital, factory.day_between(start, end), "Z51.1")
    if age >= 40 and rng.random() < 0.002:
        for month in range(1, 13):
            day = dt.date(factory.year, month, 10)
            if start <= day <= end:
                factory.special_outpatient(person, factory.by_code["H2001"], day, "Z49.1")
    if person.sex == "F" and 20 <= age <= 40 and rng.random() < 0.05:
        factory.pregnancy(person, start, end)


def unused_referrals(rng: random.Random, factory: ClaimFactory, people: list[Person]) -> None:
    """Referrals that never led to a covered admission: rejected, expired, still requested."""
    destinations = [h for h in factory.county.hospitals if h.level == 3 or not h.in_county]
    new_year = dt.date(factory.year, 1, 1)
    adults = [p for p in people if p.died_on is None and p.age_on(new_year) >= 16]
    for status, count in (("rejected", 12), ("expired", 10), ("requested", 5)):
        for person in rng.sample(adults, count):
            day = factory.day_between(dt.date(factory.year, 1, 10), dt.date(factory.year, 11, 30))
            diagnosis = rng.choice([d for d in INPATIENT_DIAGNOSES if fits(d, person, day)])
            factory.referral(person, rng.choice(destinations), day, diagnosis.code, status)


def make_claims(rng: random.Random, county: DemoCounty) -> ClaimFactory:
    factory = ClaimFactory(rng, county)
    for person in county.people:
        person_year(rng, factory, person)
    unused_referrals(rng, factory, county.people)
    return factory

