"""The demo county: a deterministic synthetic county with injected fraud (DESIGN.md seed_demo).

`generate(people, seed, year)` is a pure function: each stage draws from its own
`random.Random` seeded with the seed and the stage's name, so the same seed gives the
same county (and, through `contract.write`, the same files byte for byte), and changing
one stage does not reshuffle the others.
"""
from __future__ import annotations

import random

from registry.demo import fraud_enrolment, fraud_favour, fraud_inflation, fraud_lending
from registry.demo.claims import make_claims
from registry.demo.hospitals import make_hospitals
from registry.demo.people import make_people
from registry.demo.places import make_townships
from registry.demo.records import DemoCounty
from registry.demo.staff import make_staff
from registry.demo.subjects import SubjectPicker

DEFAULT_PEOPLE = 8000
DEFAULT_SEED = 2025
DEFAULT_YEAR = 2025
MIN_PEOPLE = 200  # below this the townships lack the residents every scheme needs
# Every demo staff user's password (seed_demo sets it, demo_logins prints it); it passes
# the validators in settings (length 10+, not numeric, not common).
DEMO_PASSWORD = "claimdesk-demo"


def stage_rng(seed: int, stage: str) -> random.Random:
    return random.Random(f"{seed}:{stage}")


def generate(people: int = DEFAULT_PEOPLE, seed: int = DEFAULT_SEED,
             year: int = DEFAULT_YEAR) -> DemoCounty:
    if people < MIN_PEOPLE:
        raise ValueError(f"the demo county needs at least {MIN_PEOPLE} people")
    county = DemoCounty(year=year)
    county.townships = make_townships(stage_rng(seed, "places"))
    county.households, county.people, people_factory = make_people(
        stage_rng(seed, "people"), county.townships, people, year)
    county.hospitals = make_hospitals(stage_rng(seed, "hospitals"), county.townships)
    county.staff, county.relations = make_staff(stage_rng(seed, "staff"), county.townships,
                                                county.hospitals, county.people, year)
    factory = make_claims(stage_rng(seed, "claims"), county)
    factory.rng = stage_rng(seed, "fraud")
    pick = SubjectPicker(factory.rng, county)
    fraud_lending.inject(county, factory, pick)
    fraud_inflation.inject(county, factory, pick)
    fraud_favour.inject(county, factory, pick)
    fraud_enrolment.inject(county, people_factory, pick)
    county.assign_ids()
    return county
