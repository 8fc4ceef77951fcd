"""Households and their members: IDs, names, tiers, subsidies, certificates, cards, deaths.

Rates are the demo's choice, in the range the seeds describe for a rural county (DOMAIN.md:
schemes, tiers and people): about 4% of households on dibao, a few wubao elders, one
person in fifty disabled, a veteran in a hundred older men, chronic-disease cards for a
tenth of the over-45s, certificates mostly valid.
"""
from __future__ import annotations

import datetime as dt
import random

from registry import resident_id
from registry.demo.names import given_name, surname
from registry.demo.places import COUNTY_AREA_CODE
from registry.demo.records import Enrolment, Household, Person, Township

NEIGHBOUR_AREA_CODES = ("511622", "511681", "510322")  # spouses married in from outside
HOUSEHOLD_SIZES = ((1, 10), (2, 25), (3, 22), (4, 22), (5, 13), (6, 8))
CERTIFICATE_STATUSES = (("valid", 9840), ("lost", 80), ("void", 50), ("confiscated", 30))
VETERAN_CATEGORIES = (
    ("other_veteran", 40), ("war_disabled_7_10", 10), ("duty_disabled_7_10", 15),
    ("martyr_family", 10), ("duty_death_family", 10), ("illness_death_family", 10),
)
# (disease, sex or None, min age, max age, probability)
CHRONIC_RATES = (
    ("hypertension", None, 45, 120, 0.10), ("diabetes", None, 40, 120, 0.05),
    ("bronchitis", None, 50, 120, 0.04), ("stroke_recovery", None, 55, 120, 0.015),
    ("rheumatic_heart", None, 40, 120, 0.007), ("cancer", None, 40, 120, 0.008),
    ("cirrhosis", None, 40, 120, 0.005), ("tuberculosis", None, 20, 120, 0.003),
    ("lupus", "F", 20, 60, 0.003), ("fp_complication", "F", 25, 55, 0.003),
)


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


class PeopleFactory:
    """Makes people with unique valid resident IDs and certificate numbers."""

    def __init__(self, rng: random.Random, year: int):
        self.rng = rng
        self.year = year
        self.sequences: dict[tuple, int] = {}
        self.certificates = 0

    def birth_date(self, age: int) -> dt.date:
        """A birth date for someone `age` years old on 1 July (newborns: born this year)."""
        if age == 0:
            return dt.date(self.year, 1, 1) + dt.timedelta(days=self.rng.randrange(300))
        start = dt.date(self.year - age - 1, 7, 2)
        return start + dt.timedelta(days=self.rng.randrange(365))

    def resident_id(self, birth: dt.date, sex: str, area: str = COUNTY_AREA_CODE) -> str:
        key = (area, birth, sex)
        sequence = self.sequences.get(key, self.rng.randrange(60))
        self.sequences[key] = sequence + 1
        return resident_id.make(area, birth, sequence, sex)

    def certificate_no(self) -> str:
        self.certificates += 1
        return f"HZ{COUNTY_AREA_CODE}{self.certificates:06d}"

    def person(self, household: Household, sex: str, age: int, family_name: str,
               area: str = COUNTY_AREA_CODE) -> Person:
        birth = self.birth_date(age)
        return Person(person_id=self.resident_id(birth, sex, area),
                      name=family_name + given_name(self.rng, sex), sex=sex, birth_date=birth,
                      household=household)

    def enrolment(self, person: Person, scheme: str, categories: tuple[str, ...],
                  veteran: str = "") -> Enrolment:
        start = max(dt.date(self.year, 1, 1), person.birth_date)
        return Enrolment(
            scheme=scheme, tier=person.household.tier, categories=categories,
            veteran_category=veteran, certificate_no=self.certificate_no(),
            certificate_status=weighted(self.rng, CERTIFICATE_STATUSES),
            enrolled_from=start, enrolled_to=dt.date(self.year, 12, 31))


def household_members(factory: PeopleFactory, household: Household, size: int) -> list[Person]:
    """A head, usually a spouse, then children and elders until the household is full."""
    rng = factory.rng
    family = surname(rng)
    if size == 1:
        head_age = rng.choice([rng.randint(22, 45), rng.randint(60, 92), rng.randint(60, 92)])
    else:
        head_age = rng.randint(24, 75)
    head_sex = "M" if rng.random() < 0.85 else "F"
    members = [factory.person(household, head_sex, head_age, family)]
    if size >= 2:
        spouse_age = max(20, head_age + rng.randint(-6, 3))
        area = rng.choice(NEIGHBOUR_AREA_CODES) if rng.random() < 0.2 else COUNTY_AREA_CODE
        members.append(factory.person(household, "F" if head_sex == "M" else "M", spouse_age,
                                      surname(rng), area))
    elders = 0
    while len(members) < size:
        youngest_parent = min(head_age, spouse_age)
        if elders < 2 and head_age < 60 and (rng.random() < 0.35 or youngest_parent < 22):
            elders += 1
            age = min(98, head_age + rng.randint(22, 34))
            members.append(factory.person(household, rng.choice("MF"), age,
                                          family if rng.random() < 0.6 else surname(rng)))
        else:
            age = max(0, youngest_parent - rng.randint(20, 38))
            members.append(factory.person(household, rng.choice("MF"), age, family))
    return members


def categories_of(rng: random.Random, person: Person, household_dibao: bool, scheme: str,
                  year: int) -> tuple[tuple[str, ...], str]:
    """Subsidised categories and veteran category; several categories may coincide."""
    age = person.age_on(dt.date(year, 7, 1))
    categories = []
    if household_dibao:
        categories.append("urban_three" if scheme == "urban_resident" else "dibao")
    if age >= 60 and len(person.household.members) == 1 and rng.random() < 0.3:
        categories.append("wubao")
    if rng.random() < 0.02:
        categories.append("disabled")
    veteran = ""
    if person.sex == "M" and age >= 40 and rng.random() < 0.012:
        veteran = weighted(rng, VETERAN_CATEGORIES)
        if age >= 90:
            veteran = "liberation_war_veteran"
        categories.append("youfu")
    if scheme == "urban_resident" and 6 <= age <= 18:
        categories.append("student")
    return tuple(categories), veteran


def chronic_cards(rng: random.Random, person: Person, year: int) -> tuple[str, ...]:
    age = person.age_on(dt.date(year, 7, 1))
    return tuple(disease for disease, sex, low, high, rate in CHRONIC_RATES
                 if (sex is None or sex == person.sex) and low <= age <= high
                 and rng.random() < rate)


def death_date(rng: random.Random, person: Person, year: int) -> dt.date | None:
    age = person.age_on(dt.date(year, 7, 1))
    rate = 0.001 if age < 50 else 0.006 if age < 70 else 0.025 if age < 80 else 0.08
    if rng.random() >= rate:
        return None
    day = dt.date(year, 1, 15) + dt.timedelta(days=rng.randrange(330))
    return max(day, person.birth_date + dt.timedelta(days=30))


def make_people(rng: random.Random, townships: list[Township], count: int, year: int,
                ) -> tuple[list[Household], list[Person], PeopleFactory]:
    """`count` people in households of 1-6; tier and dibao are chosen per household.

    The factory is returned too: fraud injection makes more IDs and certificates with it,
    so they stay unique.
    """
    factory = PeopleFactory(rng, year)
    township_weights = [3 if t.code == "T01" else 2 for t in townships]
    households, people = [], []
    while len(people) < count:
        township = rng.choices(townships, weights=township_weights)[0]
        village = rng.choice(township.villages)
        household = Household(household_id=f"{village.code}H{len(households) + 1:05d}",
                              village=village, tier=2 if rng.random() < 0.3 else 1)
        size = min(weighted(rng, HOUSEHOLD_SIZES), count - len(people))
        household.members = household_members(factory, household, size)
        urban = township.code == "T01" and rng.random() < 0.35
        scheme = "urban_resident" if urban else "ncms"
        dibao = rng.random() < 0.04
        for person in household.members:
            categories, veteran = categories_of(rng, person, dibao, scheme, year)
            person.enrolments.append(factory.enrolment(person, scheme, categories, veteran))
            person.chronic_diseases = chronic_cards(rng, person, year)
            person.died_on = death_date(rng, person, year)
        households.append(household)
        people.extend(household.members)
    return households, people, factory
