"""Injected duplicate enrolment (DOMAIN.md: 重复参保; seed 000 cross-matching findings).

The same resident ID in two schemes in one year (one of them perhaps the urban employee
roster, which only cross-matching reveals), the same person registered under a second ID
(same name, birth date and sex), and a subsidised person whose subsidy is paid twice.
"""
from __future__ import annotations

import dataclasses

from registry.demo.people import NEIGHBOUR_AREA_CODES, PeopleFactory
from registry.demo.records import DemoCounty, Household, Person, Truth
from registry.demo.subjects import SubjectPicker

SCHEME = "duplicate_enrolment"


def second_enrolment(factory: PeopleFactory, person: Person, scheme: str) -> None:
    """The same person enrolled again in another scheme, with its own valid certificate."""
    first = person.enrolment
    person.enrolments.append(dataclasses.replace(
        first, scheme=scheme, certificate_no=factory.certificate_no(), certificate_status="valid"))


def two_schemes(county: DemoCounty, factory: PeopleFactory, pick: SubjectPicker) -> None:
    for scheme, count, strength in (("urban_resident", 3, "moderate"),
                                    ("urban_employee", 4, "subtle")):
        for person in pick.people(count, min_age=18):
            other = "ncms" if scheme == person.enrolment.scheme else scheme
            second_enrolment(factory, person, other)
            county.truth.append(Truth(person, SCHEME, "same_id_two_schemes", strength,
                                      f"enrolled in {person.enrolment.scheme} and {other}"))


def subsidised_twice(county: DemoCounty, factory: PeopleFactory, pick: SubjectPicker) -> None:
    subsidised = [p for p in county.people if p.person_id not in pick.used
                  and p.person_id not in pick.staff_people and len(p.enrolments) == 1
                  and {"dibao", "wubao", "disabled"} & set(p.enrolment.categories)]
    for person in pick.rng.sample(subsidised, min(3, len(subsidised))):
        pick.used.add(person.person_id)
        second_enrolment(factory, person, "urban_rural_resident")
        categories = ";".join(person.enrolment.categories)
        county.truth.append(Truth(person, SCHEME, "subsidised_counted_twice", "moderate",
                                  f"subsidised as {categories} in two schemes"))


def second_identity(county: DemoCounty, factory: PeopleFactory, pick: SubjectPicker) -> None:
    """A copy of the person under another ID, in a one-person household elsewhere."""
    for n, person in enumerate(pick.people(5, min_age=20)):
        area = NEIGHBOUR_AREA_CODES[n % len(NEIGHBOUR_AREA_CODES)] if n % 2 else None
        township = county.townships[(county.townships.index(person.township) + 1)
                                    % len(county.townships)]
        village = township.villages[0]
        household = Household(household_id=f"{village.code}H{len(county.households) + 1:05d}",
                              village=village, tier=person.household.tier)
        twin = Person(person_id=factory.resident_id(person.birth_date, person.sex,
                                                    *([area] if area else [])),
                      name=person.name, sex=person.sex, birth_date=person.birth_date,
                      household=household)
        household.members.append(twin)
        twin.enrolments.append(dataclasses.replace(
            person.enrolment, certificate_no=factory.certificate_no(), certificate_status="valid"))
        county.households.append(household)
        county.people.append(twin)
        county.truth.append(Truth(twin, SCHEME, "same_person_two_ids",
                                  "subtle" if area else "moderate",
                                  f"same name, birth date and sex as {person.person_id}",
                                  related=(person,)))


def inject(county: DemoCounty, factory: PeopleFactory, pick: SubjectPicker) -> None:
    two_schemes(county, factory, pick)
    subsidised_twice(county, factory, pick)
    second_identity(county, factory, pick)
