"""Staff for every role (CONTRACT.md staff.csv) and the relations they declared.

Township clerks and leaders live in their township, so they and their families are
insured there too: the four-eyes rule (DOMAIN.md: nobody approves a claim of their own
household or of a person they declared a relation to) has real cases to act on.
"""
from __future__ import annotations

import datetime as dt
import random

from registry.demo.names import given_name, surname
from registry.demo.records import Hospital, Person, Relation, Staff, Township

COUNTY_STAFF = (
    ("director", "county_director"), ("deputy_director", "county_director"),
    ("committee_1", "committee"), ("committee_2", "committee"), ("committee_3", "committee"),
    ("supervisor", "supervision_committee"), ("investigator", "investigator"),
    ("investigator_2", "investigator"), ("accountant", "accountant"), ("admin", "admin"),
)
ADMINISTERED_HOSPITALS = ("H10100", "H2001", "H2002", "H3001")


def relation_between(staff_person: Person, other: Person) -> str:
    """How a household member relates to the staff member, from their ages."""
    gap = other.birth_date.year - staff_person.birth_date.year
    if gap <= -18:
        return "parent"
    if gap >= 16:
        return "child"
    if other.sex != staff_person.sex and other.household.members.index(other) < 2:
        return "spouse"
    return "sibling"


def resident_for(rng: random.Random, people: list[Person], township: Township,
                 taken: set[str], year: int) -> Person:
    """A living, validly certified adult of 25-58 in the township, not yet on the staff."""
    candidates = [p for p in people if p.township is township and p.died_on is None
                  and 25 <= p.age_on(dt.date(year, 1, 1)) <= 58
                  and p.enrolment.certificate_status == "valid" and p.person_id not in taken
                  and len(p.household.members) >= 2]
    person = rng.choice(candidates)
    taken.add(person.person_id)
    return person


def make_staff(rng: random.Random, townships: list[Township], hospitals: list[Hospital],
               people: list[Person], year: int) -> tuple[list[Staff], list[Relation]]:
    staff, relations, taken = [], [], set()

    def add(username: str, role: str, township=None, hospital=None, resident=None):
        name = resident.name if resident else surname(rng) + given_name(rng, rng.choice("MF"))
        member = Staff(username=username, name=name, role=role, township=township,
                       hospital=hospital, person=resident,
                       household=resident.household if resident else None)
        staff.append(member)
        if resident:
            relations.extend(declared_relations(rng, member, people))
        return member

    for township in townships:
        suffix = township.code.lower()
        add(f"clerk_{suffix}", "clerk", township,
            resident=resident_for(rng, people, township, taken, year))
        add(f"clerk_{suffix}b", "clerk", township,
            resident=resident_for(rng, people, township, taken, year))
        add(f"leader_{suffix}", "township_leader", township,
            resident=resident_for(rng, people, township, taken, year))
        add(f"supervisor_{suffix}", "supervision_committee", township)
    seat = townships[0]
    for username, role in COUNTY_STAFF:
        resident = (resident_for(rng, people, seat, taken, year)
                    if role in ("county_director", "committee") else None)
        add(username, role, resident=resident)
    by_code = {h.code: h for h in hospitals}
    for code in ADMINISTERED_HOSPITALS:
        add(f"hadmin_{code.lower()}", "hospital_admin", hospital=by_code[code])
    return staff, relations


def declared_relations(rng: random.Random, member: Staff, people: list[Person]) -> list[Relation]:
    """Household members, plus now and then a relative or acquaintance in the same village."""
    own = member.person
    relations = [Relation(member, other, relation_between(own, other))
                 for other in own.household.members if other is not own]
    neighbours = [p for p in people if p.household.village is own.household.village
                  and p.household is not own.household]
    for _ in range(rng.randint(0, 2)):
        if neighbours:
            other = rng.choice(neighbours)
            if all(r.person is not other for r in relations):
                relations.append(Relation(member, other, rng.choice(
                    ["sibling", "other_relative", "acquaintance"])))
    return relations
