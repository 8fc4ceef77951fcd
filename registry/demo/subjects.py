"""Choosing whom an injected scheme strikes: people who fit, each struck only once.

Schemes must not overlap by accident (a person used for two schemes would make the
ground truth ambiguous), so every pick is remembered in `used`.
"""
from __future__ import annotations

import datetime as dt
import random

from registry.demo.records import DemoCounty, Person


class SubjectPicker:
    def __init__(self, rng: random.Random, county: DemoCounty):
        self.rng = rng
        self.county = county
        self.used: set[str] = set()
        self.staff_people = {s.person.person_id for s in county.staff if s.person}
        self.claim_counts: dict[str, dict[str, int]] = {}
        for claim in county.claims:
            counts = self.claim_counts.setdefault(claim.person.person_id, {})
            counts[claim.claim_type] = counts.get(claim.claim_type, 0) + 1

    def claims_of(self, person: Person, claim_type: str | None = None) -> int:
        counts = self.claim_counts.get(person.person_id, {})
        return counts.get(claim_type, 0) if claim_type else sum(counts.values())

    def people(self, count: int, *, min_age: int = 0, max_age: int = 120, sex: str | None = None,
               status: str = "valid", alive: bool = True, tier: int | None = None,
               township: str | None = None, plain: bool = False, dormant: bool = False,
               died: bool = False) -> list[Person]:
        """Up to `count` unused people matching the filters, in a seeded random order.

        `plain`: no veteran supplement, no duplicate enrolment, no inpatient claims yet,
        so the fund's payable is exactly the inpatient formula (used for bunching).
        `dormant`: no claims at all this year.
        """
        july = dt.date(self.county.year, 7, 1)
        found = []
        for person in self.county.people:
            enrolment = person.enrolment
            if (person.person_id in self.used or person.person_id in self.staff_people
                    or not min_age <= person.age_on(july) <= max_age
                    or (sex and person.sex != sex)
                    or (status and enrolment.certificate_status != status)
                    or (alive and person.died_on is not None)
                    or (died and (person.died_on is None
                                  or person.died_on > dt.date(self.county.year, 10, 31)))
                    or (tier and enrolment.tier != tier)
                    or (township and person.township.code != township)
                    or (plain and (enrolment.veteran_category or len(person.enrolments) > 1
                                   or self.claims_of(person, "inpatient")
                                   or enrolment.enrolled_from != dt.date(self.county.year, 1, 1)))
                    or (dormant and self.claims_of(person))):
                continue
            found.append(person)
        chosen = self.rng.sample(found, min(count, len(found)))
        self.used.update(p.person_id for p in chosen)
        return chosen
